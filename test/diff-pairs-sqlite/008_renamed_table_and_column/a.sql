-- pair: a table referenced by a foreign key is renamed, and a column of another table, in place
-- rename: main.customer=client
-- rename: main.invoice.note=memo
-- rows: SELECT id, customer_id FROM invoice ORDER BY id
CREATE TABLE customer (id INTEGER PRIMARY KEY, full_name TEXT);
CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer (id), note TEXT);
INSERT INTO customer VALUES (1, 'Ann');
INSERT INTO invoice VALUES (1, 1, 'x'), (2, 1, NULL);
