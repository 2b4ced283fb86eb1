-- pair: partition public.event_2022 (holding rows, with a partition-local extra index) is dropped from the partitioned table public.event; a list partition of a sub-partitioned table is dropped too (public.sale_eu with its own sub-partitions)

CREATE TABLE public.event (
    id bigint NOT NULL,
    happened_on date NOT NULL,
    kind text NOT NULL
) PARTITION BY RANGE (happened_on);

CREATE TABLE public.event_2022 PARTITION OF public.event
    FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE public.event_2023 PARTITION OF public.event
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

CREATE INDEX event_2022_kind_idx ON public.event_2022 (kind);

CREATE TABLE public.sale (
    id bigint NOT NULL,
    region text NOT NULL,
    sold_on date NOT NULL
) PARTITION BY LIST (region);

CREATE TABLE public.sale_us PARTITION OF public.sale FOR VALUES IN ('us');
CREATE TABLE public.sale_eu PARTITION OF public.sale FOR VALUES IN ('eu') PARTITION BY RANGE (sold_on);
CREATE TABLE public.sale_eu_2024 PARTITION OF public.sale_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

INSERT INTO public.event VALUES (1, '2022-05-01', 'old'), (2, '2023-05-01', 'new');
INSERT INTO public.sale VALUES (1, 'us', '2024-01-01'), (2, 'eu', '2024-02-01');
