-- pair: DEFAULT partitions are added: public.order_other to the list-partitioned public.orders and public.metric_other to the range-partitioned public.metric; no rows fall outside the existing partitions

CREATE TABLE public.orders (
    id bigint NOT NULL,
    channel text NOT NULL,
    total numeric(10,2)
) PARTITION BY LIST (channel);

CREATE TABLE public.order_web PARTITION OF public.orders FOR VALUES IN ('web');
CREATE TABLE public.order_shop PARTITION OF public.orders FOR VALUES IN ('shop');

CREATE TABLE public.metric (
    id bigint NOT NULL,
    at date NOT NULL
) PARTITION BY RANGE (at);

CREATE TABLE public.metric_2024 PARTITION OF public.metric FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');

INSERT INTO public.orders VALUES (1, 'web', 10.00), (2, 'shop', 20.00);
INSERT INTO public.metric VALUES (1, '2024-03-03');
