CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL DEFAULT 0, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')));
CREATE TABLE audit (id INTEGER PRIMARY KEY, order_id INTEGER, what TEXT);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE VIEW open_total AS SELECT sum(total) AS total FROM open_orders;
CREATE TRIGGER orders_audit AFTER UPDATE OF status ON orders WHEN NEW.status <> OLD.status BEGIN INSERT INTO audit (order_id, what) VALUES (NEW.id, NEW.status); END;
INSERT INTO orders VALUES (1, 9.5, 'open'), (2, 20, 'done');
