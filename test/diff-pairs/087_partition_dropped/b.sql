CREATE TABLE public.event (
    id bigint NOT NULL,
    happened_on date NOT NULL,
    kind text NOT NULL
) PARTITION BY RANGE (happened_on);

CREATE TABLE public.event_2023 PARTITION OF public.event
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');

CREATE TABLE public.sale (
    id bigint NOT NULL,
    region text NOT NULL,
    sold_on date NOT NULL
) PARTITION BY LIST (region);

CREATE TABLE public.sale_us PARTITION OF public.sale FOR VALUES IN ('us');

INSERT INTO public.event VALUES (2, '2023-05-01', 'new');
INSERT INTO public.sale VALUES (1, 'us', '2024-01-01');
