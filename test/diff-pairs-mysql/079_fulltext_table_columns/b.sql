CREATE TABLE ft2 (id int PRIMARY KEY, added int, title varchar(100), body text, FULLTEXT KEY ft2_title (title), FULLTEXT KEY ft2_body (body));
INSERT INTO ft2 (id, title, body) VALUES (1, 'hello', 'world');
