CREATE TABLE person (code char(3) NOT NULL DEFAULT 'XXX', id int PRIMARY KEY, nick varchar(20), name varchar(50) NOT NULL, score int NOT NULL DEFAULT 0);
INSERT INTO person (id, name) VALUES (1, 'Ann'), (2, 'Bo');
