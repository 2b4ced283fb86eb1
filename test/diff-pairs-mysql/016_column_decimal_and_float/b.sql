CREATE TABLE price (id int PRIMARY KEY, amount decimal(12,4) NOT NULL, ratio double, whole decimal(10,0));
INSERT INTO price VALUES (1, 12.50, 0.5, 7);
