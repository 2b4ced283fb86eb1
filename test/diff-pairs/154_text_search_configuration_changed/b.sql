CREATE TEXT SEARCH DICTIONARY public.english_keep (TEMPLATE = pg_catalog.simple, STOPWORDS = english, ACCEPT = false);
CREATE TEXT SEARCH DICTIONARY public.stem (TEMPLATE = snowball, LANGUAGE = english);
CREATE TEXT SEARCH CONFIGURATION public.docs (PARSER = pg_catalog."default");
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR asciiword, word WITH public.english_keep, public.stem;
ALTER TEXT SEARCH CONFIGURATION public.docs ADD MAPPING FOR numword WITH simple;
COMMENT ON TEXT SEARCH CONFIGURATION public.docs IS 'documents';
CREATE TABLE public.article (
    id integer PRIMARY KEY,
    body text NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('public.docs'::regconfig, body)) STORED
);
CREATE INDEX article_body ON public.article USING gin (to_tsvector('public.docs'::regconfig, body));
