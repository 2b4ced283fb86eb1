-- pair: a table with a FULLTEXT index gains a plain index and a new column default (online clauses on a FULLTEXT table)
-- rows: SELECT * FROM ft

CREATE TABLE ft (id int PRIMARY KEY, title varchar(100), n int, FULLTEXT KEY ft_title (title));
INSERT INTO ft VALUES (1, 'hello', 1);
