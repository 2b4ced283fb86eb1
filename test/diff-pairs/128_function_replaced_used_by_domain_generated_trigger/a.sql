-- pair: the immutable function public.clamp_score(integer) changes its return type integer -> smallint (a DROP and CREATE) while a domain CHECK, a partial index predicate, a column default, a check constraint, a stored generated column and a trigger WHEN clause use it; each user goes before the function is dropped and comes back after it is created

CREATE FUNCTION public.clamp_score(s integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT greatest(0, least(s, 100)) $$;

CREATE DOMAIN public.score AS integer
    CONSTRAINT score_check CHECK (public.clamp_score(VALUE) = VALUE);

CREATE TABLE public.result (
    id integer PRIMARY KEY,
    raw integer NOT NULL DEFAULT public.clamp_score(50),
    final public.score,
    clamped integer GENERATED ALWAYS AS (public.clamp_score(raw)) STORED,
    CONSTRAINT result_raw_check CHECK (public.clamp_score(raw) >= 0)
);

CREATE INDEX result_top_idx ON public.result (id) WHERE public.clamp_score(raw) > 90;

CREATE FUNCTION public.result_capped() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN RETURN NEW; END $$;

CREATE TRIGGER result_capped BEFORE INSERT ON public.result
    FOR EACH ROW WHEN (public.clamp_score(NEW.raw) <> NEW.raw) EXECUTE FUNCTION public.result_capped();

INSERT INTO public.result (id, raw, final) VALUES (1, 95, 95), (2, 40, 40);
