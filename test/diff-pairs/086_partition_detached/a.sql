-- pair: partition public.log_2023 is detached from the partitioned table public.log: in B it is a standalone table with the same columns (it keeps its NOT NULLs; its copy of the partitioned primary key index stays as its own primary key) and keeps its rows

CREATE TABLE public.log (
    id bigint NOT NULL,
    logged_on date NOT NULL,
    message text,
    PRIMARY KEY (id, logged_on)
) PARTITION BY RANGE (logged_on);

CREATE TABLE public.log_2023 PARTITION OF public.log
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.log_2024 PARTITION OF public.log
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

INSERT INTO public.log VALUES (1, '2023-06-01', 'old'), (2, '2024-06-01', 'new');
