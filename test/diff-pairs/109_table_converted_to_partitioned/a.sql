-- pair: the plain table public.audit_log (with rows, a primary key and an index) becomes a range-partitioned table of the same name with two partitions (a table cannot be altered into a partitioned one: it must be rebuilt or renamed and attached)

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    logged_at timestamptz NOT NULL,
    message text NOT NULL,
    PRIMARY KEY (id, logged_at)
);

CREATE INDEX audit_log_logged_at_idx ON public.audit_log (logged_at);

INSERT INTO public.audit_log VALUES (1, '2023-06-01 00:00:00+00', 'old'), (2, '2024-06-01 00:00:00+00', 'new');
