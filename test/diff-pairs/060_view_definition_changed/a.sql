-- pair: view definitions change but keep the same output columns: public.active_customer's WHERE clause changes; public.customer_summary's expression for total changes (sum -> sum with coalesce) and it gains a join

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
    SELECT id, name FROM public.customer WHERE active;

CREATE VIEW public.customer_summary AS
    SELECT p.customer_id, sum(p.amount) AS total
    FROM public.purchase p
    GROUP BY p.customer_id;

INSERT INTO public.customer VALUES (1, 'Ada', true, NULL);
INSERT INTO public.purchase VALUES (1, 1, 10.00);
