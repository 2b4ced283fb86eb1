CREATE SCHEMA coll;

CREATE COLLATION coll.legacy (provider = libc, lc_collate = 'C', lc_ctype = 'C.utf8');
CREATE COLLATION coll.sort_c FROM "C";

COMMENT ON COLLATION coll.sort_c IS 'byte order';

CREATE TABLE coll.word (
    id integer PRIMARY KEY,
    spelling text COLLATE coll.legacy NOT NULL,
    sort_key text COLLATE coll.sort_c
);

INSERT INTO coll.word VALUES (1, 'apple', 'a');
