-- pair: nullable columns public.customer.phone (text) and public.customer.birth_date (date) are added to a table with rows

CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL
);

CREATE TABLE public.address (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customer (id),
    line1 text NOT NULL
);

INSERT INTO public.customer VALUES (1, 'ada@example.com', 'Ada'), (2, 'grace@example.com', 'Grace');
INSERT INTO public.address VALUES (1, 1, '1 Main St');
