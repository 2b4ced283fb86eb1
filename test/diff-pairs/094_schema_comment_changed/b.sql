CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE SCHEMA legacy;

CREATE TABLE sales.lead (id integer PRIMARY KEY);
CREATE TABLE hr.employee (id integer PRIMARY KEY);
CREATE TABLE legacy.thing (id integer PRIMARY KEY);

COMMENT ON SCHEMA sales IS 'Sales pipeline';
COMMENT ON SCHEMA hr IS 'People & payroll (restricted)';
