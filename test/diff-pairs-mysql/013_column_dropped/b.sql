CREATE TABLE item (id int PRIMARY KEY, name varchar(20) NOT NULL, KEY item_name (name));
INSERT INTO item VALUES (1, 'a');
