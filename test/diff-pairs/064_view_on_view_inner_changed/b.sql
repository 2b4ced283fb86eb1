CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL,
    total numeric(12,2) NOT NULL,
    note text
);

CREATE VIEW public.order_base AS
    SELECT id, customer_id, round(total)::bigint AS total FROM public.orders;

CREATE VIEW public.order_stats AS
    SELECT customer_id, count(*) AS n, sum(total) AS revenue
    FROM public.order_base
    GROUP BY customer_id;

CREATE VIEW public.big_order AS
    SELECT customer_id, revenue FROM public.order_stats WHERE revenue > 1000;

INSERT INTO public.orders VALUES (1, 1, 1500.00, NULL), (2, 1, 20.00, 'gift');
