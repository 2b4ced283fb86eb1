-- pair: a subpartitioned table's partitions change one by one, each with its subpartitions: one added, one (empty) dropped, one split, a subpartition's option changed; no repartitioning, rows kept
-- rows: SELECT * FROM events ORDER BY id

CREATE TABLE events (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) SUBPARTITION BY HASH (id) (
    PARTITION p2019 VALUES LESS THAN (2020) (SUBPARTITION s2019a, SUBPARTITION s2019b),
    PARTITION p2020 VALUES LESS THAN (2021) (SUBPARTITION s2020a MAX_ROWS = 100, SUBPARTITION s2020b),
    PARTITION p2022 VALUES LESS THAN (2023) (SUBPARTITION s2022a, SUBPARTITION s2022b));
INSERT INTO events VALUES (1, 2020), (2, 2021), (3, 2022);
