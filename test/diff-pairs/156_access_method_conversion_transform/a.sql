-- pair: an access method, a conversion and a transform are added; a second access method is dropped
-- requires: superuser
CREATE TYPE public.level AS ENUM ('low', 'high');
CREATE FUNCTION public.level_from_sql(internal) RETURNS internal LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE FUNCTION public.level_to_sql(internal) RETURNS public.level LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
CREATE ACCESS METHOD btree_twin TYPE INDEX HANDLER bthandler;
