CREATE TABLE cc (id int PRIMARY KEY, qty int CHECK (qty >= 0), price int CHECK (price < 1000), note varchar(10));
INSERT INTO cc VALUES (1, 5, 10, 'x');
