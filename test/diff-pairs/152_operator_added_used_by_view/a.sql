-- pair: a pair of commuting/negating operators is added with a view that uses one of them
CREATE FUNCTION public.near(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) < 2 $$;
CREATE FUNCTION public.far(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) >= 2 $$;
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
