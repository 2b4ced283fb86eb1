CREATE TABLE item (id int PRIMARY KEY, price int, name varchar(20));
CREATE VIEW base AS SELECT id, price, name FROM item;
CREATE VIEW top AS SELECT id, name FROM base WHERE price > 0;
CREATE VIEW zz_both AS SELECT t.id, b.price FROM top t JOIN base b ON b.id = t.id;
