CREATE TABLE public.log (
    id bigint NOT NULL,
    logged_on date NOT NULL,
    message text,
    PRIMARY KEY (id, logged_on)
) PARTITION BY RANGE (logged_on);

CREATE TABLE public.log_2024 PARTITION OF public.log
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

-- What ALTER TABLE public.log DETACH PARTITION public.log_2023 leaves behind.
CREATE TABLE public.log_2023 (
    id bigint NOT NULL,
    logged_on date NOT NULL,
    message text,
    CONSTRAINT log_2023_pkey PRIMARY KEY (id, logged_on)
);

-- log_2023's rows fit its bound, so B -> A (re-attach) succeeds.
INSERT INTO public.log VALUES (2, '2024-06-01', 'new');
INSERT INTO public.log_2023 VALUES (1, '2023-06-01', 'old');
