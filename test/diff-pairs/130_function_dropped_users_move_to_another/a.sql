-- pair: public.legacy_score(integer) is dropped while a domain CHECK, a partial index predicate, a column default, a check constraint, a stored generated column and a trigger WHEN clause move from it to public.clamp_score(integer); A -> B drops the users before the function, B -> A creates the function before its users come back

CREATE FUNCTION public.clamp_score(s integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT greatest(0, least(s, 100)) $$;

CREATE FUNCTION public.legacy_score(s integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT greatest(0, least(s, 10)) * 10 $$;

CREATE DOMAIN public.score AS integer
    CONSTRAINT score_check CHECK (public.legacy_score(VALUE) >= 0);

CREATE TABLE public.result (
    id integer PRIMARY KEY,
    raw integer NOT NULL DEFAULT public.legacy_score(5),
    final public.score,
    clamped integer GENERATED ALWAYS AS (public.legacy_score(raw)) STORED,
    CONSTRAINT result_raw_check CHECK (public.legacy_score(raw) >= 0)
);

CREATE INDEX result_top_idx ON public.result (id) WHERE public.legacy_score(raw) > 90;

CREATE FUNCTION public.result_capped() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER result_capped BEFORE INSERT ON public.result
    FOR EACH ROW WHEN (public.legacy_score(NEW.raw) <> NEW.raw) EXECUTE FUNCTION public.result_capped();

INSERT INTO public.result (id, raw, final) VALUES (1, 95, 95), (2, 40, 40);
