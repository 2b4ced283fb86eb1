-- SQLite: names that need quoting (keywords, spaces, mixed case, quotes) everywhere a name is written.
CREATE TABLE "order" (
  "select" INTEGER PRIMARY KEY,
  "group" TEXT NOT NULL,
  "Mixed Case" TEXT,
  "with ""quote""" TEXT DEFAULT 'x',
  [bracketed] INTEGER,
  `backticked` INTEGER
);
CREATE TABLE "Line Item" (
  id INTEGER PRIMARY KEY,
  "order" INTEGER REFERENCES "order" ("select"),
  "from" TEXT CHECK ("from" <> '')
);
CREATE INDEX "order by group" ON "order" ("group", "Mixed Case");
CREATE VIEW "order view" AS SELECT "select", "group" FROM "order";
CREATE TRIGGER "on ""order""" AFTER DELETE ON "order"
BEGIN
  DELETE FROM "Line Item" WHERE "order" = OLD."select";
END;
