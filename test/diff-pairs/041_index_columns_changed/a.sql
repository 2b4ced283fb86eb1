-- pair: index columns change under the same names: public.event_idx_lookup (kind) -> (kind, occurred_at); public.event_idx_actor (actor_id, kind) -> (kind, actor_id); public.event_idx_time (occurred_at) -> (occurred_at DESC)

CREATE TABLE public.event (
    id bigint PRIMARY KEY,
    kind text NOT NULL,
    actor_id integer,
    occurred_at timestamptz NOT NULL
);

CREATE INDEX event_idx_lookup ON public.event (kind);
CREATE INDEX event_idx_actor ON public.event (actor_id, kind);
CREATE INDEX event_idx_time ON public.event (occurred_at);

INSERT INTO public.event VALUES (1, 'login', 1, '2024-01-01 00:00:00+00');
