CREATE TABLE doc (id int PRIMARY KEY, title varchar(100) NOT NULL, code varchar(5), body mediumtext, summary varchar(50));
INSERT INTO doc VALUES (1, 'short', 'ab', 'body', 'sum');
