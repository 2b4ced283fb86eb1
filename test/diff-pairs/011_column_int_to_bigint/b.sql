CREATE TABLE public.metric (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    value bigint NOT NULL,
    bucket integer NOT NULL DEFAULT 0
);

CREATE INDEX metric_name_value_idx ON public.metric (name, value);

-- Values fit in integer/smallint so that B -> A (bigint -> int narrowing) succeeds.
INSERT INTO public.metric VALUES (1, 'cpu', 42, 1), (3, 'disk', 1000, 3);
