-- pair: columns added first, in the middle and last; nullable, NOT NULL with a default
-- rows: SELECT id, name FROM person ORDER BY id

CREATE TABLE person (id int PRIMARY KEY, name varchar(50) NOT NULL);
INSERT INTO person VALUES (1, 'Ann'), (2, 'Bo');
