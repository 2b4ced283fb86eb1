CREATE TABLE product (id INTEGER PRIMARY KEY, code TEXT UNIQUE CHECK (length(code) < 10), price REAL, CONSTRAINT price_ok CHECK (price >= 0 AND price < 1000));
INSERT INTO product VALUES (1, 'x', 1.5), (2, 'y', 0);
