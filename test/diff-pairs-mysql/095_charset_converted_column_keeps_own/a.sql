-- pair: table latin1 -> utf8mb4 where a column already had utf8mb4 of its own (it then inherits it) and another keeps latin1
-- rows: SELECT * FROM cv

CREATE TABLE cv (id int PRIMARY KEY, a varchar(10) CHARACTER SET utf8mb4, b varchar(10), c varchar(10)) DEFAULT CHARSET=latin1;
INSERT INTO cv VALUES (1, 'a', 'b', 'c');
