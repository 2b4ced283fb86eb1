CREATE TABLE public.sale (
    id integer PRIMARY KEY,
    sold_on date NOT NULL,
    amount numeric(10,2) NOT NULL
);

CREATE TABLE public.daily_stat (
    sold_on date PRIMARY KEY,
    total numeric NOT NULL
);

CREATE VIEW public.price_list AS
    SELECT 'pen'::text AS product, 1.50::numeric(10,2) AS price;

INSERT INTO public.sale VALUES (1, '2024-01-01', 10.00);
INSERT INTO public.daily_stat VALUES ('2024-01-01', 10.00);
