-- pair: a column dropped together with the CHECK constraint that names it, and one whose check changes with its type
-- rows: SELECT id, qty FROM ck

CREATE TABLE ck (id int PRIMARY KEY, qty int, gone int, CONSTRAINT ck_gone CHECK (gone > 0), CONSTRAINT ck_qty CHECK (qty >= 0));
INSERT INTO ck VALUES (1, 5, 1);
