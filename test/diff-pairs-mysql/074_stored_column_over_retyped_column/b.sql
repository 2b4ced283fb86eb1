CREATE TABLE s (id int PRIMARY KEY, price bigint NOT NULL, doubled bigint AS (price * 2) STORED, KEY s_doubled (doubled));
INSERT INTO s (id, price) VALUES (1, 21);
