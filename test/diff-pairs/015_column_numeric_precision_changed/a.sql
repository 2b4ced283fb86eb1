-- pair: numeric precision/scale changes: public.price.amount numeric(10,2) -> numeric(14,4); public.price.rate numeric -> numeric(8,3); public.price.weight numeric(6,1) -> numeric(6,2)

CREATE TABLE public.price (
    id integer PRIMARY KEY,
    amount numeric(10,2) NOT NULL,
    rate numeric,
    weight numeric(6,1)
);

INSERT INTO public.price VALUES (1, 12.34, 1.5, 10.5), (2, 99999999.99, NULL, 9999.9);
