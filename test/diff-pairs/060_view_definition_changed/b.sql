CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    deleted_at timestamptz
);

CREATE TABLE public.purchase (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customer (id),
    amount numeric(10,2) NOT NULL
);

CREATE VIEW public.active_customer AS
    SELECT id, name FROM public.customer WHERE active AND deleted_at IS NULL;

CREATE VIEW public.customer_summary AS
    SELECT c.id AS customer_id, coalesce(sum(p.amount), 0) AS total
    FROM public.customer c
    LEFT JOIN public.purchase p ON p.customer_id = c.id
    GROUP BY c.id;

INSERT INTO public.customer VALUES (1, 'Ada', true, NULL);
INSERT INTO public.purchase VALUES (1, 1, 10.00);
