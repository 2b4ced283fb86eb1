CREATE TABLE opt (id int PRIMARY KEY, s varchar(10), t text, own varchar(10) CHARACTER SET ascii) DEFAULT CHARSET=utf8mb4;
INSERT INTO opt VALUES (1, 'abc', 'long text', 'x');
