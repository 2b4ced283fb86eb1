-- pair: default charset latin1 -> utf8mb4: the columns are converted, a column with a charset of its own keeps it; rows kept
-- rows: SELECT * FROM opt

CREATE TABLE opt (id int PRIMARY KEY, s varchar(10), t text, own varchar(10) CHARACTER SET ascii) DEFAULT CHARSET=latin1;
INSERT INTO opt VALUES (1, 'abc', 'long text', 'x');
