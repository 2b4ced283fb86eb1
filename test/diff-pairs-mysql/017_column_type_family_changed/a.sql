-- pair: varchar holding numbers -> int, int -> varchar, date -> datetime: rows convert both ways
-- rows: SELECT id, CAST(n AS signed), CAST(s AS signed), DATE(d) FROM conv

CREATE TABLE conv (id int PRIMARY KEY, n varchar(10), s int, d date);
INSERT INTO conv VALUES (1, '42', 7, '2024-01-02');
