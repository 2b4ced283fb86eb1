-- pair: nullable and constant-default columns added in place (A→B), dropped in place (B→A)
-- rows: SELECT id, name FROM person ORDER BY id
CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
INSERT INTO person VALUES (1, 'Ann'), (2, 'Bo'), (5, 'Cy');
