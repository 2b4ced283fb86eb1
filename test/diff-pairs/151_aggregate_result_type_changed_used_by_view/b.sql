CREATE FUNCTION public.add_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT state + coalesce(v, 0) $$;
CREATE FUNCTION public.as_text(state bigint) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'total ' || state $$;
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE AGGREGATE public.total(integer) (SFUNC = public.add_step, STYPE = bigint, INITCOND = '0', FINALFUNC = public.as_text);
CREATE VIEW public.reading_total AS SELECT public.total(value) AS total FROM public.reading;
CREATE VIEW public.reading_report AS SELECT total FROM public.reading_total;
CREATE AGGREGATE public.middle(double precision ORDER BY double precision) (
    SFUNC = ordered_set_transition, STYPE = internal, FINALFUNC = percentile_cont_float8_final
);
CREATE VIEW public.reading_middle AS
    SELECT public.middle(0.5) WITHIN GROUP (ORDER BY value::double precision) AS middle FROM public.reading;
