-- pair: a table renamed (with a rename hint), a view on it re-created
-- rename: db.old_name=new_name
-- rows: SELECT * FROM ov

CREATE TABLE old_name (id int PRIMARY KEY, v int);
CREATE VIEW ov AS SELECT id, v FROM old_name;
INSERT INTO old_name VALUES (1, 2);
