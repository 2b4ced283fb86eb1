CREATE TABLE cs (id int PRIMARY KEY, a varchar(10) CHARACTER SET latin1, b varchar(10), c text COLLATE utf8mb4_bin) DEFAULT CHARSET=utf8mb4;
INSERT INTO cs VALUES (1, 'abc', 'def', 'ghi');
