-- pair: varchar(20) -> varchar(100), char(5) -> varchar(5), text -> mediumtext, varchar(200) -> varchar(50): rows fit
-- rows: SELECT * FROM doc

CREATE TABLE doc (id int PRIMARY KEY, title varchar(20) NOT NULL, code char(5), body text, summary varchar(200));
INSERT INTO doc VALUES (1, 'short', 'ab', 'body', 'sum');
