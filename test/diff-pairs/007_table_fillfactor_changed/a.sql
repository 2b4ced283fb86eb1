-- pair: storage options: public.counter gets fillfactor=70 (was default) and autovacuum_enabled=false; public.event_log fillfactor 90 -> 100 and its index fillfactor 80 -> 60

CREATE TABLE public.counter (
    name text PRIMARY KEY,
    value bigint NOT NULL DEFAULT 0
);

CREATE TABLE public.event_log (
    id bigint PRIMARY KEY,
    happened_at timestamptz NOT NULL,
    message text
) WITH (fillfactor = 90);

CREATE INDEX event_log_happened_at_idx ON public.event_log (happened_at) WITH (fillfactor = 80);

INSERT INTO public.counter VALUES ('visits', 10);
