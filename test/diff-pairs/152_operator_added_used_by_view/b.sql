CREATE FUNCTION public.near(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) < 2 $$;
CREATE FUNCTION public.far(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) >= 2 $$;
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE OPERATOR public.=~ (
    LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.near,
    COMMUTATOR = OPERATOR(public.=~), NEGATOR = OPERATOR(public.!=~)
);
CREATE OPERATOR public.!=~ (
    LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.far,
    COMMUTATOR = OPERATOR(public.!=~), NEGATOR = OPERATOR(public.=~)
);
CREATE VIEW public.near_ten AS SELECT id FROM public.reading WHERE value OPERATOR(public.=~) 10;
