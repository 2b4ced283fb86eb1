-- pair: per-partition options: MAX_ROWS added to one partition, changed on another, MIN_ROWS removed from a third (RANGE and LIST COLUMNS); each reorganized into itself, rows kept
-- rows: SELECT * FROM readings ORDER BY id
-- rows: SELECT * FROM regions ORDER BY id

CREATE TABLE readings (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (
    PARTITION p2020 VALUES LESS THAN (2021) COMMENT = 'old' MAX_ROWS = 1000,
    PARTITION p2021 VALUES LESS THAN (2022),
    PARTITION p2022 VALUES LESS THAN (2023) MIN_ROWS = 10,
    PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO readings VALUES (1, 2020), (2, 2021), (3, 2022), (4, 2030);

CREATE TABLE regions (id int NOT NULL, region varchar(10) NOT NULL, PRIMARY KEY (id, region))
  PARTITION BY LIST COLUMNS (region) (
    PARTITION north VALUES IN ('n', 'ne') MIN_ROWS = 4,
    PARTITION south VALUES IN ('s'));
INSERT INTO regions VALUES (1, 'n'), (2, 's');
