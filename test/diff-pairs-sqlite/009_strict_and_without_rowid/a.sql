-- pair: a table becomes STRICT, another WITHOUT ROWID (rebuilds), with a generated column
-- rows: SELECT id, c FROM reading ORDER BY id
-- rows: SELECT k, v FROM kv ORDER BY k
CREATE TABLE reading (id INTEGER PRIMARY KEY, c REAL);
CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT);
INSERT INTO reading VALUES (1, 20.5), (2, -3.0);
INSERT INTO kv VALUES ('a', '1'), ('b', '2');
