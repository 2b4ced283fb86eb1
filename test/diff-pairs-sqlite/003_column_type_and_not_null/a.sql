-- pair: a column's type, NOT NULL and default change: the table is rebuilt, its rows kept
-- rows: SELECT id, CAST(qty AS INTEGER) FROM stock ORDER BY id
-- rows: SELECT rowid, sku FROM stock ORDER BY rowid
CREATE TABLE stock (id INTEGER PRIMARY KEY, sku TEXT, qty TEXT DEFAULT '0');
INSERT INTO stock VALUES (1, 'a-1', '10'), (2, 'b-2', '0'), (9, 'c-9', '7');
