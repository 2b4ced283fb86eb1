-- pair: a column is dropped (its index goes with it); the others keep their rows
-- rows: SELECT id, name FROM item

CREATE TABLE item (id int PRIMARY KEY, name varchar(20) NOT NULL, legacy int, KEY item_legacy (legacy), KEY item_name_legacy (name, legacy));
INSERT INTO item VALUES (1, 'a', 9);
