-- SQLite: defaults of every form; a table made by CREATE TABLE … AS SELECT; a virtual table (left out on both sides).
CREATE TABLE defaults (
  id INTEGER PRIMARY KEY,
  negative INTEGER DEFAULT -1,
  positive REAL DEFAULT +1.5,
  hex INTEGER DEFAULT 0xff,
  blob BLOB DEFAULT X'00ff',
  sum INTEGER DEFAULT (1 + 2),
  quoted TEXT DEFAULT 'a''b',
  keyword TEXT DEFAULT CURRENT_DATE,
  nulled TEXT DEFAULT NULL,
  truth BOOLEAN DEFAULT TRUE,
  exp REAL DEFAULT 1e10
);
CREATE TABLE source (id INTEGER PRIMARY KEY, name TEXT, price NUMERIC);
CREATE TABLE copied AS SELECT id, name, price * 2 AS doubled FROM source;
CREATE VIRTUAL TABLE search USING fts5(title, body);
CREATE TABLE sequenced (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO sequenced (v) VALUES ('x');
