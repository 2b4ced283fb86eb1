CREATE FUNCTION public.clamp_score(s integer) RETURNS smallint
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT greatest(0, least(s, 100))::smallint $$;

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
