CREATE TABLE event (id INTEGER PRIMARY KEY, kind TEXT, at TEXT, deleted INTEGER DEFAULT 0);
CREATE INDEX event_kind ON event (kind COLLATE NOCASE DESC) WHERE deleted = 0;
CREATE UNIQUE INDEX event_day ON event (date(at), kind);
INSERT INTO event (id, kind, at) VALUES (1, 'a', '2024-01-01'), (2, 'b', '2024-02-01');
