CREATE TABLE public.event (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    actor_id integer,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX event_idx_lookup ON public.event (kind, occurred_at);
CREATE INDEX event_idx_actor ON public.event (kind, actor_id);
CREATE INDEX event_idx_time ON public.event (occurred_at DESC);

INSERT INTO public.event VALUES (1, 'login', 1, '2024-01-01 00:00:00+00');
