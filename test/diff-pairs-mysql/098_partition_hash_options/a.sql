-- pair: HASH partitions' options: one changed, one added; those partitions reorganized into themselves, not the table partitioned again; rows kept
-- rows: SELECT * FROM sessions ORDER BY id

CREATE TABLE sessions (id int NOT NULL PRIMARY KEY, token varchar(40) NOT NULL)
  PARTITION BY HASH (id) (PARTITION p0, PARTITION p1 MAX_ROWS = 10, PARTITION p2);
INSERT INTO sessions VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
