-- pair: an AUTO_INCREMENT key column added to a table without one; an existing key column made AUTO_INCREMENT
-- rows: SELECT v FROM ai ORDER BY v
-- rows: SELECT * FROM ai2

CREATE TABLE ai (v varchar(10) NOT NULL);
CREATE TABLE ai2 (id int NOT NULL PRIMARY KEY, v int);
INSERT INTO ai VALUES ('one'), ('two'); INSERT INTO ai2 VALUES (4, 1);
