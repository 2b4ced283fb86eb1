-- pair: a primary key dropped (the table keeps a unique key), its AUTO_INCREMENT column made plain
-- rows: SELECT * FROM pk ORDER BY id

CREATE TABLE pk (id int NOT NULL AUTO_INCREMENT, code varchar(5) NOT NULL, PRIMARY KEY (id), UNIQUE KEY pk_code (code));
INSERT INTO pk VALUES (1, 'a'), (2, 'b');
