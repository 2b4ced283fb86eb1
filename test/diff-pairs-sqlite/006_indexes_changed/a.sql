-- pair: indexes added, dropped and changed (partial, expression, collation, descending), in place
-- rows: SELECT id, kind, at FROM event ORDER BY id
CREATE TABLE event (id INTEGER PRIMARY KEY, kind TEXT, at TEXT, deleted INTEGER DEFAULT 0);
CREATE INDEX event_kind ON event (kind);
CREATE INDEX event_at ON event (at);
INSERT INTO event (id, kind, at) VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-02-01');
