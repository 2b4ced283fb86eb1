-- pair: a composite foreign key added with ON UPDATE CASCADE; the referenced composite key exists on both sides
-- rows: SELECT * FROM line

CREATE TABLE ord (region int NOT NULL, num int NOT NULL, PRIMARY KEY (region, num));
CREATE TABLE line (id int PRIMARY KEY, region int, num int, KEY line_ord (region, num));
INSERT INTO ord VALUES (1, 10); INSERT INTO line VALUES (1, 1, 10);
