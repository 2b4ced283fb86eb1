-- pair: an aggregate gains a final function that changes its result type while a view and another aggregate-using view read it (the views are dropped and created again around it); an ordered-set aggregate is added
CREATE FUNCTION public.add_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT state + coalesce(v, 0) $$;
CREATE FUNCTION public.as_text(state bigint) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'total ' || state $$;
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE AGGREGATE public.total(integer) (SFUNC = public.add_step, STYPE = bigint, INITCOND = '0');
CREATE VIEW public.reading_total AS SELECT public.total(value) AS total FROM public.reading;
CREATE VIEW public.reading_report AS SELECT total FROM public.reading_total;
