-- pair: casts are added (with a function, with inout, binary-coercible between a domain-free pair of types) and one changes from explicit to assignment
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TYPE public.point2 AS (x integer, y integer);
CREATE FUNCTION public.point2_of(t text) RETURNS public.point2 LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT ROW(split_part(t, ',', 1)::integer, split_part(t, ',', 2)::integer)::public.point2 $$;
CREATE CAST (public.mood AS text) WITH INOUT;
