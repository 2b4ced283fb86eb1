CREATE TABLE public.product (
    id integer PRIMARY KEY,
    sku text NOT NULL UNIQUE,
    price numeric(10,2) NOT NULL
);

INSERT INTO public.product VALUES (1, 'SKU-1', 9.99), (2, 'SKU-2', 19.99);
