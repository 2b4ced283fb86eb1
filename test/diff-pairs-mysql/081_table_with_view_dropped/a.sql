-- pair: a table dropped with the view over it and the trigger on it

CREATE TABLE t (id int PRIMARY KEY, v int);
CREATE VIEW tv AS SELECT id FROM t;
CREATE TRIGGER t_v BEFORE INSERT ON t FOR EACH ROW SET NEW.v = 1;
CREATE TABLE keep (id int PRIMARY KEY);
