-- pair: a FULLTEXT index added over two columns, another dropped; rows kept
-- rows: SELECT * FROM art

CREATE TABLE art (id int PRIMARY KEY, title varchar(100), body text, FULLTEXT KEY art_title (title)) ENGINE=InnoDB;
INSERT INTO art VALUES (1, 'hello', 'world');
