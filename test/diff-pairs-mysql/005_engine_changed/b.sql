CREATE TABLE eng (id int NOT NULL, note varchar(20), KEY eng_id (id)) ENGINE=InnoDB;
INSERT INTO eng VALUES (1, 'kept'), (2, NULL);
