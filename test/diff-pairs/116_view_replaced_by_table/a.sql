-- pair: object kind changes under the same name: public.daily_stat is a view in A and a table in B; public.price_list is a table in A and a view in B (its rows are lost going A -> B, by design)

CREATE TABLE public.sale (
    id integer PRIMARY KEY,
    sold_on date NOT NULL,
    amount numeric(10,2) NOT NULL
);

CREATE VIEW public.daily_stat AS
    SELECT sold_on, sum(amount) AS total FROM public.sale GROUP BY sold_on;

CREATE TABLE public.price_list (
    product text PRIMARY KEY,
    price numeric(10,2) NOT NULL
);

INSERT INTO public.sale VALUES (1, '2024-01-01', 10.00);
