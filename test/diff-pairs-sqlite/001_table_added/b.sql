CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE, title TEXT);
CREATE INDEX book_author ON book (author_id);
INSERT INTO author VALUES (1, 'Ann'), (2, 'Bo');
