-- pair: fillfactor changes on an index, on a constraint's index and on the table; another storage parameter goes

CREATE TABLE public.counters (
    id     integer,
    name   text,
    hits   bigint,
    CONSTRAINT counters_pkey PRIMARY KEY (id) WITH (fillfactor = 80)
) WITH (fillfactor = 70, autovacuum_enabled = false);
CREATE INDEX counters_name_idx ON public.counters (name) WITH (fillfactor = 60);
