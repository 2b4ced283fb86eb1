-- pair: indexes are added: a plain btree on public.orders (customer_id), a descending multi-column index with NULLS FIRST on public.orders (placed_at DESC NULLS FIRST, id), and a GIN index on public.orders.attributes (jsonb)

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    placed_at timestamptz,
    attributes jsonb NOT NULL DEFAULT '{}'
);

INSERT INTO public.orders VALUES (1, 1, '2024-01-01 00:00:00+00', '{"gift": true}'), (2, 2, NULL, '{}');
