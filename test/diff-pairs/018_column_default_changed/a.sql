-- pair: column defaults change value: public.orders.status 'new' -> 'pending', public.orders.currency 'USD' -> 'EUR', public.orders.discount 0 -> 0.05, public.orders.due_at now() -> now() + interval '7 days'

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    status text NOT NULL DEFAULT 'new',
    currency char(3) NOT NULL DEFAULT 'USD',
    discount numeric(4,2) NOT NULL DEFAULT 0,
    due_at timestamptz DEFAULT now()
);

INSERT INTO public.orders (id) VALUES (1), (2);
