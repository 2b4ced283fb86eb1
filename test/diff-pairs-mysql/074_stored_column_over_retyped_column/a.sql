-- pair: a STORED generated column over a column whose type widens; rows kept
-- rows: SELECT * FROM s

CREATE TABLE s (id int PRIMARY KEY, price int NOT NULL, doubled bigint AS (price * 2) STORED, KEY s_doubled (doubled));
INSERT INTO s (id, price) VALUES (1, 21);
