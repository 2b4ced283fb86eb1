-- pair: a column and an index added to a partitioned table (partitions unchanged)
-- rows: SELECT id, y FROM pt

CREATE TABLE pt (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);
INSERT INTO pt VALUES (1, 1999);
