CREATE SCHEMA util;

CREATE FUNCTION public.area(r numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT pi()::numeric * r * r $$;

CREATE FUNCTION public.area(w numeric, h numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT w * h $$;

CREATE FUNCTION public.area(pts point[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 0::numeric WHERE cardinality(pts) < 3 $$;

CREATE FUNCTION util.fmt(v integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'int:' || v $$;

CREATE FUNCTION util.fmt(v bigint) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'bigint:' || v $$;
