CREATE TABLE new_name (id int PRIMARY KEY, v int);
CREATE VIEW ov AS SELECT id, v FROM new_name;
INSERT INTO new_name VALUES (1, 2);
