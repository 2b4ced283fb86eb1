-- pair: table public.session_cache goes from LOGGED to UNLOGGED (its index follows); public.job_queue stays logged

CREATE TABLE public.session_cache (
    token text PRIMARY KEY,
    user_id integer NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX session_cache_expires_at_idx ON public.session_cache (expires_at);

CREATE TABLE public.job_queue (
    id bigint PRIMARY KEY,
    payload jsonb NOT NULL
);

INSERT INTO public.session_cache VALUES ('abc', 1, '2030-01-01 00:00:00+00');
INSERT INTO public.job_queue VALUES (1, '{"kind": "email"}');
