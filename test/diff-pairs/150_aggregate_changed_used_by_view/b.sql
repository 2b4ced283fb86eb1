CREATE FUNCTION public.add_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT state + coalesce(v, 0) $$;
CREATE FUNCTION public.sub_step(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE
    AS $$ SELECT state - coalesce(v, 0) $$;
CREATE TABLE public.reading (id integer PRIMARY KEY, value integer NOT NULL);
CREATE AGGREGATE public.total(integer) (
    SFUNC = public.add_step, STYPE = bigint, INITCOND = '100',
    MSFUNC = public.add_step, MINVFUNC = public.sub_step, MSTYPE = bigint, MINITCOND = '100',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE public.total(integer) IS 'starts at 100';
CREATE VIEW public.reading_total AS SELECT public.total(value) AS total FROM public.reading;
