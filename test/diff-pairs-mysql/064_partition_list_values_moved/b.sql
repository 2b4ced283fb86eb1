CREATE TABLE shop (id int NOT NULL, country char(2) NOT NULL, PRIMARY KEY (id, country))
  PARTITION BY LIST COLUMNS (country) (PARTITION eu VALUES IN ('de', 'fr'), PARTITION other VALUES IN ('us', 'uk'), PARTITION na VALUES IN ('ca'));
INSERT INTO shop VALUES (1, 'de'), (2, 'uk'), (3, 'us'), (4, 'ca');
