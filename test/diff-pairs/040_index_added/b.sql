CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    placed_at timestamptz,
    attributes jsonb NOT NULL DEFAULT '{}'
);

CREATE INDEX orders_customer_id_idx ON public.orders (customer_id);
CREATE INDEX orders_placed_at_idx ON public.orders (placed_at DESC NULLS FIRST, id);
CREATE INDEX orders_attributes_idx ON public.orders USING gin (attributes);

INSERT INTO public.orders VALUES (1, 1, '2024-01-01 00:00:00+00', '{"gift": true}'), (2, 2, NULL, '{}');
