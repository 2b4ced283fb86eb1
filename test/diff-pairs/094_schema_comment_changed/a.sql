-- pair: schema comments: schema sales gets a comment, schema hr's comment text changes, schema legacy loses its comment (all three schemas exist in both, with a table each)

CREATE SCHEMA sales;
CREATE SCHEMA hr;
CREATE SCHEMA legacy;

CREATE TABLE sales.lead (id integer PRIMARY KEY);
CREATE TABLE hr.employee (id integer PRIMARY KEY);
CREATE TABLE legacy.thing (id integer PRIMARY KEY);

COMMENT ON SCHEMA hr IS 'Human resources';
COMMENT ON SCHEMA legacy IS 'Old stuff, do not use';
