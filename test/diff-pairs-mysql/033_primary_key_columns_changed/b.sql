CREATE TABLE k (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));
CREATE TABLE k2 (code varchar(20) NOT NULL, b int NOT NULL, PRIMARY KEY (code(4), b DESC));
INSERT INTO k VALUES (1, 2), (3, 4); INSERT INTO k2 VALUES ('abcdef', 1);
