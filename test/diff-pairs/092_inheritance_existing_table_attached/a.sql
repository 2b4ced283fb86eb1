-- pair: an existing standalone table public.archived_order (same columns as public.orders plus archived_at) becomes an inheritance child of public.orders (ALTER TABLE ... INHERIT); the parent's check constraint must exist on the child too

CREATE TABLE public.orders (
    id integer NOT NULL,
    total numeric(10,2) NOT NULL CONSTRAINT orders_total_check CHECK (total >= 0)
);

CREATE TABLE public.archived_order (
    id integer NOT NULL,
    total numeric(10,2) NOT NULL,
    archived_at timestamptz NOT NULL
);

INSERT INTO public.orders VALUES (1, 10.00);
INSERT INTO public.archived_order VALUES (2, 5.00, '2023-12-31 00:00:00+00');
