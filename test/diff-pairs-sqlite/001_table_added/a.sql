-- pair: a table with a foreign key to an existing one is added (dropped from B to A)
-- rows: SELECT id, name FROM author ORDER BY id
CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bo');
