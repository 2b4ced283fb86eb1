-- SQLite: unique and check constraints on columns and tables, named and not; foreign keys of every form.
CREATE TABLE author (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  born INTEGER CHECK (born > 1000),
  died INTEGER,
  CONSTRAINT lived CHECK (died IS NULL OR died >= born),
  CHECK (length(name) > 0)
);
CREATE TABLE publisher (code TEXT NOT NULL, country TEXT NOT NULL, name TEXT, CONSTRAINT publisher_pk PRIMARY KEY (code, country));
CREATE TABLE book (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE ON UPDATE CASCADE,
  co_author_id INTEGER REFERENCES author ON DELETE SET NULL,
  publisher_code TEXT,
  publisher_country TEXT,
  isbn TEXT CONSTRAINT isbn_unique UNIQUE,
  title TEXT NOT NULL,
  price REAL CONSTRAINT price_positive CHECK (price > 0),
  FOREIGN KEY (publisher_code, publisher_country) REFERENCES publisher (code, country) ON DELETE RESTRICT,
  UNIQUE (author_id, title)
);
CREATE TABLE review (
  id INTEGER PRIMARY KEY,
  book_id INTEGER,
  stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  CONSTRAINT review_book FOREIGN KEY (book_id) REFERENCES book (id) DEFERRABLE INITIALLY DEFERRED
);
-- References in a cycle: SQLite checks foreign keys when rows are written, not when tables are created.
CREATE TABLE employee (id INTEGER PRIMARY KEY, department_id INTEGER REFERENCES department (id));
CREATE TABLE department (id INTEGER PRIMARY KEY, head_id INTEGER REFERENCES employee (id) ON DELETE SET DEFAULT);
CREATE TABLE node (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node (id) ON DELETE CASCADE);
