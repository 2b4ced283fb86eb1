-- pair: HASH partitions 2 -> 4 (ADD PARTITION PARTITIONS 2; back, COALESCE PARTITION 2); rows kept
-- rows: SELECT * FROM hc ORDER BY id

CREATE TABLE hc (id int NOT NULL PRIMARY KEY, v int) PARTITION BY HASH (id) PARTITIONS 2;
INSERT INTO hc VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5);
