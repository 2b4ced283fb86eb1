-- pair: a trigger added, one changed, one dropped; two BEFORE INSERT triggers ordered with FOLLOWS

CREATE TABLE item (id int PRIMARY KEY, note varchar(20), n int);
CREATE TRIGGER item_a BEFORE INSERT ON item FOR EACH ROW SET NEW.note = 'a';
CREATE TRIGGER item_gone AFTER DELETE ON item FOR EACH ROW SET @gone = OLD.id;
