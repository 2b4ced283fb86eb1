CREATE TABLE up (a int NOT NULL, b int NOT NULL, v int, PRIMARY KEY (a, b));
INSERT INTO up VALUES (1, 1, 1), (1, 2, 2);
