-- SQLite: plain, unique, partial, expression, collated and descending indexes.
CREATE TABLE event (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  happened_at TEXT NOT NULL,
  payload TEXT,
  user_email TEXT COLLATE NOCASE,
  deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_kind ON event (kind);
CREATE INDEX event_kind_time ON event (kind, happened_at DESC);
CREATE UNIQUE INDEX event_email ON event (user_email) WHERE deleted = 0;
CREATE INDEX event_email_binary ON event (user_email COLLATE BINARY);
CREATE INDEX event_day ON event (date(happened_at), lower(kind));
CREATE INDEX event_payload_type ON event (json_extract(payload, '$.type')) WHERE payload IS NOT NULL;
CREATE INDEX "Event Mixed Case" ON event (kind COLLATE NOCASE DESC, id);
