-- pair: a view over a view: the base view gains a column the other then selects; a third view over both added

CREATE TABLE item (id int PRIMARY KEY, price int, name varchar(20));
CREATE VIEW base AS SELECT id, price FROM item;
CREATE VIEW top AS SELECT id FROM base WHERE price > 0;
