-- pair: a table under a view and a trigger is rebuilt; the view (and a view over it) and the trigger come back
-- rows: SELECT id, total FROM orders ORDER BY id
CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL, status TEXT);
CREATE TABLE audit (id INTEGER PRIMARY KEY, order_id INTEGER, what TEXT);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW open_total AS SELECT sum(total) AS total FROM open_orders;
CREATE TRIGGER orders_audit AFTER UPDATE OF status ON orders BEGIN INSERT INTO audit (order_id, what) VALUES (NEW.id, NEW.status); END;
INSERT INTO orders VALUES (1, 9.5, 'open'), (2, 20, 'done');
