CREATE TABLE conv (id int PRIMARY KEY, n int, s varchar(10), d datetime);
INSERT INTO conv VALUES (1, 42, '7', '2024-01-02 00:00:00');
