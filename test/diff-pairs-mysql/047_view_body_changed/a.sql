-- pair: a view's query changed (columns added), another dropped, one added

CREATE TABLE item (id int PRIMARY KEY, price int, name varchar(20));
CREATE VIEW cheap AS SELECT id FROM item WHERE price < 10;
CREATE VIEW gone AS SELECT name FROM item;
