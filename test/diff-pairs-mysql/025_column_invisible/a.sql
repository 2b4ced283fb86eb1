-- pair: columns made INVISIBLE and visible again; an invisible column added
-- rows: SELECT id, secret, shown FROM inv

CREATE TABLE inv (id int PRIMARY KEY, secret varchar(10) INVISIBLE, shown int);
INSERT INTO inv (id, secret, shown) VALUES (1, 's', 2);
