CREATE TABLE art (id int PRIMARY KEY, title varchar(100), body text, FULLTEXT KEY art_text (title, body)) ENGINE=InnoDB;
INSERT INTO art VALUES (1, 'hello', 'world');
