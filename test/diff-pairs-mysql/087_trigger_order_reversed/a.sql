-- pair: two BEFORE UPDATE triggers swap their order (FOLLOWS), a third changes its event

CREATE TABLE t (id int PRIMARY KEY, note varchar(20));
CREATE TRIGGER t_a BEFORE UPDATE ON t FOR EACH ROW SET NEW.note = concat(NEW.note, 'a');
CREATE TRIGGER t_b BEFORE UPDATE ON t FOR EACH ROW FOLLOWS t_a SET NEW.note = concat(NEW.note, 'b');
CREATE TRIGGER t_c AFTER INSERT ON t FOR EACH ROW SET @c = NEW.id;
