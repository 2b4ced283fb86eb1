-- pair: a column renamed (hint) that a CHECK and a generated column name
-- rename: db.r.qty=amount
-- rows: SELECT id, total FROM r

CREATE TABLE r (id int PRIMARY KEY, qty int, total int AS (qty * 2) VIRTUAL, CONSTRAINT r_qty CHECK (qty >= 0));
INSERT INTO r (id, qty) VALUES (1, 3);
