-- pair: a text search configuration used by an index and a generated column changes its mappings (in place), a dictionary's options change (in place), a dictionary is added
CREATE TEXT SEARCH DICTIONARY public.english_keep (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
CREATE TEXT SEARCH CONFIGURATION public.docs (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR asciiword, word WITH public.english_keep;
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR int WITH simple;
CREATE TABLE public.article (
    id integer PRIMARY KEY,
    body text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.docs'::regconfig, body)) STORED
);
CREATE INDEX article_body ON public.article USING gin (to_tsvector('public.docs'::regconfig, body));
