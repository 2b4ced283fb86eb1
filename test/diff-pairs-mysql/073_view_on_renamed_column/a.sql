-- pair: a view over a column renamed with a hint: the view is re-created on the new name
-- rename: db.p.full_name=name

CREATE TABLE p (id int PRIMARY KEY, full_name varchar(20));
CREATE VIEW pv AS SELECT id, full_name FROM p;
