-- pair: a table with a FULLTEXT index: a column added in the middle, one dropped, a second FULLTEXT index added
-- rows: SELECT id, title, body FROM ft2

CREATE TABLE ft2 (id int PRIMARY KEY, title varchar(100), body text, gone int, FULLTEXT KEY ft2_title (title));
INSERT INTO ft2 VALUES (1, 'hello', 'world', 5);
