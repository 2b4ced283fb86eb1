-- pair: RANGE COLUMNS on a date: a middle bound moves and a partition is added at the end; rows fit both
-- rows: SELECT * FROM sale ORDER BY id

CREATE TABLE sale (id int NOT NULL, day date NOT NULL, PRIMARY KEY (id, day))
  PARTITION BY RANGE COLUMNS (day) (PARTITION p2019 VALUES LESS THAN ('2020-01-01'), PARTITION p2020 VALUES LESS THAN ('2021-01-01'), PARTITION p2021 VALUES LESS THAN ('2022-01-01'));
INSERT INTO sale VALUES (1, '2019-05-01'), (2, '2020-02-01'), (3, '2021-03-01');
