CREATE TABLE cv (id int PRIMARY KEY, a varchar(10), b varchar(10), c varchar(10) CHARACTER SET latin1) DEFAULT CHARSET=utf8mb4;
INSERT INTO cv VALUES (1, 'a', 'b', 'c');
