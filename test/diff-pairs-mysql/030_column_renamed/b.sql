CREATE TABLE person (id int PRIMARY KEY, name varchar(50) NOT NULL, years int, KEY person_age (years));
INSERT INTO person VALUES (1, 'Ann', 30), (2, 'Bo', NULL);
