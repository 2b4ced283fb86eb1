-- pair: a column added with a CHECK on it and a unique key over it and an existing column; rows fit
-- rows: SELECT id, a FROM k ORDER BY id

CREATE TABLE k (id int PRIMARY KEY, a int);
INSERT INTO k VALUES (1, 1), (2, 2);
