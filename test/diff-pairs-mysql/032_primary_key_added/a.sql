-- pair: a primary key added to a table without one (rows unique)
-- rows: SELECT * FROM nopk ORDER BY a

CREATE TABLE nopk (a int NOT NULL, b varchar(5));
INSERT INTO nopk VALUES (1, 'x'), (2, 'y');
