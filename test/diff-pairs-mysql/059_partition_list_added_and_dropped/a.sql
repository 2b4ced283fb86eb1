-- pair: LIST partitions: one added, one (empty) dropped, a partition comment changed
-- rows: SELECT * FROM region ORDER BY id

CREATE TABLE region (id int NOT NULL, r int NOT NULL, PRIMARY KEY (id, r))
  PARTITION BY LIST (r) (PARTITION pn VALUES IN (1, 2) COMMENT 'north', PARTITION ps VALUES IN (3, 4), PARTITION pw VALUES IN (5));
INSERT INTO region VALUES (1, 1), (2, 3);
