CREATE TABLE g (id int PRIMARY KEY, price int NOT NULL, qty int NOT NULL,
  total int AS (price * qty + 1) STORED, half int AS (price / 2) STORED, label varchar(20), plain int, doubled int AS (price * 2) VIRTUAL);
INSERT INTO g (id, price, qty, label, plain) VALUES (1, 10, 3, '#1', 4);
