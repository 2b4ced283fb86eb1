CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    logged_at timestamptz NOT NULL,
    message text NOT NULL,
    PRIMARY KEY (id, logged_at)
) PARTITION BY RANGE (logged_at);

CREATE INDEX audit_log_logged_at_idx ON public.audit_log (logged_at);

CREATE TABLE public.audit_log_2023 PARTITION OF public.audit_log
    FOR VALUES FROM ('2023-01-01 00:00:00+00') TO ('2024-01-01 00:00:00+00');
CREATE TABLE public.audit_log_2024 PARTITION OF public.audit_log
    FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');

INSERT INTO public.audit_log VALUES (1, '2023-06-01 00:00:00+00', 'old'), (2, '2024-06-01 00:00:00+00', 'new');
