CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    status text NOT NULL DEFAULT 'pending',
    currency char(3) NOT NULL DEFAULT 'EUR',
    discount numeric(4,2) NOT NULL DEFAULT 0.05,
    due_at timestamptz DEFAULT (now() + interval '7 days')
);

INSERT INTO public.orders (id) VALUES (1), (3);
