CREATE TABLE public.counter (
    name text PRIMARY KEY,
    value bigint NOT NULL DEFAULT 0
) WITH (fillfactor = 70, autovacuum_enabled = false);

CREATE TABLE public.event_log (
    id bigint PRIMARY KEY,
    happened_at timestamptz NOT NULL,
    message text
) WITH (fillfactor = 100);

CREATE INDEX event_log_happened_at_idx ON public.event_log (happened_at) WITH (fillfactor = 60);

INSERT INTO public.counter VALUES ('visits', 10);
