-- Assets belong to a resource now, not to a publishing organization (the change behind the seeds' incident).
-- SQLite cannot drop a column a foreign key uses: the table is rebuilt, its rows copied (SQLite's
-- "Making Other Kinds Of Table Schema Changes"), and its index made again.
CREATE TABLE asset_new (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  title TEXT NOT NULL,
  deleted_at TEXT,
  resource_id INTEGER REFERENCES resource (id) ON DELETE CASCADE
);
INSERT INTO asset_new (id, title, deleted_at) SELECT id, title, deleted_at FROM asset;
DROP TABLE asset;
ALTER TABLE asset_new RENAME TO asset;
CREATE INDEX asset_live_title_idx ON asset (lower(title)) WHERE deleted_at IS NULL;
