CREATE TABLE ft (id int PRIMARY KEY, title varchar(100), n int DEFAULT 3, FULLTEXT KEY ft_title (title), KEY ft_n (n));
INSERT INTO ft VALUES (1, 'hello', 1);
