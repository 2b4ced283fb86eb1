-- pair: overloads are added: public.area(numeric) exists in both; public.area(numeric, numeric) and public.area(point[]) are added in B; util.fmt(integer) gains a sibling util.fmt(bigint)

CREATE SCHEMA util;

CREATE FUNCTION public.area(r numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT pi()::numeric * r * r $$;

CREATE FUNCTION util.fmt(v integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'int:' || v $$;
