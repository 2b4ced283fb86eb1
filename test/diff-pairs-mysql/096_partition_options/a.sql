-- pair: per-partition options: MAX_ROWS added to one partition, changed on another, MIN_ROWS removed from a third; each reorganized into itself, rows kept
-- rows: SELECT * FROM readings ORDER BY id

CREATE TABLE readings (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (
    PARTITION p2020 VALUES LESS THAN (2021) COMMENT = 'old' MAX_ROWS = 1000,
    PARTITION p2021 VALUES LESS THAN (2022),
    PARTITION p2022 VALUES LESS THAN (2023) MIN_ROWS = 10,
    PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO readings VALUES (1, 2020), (2, 2021), (3, 2022), (4, 2030);
