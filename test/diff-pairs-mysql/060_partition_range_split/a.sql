-- pair: the MAXVALUE partition split in two (REORGANIZE PARTITION), rows in it kept; back, the new partition (empty in B) is dropped
-- rows: SELECT * FROM ev ORDER BY id

CREATE TABLE ev (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO ev VALUES (1, 1999), (2, 2005), (3, 2030);
