-- pair: generated columns: a VIRTUAL one added, a STORED one's expression changed, VIRTUAL -> STORED, one becomes plain
-- rows: SELECT id, price, qty, plain FROM g

CREATE TABLE g (id int PRIMARY KEY, price int NOT NULL, qty int NOT NULL,
  total int AS (price * qty) STORED, half int AS (price / 2) VIRTUAL, label varchar(20) AS (concat('#', id)) VIRTUAL, plain int);
INSERT INTO g (id, price, qty, plain) VALUES (1, 10, 3, 4);
