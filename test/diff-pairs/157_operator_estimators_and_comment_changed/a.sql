-- pair: an operator used by a view gets selectivity estimators and a comment (changed in place: the view stays)
CREATE FUNCTION public.near(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT abs(a - b) < 2 $$;
CREATE OPERATOR public.=~ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = public.near);
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE VIEW public.near_ten AS SELECT id FROM public.reading WHERE value OPERATOR(public.=~) 10;
