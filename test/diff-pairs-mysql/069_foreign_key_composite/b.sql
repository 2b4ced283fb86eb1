CREATE TABLE ord (region int NOT NULL, num int NOT NULL, PRIMARY KEY (region, num));
CREATE TABLE line (id int PRIMARY KEY, region int, num int, KEY line_ord (region, num),
  CONSTRAINT line_ord FOREIGN KEY (region, num) REFERENCES ord (region, num) ON UPDATE CASCADE);
INSERT INTO ord VALUES (1, 10); INSERT INTO line VALUES (1, 1, 10);
