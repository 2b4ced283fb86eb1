CREATE TABLE public.counters (
    id     integer,
    name   text,
    hits   bigint,
    CONSTRAINT counters_pkey PRIMARY KEY (id) WITH (fillfactor = 95)
) WITH (fillfactor = 90);
CREATE INDEX counters_name_idx ON public.counters (name) WITH (fillfactor = 100);
