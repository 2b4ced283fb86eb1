CREATE TABLE item (id int PRIMARY KEY, price int, name varchar(20));
CREATE VIEW cheap AS SELECT id, name, price FROM item WHERE price < 20;
CREATE VIEW named AS SELECT id, upper(name) AS shout FROM item WHERE name IS NOT NULL;
