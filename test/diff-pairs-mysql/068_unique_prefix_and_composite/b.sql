CREATE TABLE u (id int PRIMARY KEY, a varchar(50), b int, UNIQUE KEY u_ab (a(10), b));
INSERT INTO u VALUES (1, 'abcdefghijkl', 1), (2, 'abcdefghijzz', 2);
