-- MySQL/MariaDB: a view over a join, a trigger, a function and a procedure.
CREATE TABLE item (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(50) NOT NULL,
  qty INT NOT NULL DEFAULT 0,
  updated_count INT NOT NULL DEFAULT 0
) ENGINE = InnoDB;

CREATE TABLE item_log (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id INT NOT NULL,
  note VARCHAR(100)
) ENGINE = InnoDB;

CREATE VIEW item_stock AS SELECT i.id, i.name, i.qty, count(l.id) AS log_entries
  FROM item i LEFT JOIN item_log l ON l.item_id = i.id GROUP BY i.id, i.name, i.qty;

CREATE TRIGGER item_counts BEFORE UPDATE ON item FOR EACH ROW SET NEW.updated_count = OLD.updated_count + 1;

CREATE FUNCTION doubled(n INT) RETURNS INT DETERMINISTIC RETURN n * 2;

CREATE PROCEDURE restock(IN item INT, IN amount INT)
BEGIN
  UPDATE item SET qty = qty + amount WHERE id = item;
  INSERT INTO item_log (item_id, note) VALUES (item, 'restocked');
END;
