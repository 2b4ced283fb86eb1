-- scenario: text search: a parser and a template on the built-in routines, dictionaries with options (simple, snowball, synonym-free ispell-free), configurations with mappings in order, a configuration copied from a built-in one then changed, and a generated column and an index that use a configuration
-- requires: superuser

CREATE SCHEMA fts;

CREATE TEXT SEARCH PARSER fts.words (
    START = prsd_start,
    GETTOKEN = prsd_nexttoken,
    END = prsd_end,
    LEXTYPES = prsd_lextype,
    HEADLINE = prsd_headline
);
COMMENT ON TEXT SEARCH PARSER fts.words IS 'the default parser, under our name';

CREATE TEXT SEARCH TEMPLATE fts.plain (
    INIT = dsimple_init,
    LEXIZE = dsimple_lexize
);

CREATE TEXT SEARCH DICTIONARY fts.english_keep (
    TEMPLATE = pg_catalog.simple,
    STOPWORDS = english,
    ACCEPT = false
);

CREATE TEXT SEARCH DICTIONARY fts.plain_words (TEMPLATE = fts.plain);
COMMENT ON TEXT SEARCH DICTIONARY fts.plain_words IS 'lower-cases every word';

CREATE TEXT SEARCH DICTIONARY fts.stem_en (TEMPLATE = snowball, LANGUAGE = english);

CREATE TEXT SEARCH CONFIGURATION fts.docs (PARSER = fts.words);
ALTER TEXT SEARCH CONFIGURATION fts.docs
    ADD MAPPING FOR asciiword, word WITH fts.english_keep, fts.stem_en;
ALTER TEXT SEARCH CONFIGURATION fts.docs
    ADD MAPPING FOR numword, int WITH fts.plain_words;
COMMENT ON TEXT SEARCH CONFIGURATION fts.docs IS 'documents';

CREATE TEXT SEARCH CONFIGURATION fts.english_copy (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION fts.english_copy
    ALTER MAPPING FOR email, url WITH simple;
ALTER TEXT SEARCH CONFIGURATION fts.english_copy DROP MAPPING FOR sfloat;

CREATE TABLE fts.article (
    id integer PRIMARY KEY,
    body text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('fts.docs'::regconfig, body)) STORED
);
CREATE INDEX article_body_search ON fts.article USING gin (to_tsvector('fts.english_copy'::regconfig, body));
