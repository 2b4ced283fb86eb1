-- pair: decimal(8,2) -> decimal(12,4), float -> double, int -> decimal(10,0): rows fit
-- rows: SELECT id, CAST(amount AS decimal(12,4)), CAST(ratio AS double), CAST(whole AS signed) FROM price

CREATE TABLE price (id int PRIMARY KEY, amount decimal(8,2) NOT NULL, ratio float, whole int);
INSERT INTO price VALUES (1, 12.50, 0.5, 7);
