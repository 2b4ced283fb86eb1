-- pair: a column gets a charset and collation of its own, another loses its own; rows kept
-- rows: SELECT * FROM cs

CREATE TABLE cs (id int PRIMARY KEY, a varchar(10), b varchar(10) CHARACTER SET latin1 COLLATE latin1_bin, c text) DEFAULT CHARSET=utf8mb4;
INSERT INTO cs VALUES (1, 'abc', 'def', 'ghi');
