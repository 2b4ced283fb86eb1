CREATE TABLE nn (id int PRIMARY KEY, a int NOT NULL, b int, c varchar(5) DEFAULT 'x');
INSERT INTO nn VALUES (1, 5, 6, 'y');
