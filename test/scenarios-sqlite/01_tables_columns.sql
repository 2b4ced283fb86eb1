-- SQLite: columns of every affinity and declared-type spelling, defaults, NOT NULL, keys.
CREATE TABLE account (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  display_name VARCHAR(80),
  bio CLOB,
  age INT DEFAULT 0,
  score DOUBLE PRECISION DEFAULT -1.5,
  balance NUMERIC(12, 2) NOT NULL DEFAULT '0.00',
  ratio REAL,
  flags UNSIGNED BIG INT DEFAULT 0x10,
  active BOOLEAN NOT NULL DEFAULT TRUE,
  avatar BLOB,
  anything,
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME DEFAULT (datetime('now', 'localtime')),
  note TEXT DEFAULT 'it''s new',
  absent TEXT DEFAULT NULL
);
CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL, PRIMARY KEY (a, b));
CREATE TABLE counter (n INTEGER PRIMARY KEY DESC, label TEXT COLLATE NOCASE, code TEXT COLLATE RTRIM);
CREATE TABLE rowid_only (x, y);
