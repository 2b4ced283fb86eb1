-- SQLite: STRICT and WITHOUT ROWID tables, generated columns (virtual and stored).
CREATE TABLE measurement (
  id INTEGER PRIMARY KEY,
  celsius REAL NOT NULL,
  fahrenheit REAL GENERATED ALWAYS AS (celsius * 9 / 5 + 32) VIRTUAL,
  kelvin REAL AS (celsius + 273.15) STORED,
  label TEXT,
  raw ANY
) STRICT;
CREATE TABLE tag (name TEXT NOT NULL PRIMARY KEY, uses INTEGER NOT NULL DEFAULT 0) STRICT, WITHOUT ROWID;
CREATE TABLE sku (code TEXT PRIMARY KEY COLLATE NOCASE, price INTEGER, upper_code TEXT AS (upper(code))) WITHOUT ROWID;
CREATE INDEX measurement_kelvin ON measurement (kelvin);
