-- pair: a publication's tables change (one added, one removed, a column list and a row filter changed) and its publish options

CREATE SCHEMA sales;
CREATE TABLE sales.customer (id integer PRIMARY KEY, name text, email text);
CREATE TABLE sales.invoice (id integer PRIMARY KEY, customer_id integer, total numeric);
CREATE TABLE sales.note (id integer PRIMARY KEY, body text);
CREATE TABLE sales.audit (id integer PRIMARY KEY, what text);

CREATE PUBLICATION sales_pub FOR TABLE sales.customer (id, name), TABLE sales.invoice, TABLE sales.note
    WITH (publish = 'insert, update, delete');
CREATE PUBLICATION audit_pub FOR TABLES IN SCHEMA sales;
