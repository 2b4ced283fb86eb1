CREATE TABLE pk (id int NOT NULL, code varchar(5) NOT NULL, UNIQUE KEY pk_code (code));
INSERT INTO pk VALUES (1, 'a'), (2, 'b');
