CREATE TABLE sessions (id int NOT NULL PRIMARY KEY, token varchar(40) NOT NULL)
  PARTITION BY HASH (id) (PARTITION p0, PARTITION p1 MAX_ROWS = 20, PARTITION p2 MIN_ROWS = 2 COMMENT = 'recent');
INSERT INTO sessions VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
