-- pair: a view selecting a column whose type changes and one over a dropped column

CREATE TABLE m (id int PRIMARY KEY, v int, old int);
CREATE VIEW mv AS SELECT id, v FROM m;
CREATE VIEW mo AS SELECT id, old FROM m;
