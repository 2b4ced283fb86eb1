-- pair: RANGE partitions: one added at the end, the oldest (empty) dropped; rows in the others kept
-- rows: SELECT * FROM logs ORDER BY id

CREATE TABLE logs (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (PARTITION p2019 VALUES LESS THAN (2020), PARTITION p2020 VALUES LESS THAN (2021), PARTITION p2021 VALUES LESS THAN (2022));
INSERT INTO logs VALUES (1, 2020), (2, 2021);
