-- pair: NOT NULL added (rows have values) and removed; a NOT NULL column keeps its default
-- rows: SELECT * FROM nn

CREATE TABLE nn (id int PRIMARY KEY, a int, b int NOT NULL, c varchar(5) NOT NULL DEFAULT 'x');
INSERT INTO nn VALUES (1, 5, 6, 'y');
