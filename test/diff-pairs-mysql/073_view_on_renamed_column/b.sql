CREATE TABLE p (id int PRIMARY KEY, name varchar(20));
CREATE VIEW pv AS SELECT id, name AS full_name FROM p;
