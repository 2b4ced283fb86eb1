CREATE TYPE public.level AS ENUM ('low', 'high');
CREATE FUNCTION public.level_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION public.level_to_sql(internal) RETURNS public.level LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE ACCESS METHOD heap_twin TYPE TABLE HANDLER heap_tableam_handler;
COMMENT ON ACCESS METHOD heap_twin IS 'the heap, twice';
CREATE CONVERSION public.latin1_utf8 FOR 'LATIN1' TO 'UTF8' FROM pg_catalog.iso8859_1_to_utf8;
CREATE TRANSFORM FOR public.level LANGUAGE sql (
    FROM SQL WITH FUNCTION public.level_from_sql(internal),
    TO SQL WITH FUNCTION public.level_to_sql(internal)
);
