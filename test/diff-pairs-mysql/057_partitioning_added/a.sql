-- pair: a table partitioned BY RANGE (from none), rows kept
-- rows: SELECT * FROM part ORDER BY id

CREATE TABLE part (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y));
INSERT INTO part VALUES (1, 1999), (2, 2024);
