-- pair: a check and a unique constraint added (a rebuild), with a named check changed
-- rows: SELECT id, code, price FROM product ORDER BY id
CREATE TABLE product (id INTEGER PRIMARY KEY, code TEXT, price REAL, CONSTRAINT price_ok CHECK (price >= 0));
INSERT INTO product VALUES (1, 'x', 1.5), (2, 'y', 0);
