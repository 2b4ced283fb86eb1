CREATE TABLE inv (id int PRIMARY KEY, secret varchar(10), shown int INVISIBLE, extra int DEFAULT 0 INVISIBLE);
INSERT INTO inv (id, secret, shown) VALUES (1, 's', 2);
