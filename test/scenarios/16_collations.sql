-- scenario: user collations (FROM "C", libc with locale / lc_collate+lc_ctype, ICU with locale options, nondeterministic ICU) used by columns, domains, composite attributes, indexes, partition keys and views; collation comments
-- Notes: only locales present on both engines are used (libc: C, POSIX, C.utf8; ICU: und + -u- options).
-- PGlite accepts the ICU definitions but has no real ICU data, so ICU collations behave like C there;
-- that does not matter for schema round-trips.

CREATE SCHEMA coll;

CREATE COLLATION coll.c_copy FROM "C";
CREATE COLLATION coll.posix_copy FROM "POSIX";
CREATE COLLATION coll.libc_c (provider = libc, locale = 'C');
CREATE COLLATION coll.libc_c_utf8 (provider = libc, lc_collate = 'C.utf8', lc_ctype = 'C.utf8');
CREATE COLLATION coll.libc_mixed (provider = libc, lc_collate = 'C', lc_ctype = 'C.utf8');
CREATE COLLATION coll.icu_root (provider = icu, locale = 'und');
CREATE COLLATION coll.icu_numeric (provider = icu, locale = 'und-u-kn');
CREATE COLLATION coll.icu_ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE COLLATION coll."ICU Upper First" (provider = icu, locale = 'und-u-kf-upper', deterministic = true);
CREATE COLLATION public.public_c FROM "C";

COMMENT ON COLLATION coll.icu_ci IS 'case-insensitive, nondeterministic';
COMMENT ON COLLATION coll.libc_mixed IS 'different lc_collate and lc_ctype';

CREATE DOMAIN coll.ci_text AS text COLLATE coll.icu_ci;
CREATE TYPE coll.named AS (
    first_name text COLLATE coll.icu_root,
    last_name  text COLLATE coll.libc_c
);

CREATE TABLE coll.people (
    id          integer PRIMARY KEY,
    username    text COLLATE coll.icu_ci NOT NULL,
    code        character varying(20) COLLATE coll.c_copy,
    sort_key    text COLLATE coll.icu_numeric,
    legacy      text COLLATE coll.posix_copy,
    utf8_name   text COLLATE coll.libc_c_utf8,
    email       coll.ci_text,
    name        coll.named,
    tags        text[] COLLATE coll."ICU Upper First",
    public_col  text COLLATE public.public_c
);

-- Index with an explicit collation different from the column's, and a unique index on a nondeterministic column.
CREATE INDEX people_code_numeric_idx ON coll.people (code COLLATE coll.icu_numeric);
CREATE UNIQUE INDEX people_username_uidx ON coll.people (username);
CREATE INDEX people_sort_key_idx ON coll.people (sort_key COLLATE "C" DESC);

-- View with a COLLATE expression.
CREATE VIEW coll.people_sorted AS
    SELECT id, sort_key COLLATE coll.icu_numeric AS sort_key_numeric, lower(legacy COLLATE coll.c_copy) AS legacy_lower
    FROM coll.people;

-- Partition key using a user collation.
CREATE TABLE coll.directory (
    entry  text NOT NULL,
    value  text
) PARTITION BY RANGE (entry COLLATE coll.c_copy);
CREATE TABLE coll.directory_a_m PARTITION OF coll.directory FOR VALUES FROM ('A') TO ('N');
