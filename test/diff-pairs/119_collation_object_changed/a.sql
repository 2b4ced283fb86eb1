-- pair: user collations: coll.sort_c (FROM "C") is added and used by a new column; coll.legacy (libc, locale C) is redefined as libc with lc_collate 'C' and lc_ctype 'C.utf8' while a column uses it (it has to be recreated and the column retyped); a collation comment is added

CREATE SCHEMA coll;

CREATE COLLATION coll.legacy (provider = libc, locale = 'C');

CREATE TABLE coll.word (
    id integer PRIMARY KEY,
    spelling text COLLATE coll.legacy NOT NULL
);

INSERT INTO coll.word VALUES (1, 'apple');
