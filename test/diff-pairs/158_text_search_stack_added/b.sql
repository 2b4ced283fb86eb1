CREATE TEXT SEARCH PARSER public.words (
    START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end, LEXTYPES = prsd_lextype
);
CREATE TEXT SEARCH TEMPLATE public.plain (INIT = dsimple_init, LEXIZE = dsimple_lexize);
CREATE TEXT SEARCH DICTIONARY public.plain_words (TEMPLATE = public.plain, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION public.notes (PARSER = public.words);
ALTER TEXT SEARCH CONFIGURATION public.notes ADD MAPPING FOR asciiword, word, numword WITH public.plain_words;
CREATE TABLE public.note (
    id integer PRIMARY KEY,
    body text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.notes'::regconfig, body)) STORED
);
