-- pair: LIST COLUMNS partitions: a value moves from one partition to another, a partition is split in two; rows kept
-- rows: SELECT * FROM shop ORDER BY id

CREATE TABLE shop (id int NOT NULL, country char(2) NOT NULL, PRIMARY KEY (id, country))
  PARTITION BY LIST COLUMNS (country) (PARTITION eu VALUES IN ('de', 'fr', 'uk'), PARTITION other VALUES IN ('us', 'ca'));
INSERT INTO shop VALUES (1, 'de'), (2, 'uk'), (3, 'us'), (4, 'ca');
