-- SQLite: views over tables and other views, and triggers of every timing and event.
CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL DEFAULT 0, updated TEXT);
CREATE TABLE item_log (id INTEGER PRIMARY KEY, item_id INTEGER, action TEXT, at TEXT DEFAULT CURRENT_TIMESTAMP);
CREATE VIEW in_stock AS SELECT id, name, qty FROM item WHERE qty > 0;
CREATE VIEW in_stock_names (item_name) AS SELECT name FROM in_stock ORDER BY name;
CREATE VIEW log_counts AS
  SELECT i.name, count(l.id) AS entries
  FROM item i LEFT JOIN item_log l ON l.item_id = i.id
  GROUP BY i.name;
CREATE TRIGGER item_inserted AFTER INSERT ON item
BEGIN
  INSERT INTO item_log (item_id, action) VALUES (NEW.id, 'insert');
END;
CREATE TRIGGER item_qty_changed AFTER UPDATE OF qty ON item FOR EACH ROW WHEN NEW.qty <> OLD.qty
BEGIN
  INSERT INTO item_log (item_id, action) VALUES (NEW.id, 'qty ' || OLD.qty || ' -> ' || NEW.qty);
  UPDATE item SET updated = datetime('now') WHERE id = NEW.id;
END;
CREATE TRIGGER item_no_negative BEFORE UPDATE ON item WHEN NEW.qty < 0
BEGIN
  SELECT RAISE(ABORT, 'qty cannot be negative');
END;
CREATE TRIGGER item_deleted BEFORE DELETE ON item
BEGIN
  DELETE FROM item_log WHERE item_id = OLD.id;
END;
CREATE TRIGGER in_stock_insert INSTEAD OF INSERT ON in_stock
BEGIN
  INSERT INTO item (name, qty) VALUES (NEW.name, NEW.qty);
END;
