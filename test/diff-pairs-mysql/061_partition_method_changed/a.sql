-- pair: HASH partitions -> KEY partitions with another count: the table is repartitioned, rows kept
-- rows: SELECT * FROM hp ORDER BY id

CREATE TABLE hp (id int NOT NULL PRIMARY KEY, v int) PARTITION BY HASH (id) PARTITIONS 2;
INSERT INTO hp VALUES (1, 1), (2, 2), (3, 3);
