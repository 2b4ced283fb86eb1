CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT NOT NULL, nickname TEXT, active INTEGER NOT NULL DEFAULT 1);
INSERT INTO person (id, name) VALUES (1, 'Ann'), (2, 'Bo'), (5, 'Cy');
