CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TYPE public.point2 AS (x integer, y integer);
CREATE FUNCTION public.point2_of(t text) RETURNS public.point2 LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ROW(split_part(t, ',', 1)::integer, split_part(t, ',', 2)::integer)::public.point2 $$;
CREATE CAST (public.mood AS text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (text AS public.point2) WITH FUNCTION public.point2_of(text);
COMMENT ON CAST (text AS public.point2) IS 'from "x,y"';
CREATE CAST (public.point2 AS text) WITH INOUT AS IMPLICIT;
