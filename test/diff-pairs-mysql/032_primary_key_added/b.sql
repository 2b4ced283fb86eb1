CREATE TABLE nopk (a int NOT NULL, b varchar(5), PRIMARY KEY (a));
INSERT INTO nopk VALUES (1, 'x'), (2, 'y');
