-- pair: a table with SUBPARTITIONS n (named by the server) whose partitions' options change: the server keeps them on the partition; rows kept
-- rows: SELECT * FROM orders ORDER BY id

CREATE TABLE orders (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
  PARTITION BY RANGE (y) SUBPARTITION BY HASH (id) SUBPARTITIONS 2 (
    PARTITION p2020 VALUES LESS THAN (2021) MAX_ROWS = 100,
    PARTITION pmax VALUES LESS THAN MAXVALUE);
INSERT INTO orders VALUES (1, 2020), (2, 2021), (3, 2030);
