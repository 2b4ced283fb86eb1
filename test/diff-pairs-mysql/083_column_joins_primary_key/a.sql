-- pair: a nullable column made NOT NULL and part of the primary key; rows kept
-- rows: SELECT * FROM m ORDER BY id

CREATE TABLE m (id int NOT NULL, b int, PRIMARY KEY (id));
INSERT INTO m VALUES (1, 1), (2, 1);
