CREATE TABLE r (id int PRIMARY KEY, amount int, total int AS (amount * 2) VIRTUAL, CONSTRAINT r_qty CHECK (amount >= 0));
INSERT INTO r (id, amount) VALUES (1, 3);
