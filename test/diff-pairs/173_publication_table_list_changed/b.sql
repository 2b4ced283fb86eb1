CREATE SCHEMA sales;
CREATE TABLE sales.customer (id integer PRIMARY KEY, name text, email text);
CREATE TABLE sales.invoice (id integer PRIMARY KEY, customer_id integer, total numeric);
CREATE TABLE sales.note (id integer PRIMARY KEY, body text);
CREATE TABLE sales.audit (id integer PRIMARY KEY, what text);

CREATE PUBLICATION sales_pub FOR TABLE sales.customer (id, name, email), TABLE sales.invoice WHERE (total > 0),
    TABLE sales.audit
    WITH (publish = 'insert', publish_via_partition_root = true);
COMMENT ON PUBLICATION sales_pub IS 'billing replica';
CREATE PUBLICATION audit_pub FOR TABLES IN SCHEMA public;
