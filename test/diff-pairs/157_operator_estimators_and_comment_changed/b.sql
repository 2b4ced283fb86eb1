CREATE FUNCTION public.near(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) < 2 $$;
CREATE OPERATOR public.=~ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.near, RESTRICT = eqsel, JOIN = eqjoinsel);
COMMENT ON OPERATOR public.=~ (integer, integer) IS 'within one';
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE VIEW public.near_ten AS SELECT id FROM public.reading WHERE value OPERATOR(public.=~) 10;
