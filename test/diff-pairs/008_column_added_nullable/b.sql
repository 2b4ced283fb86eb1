CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE,
    name text NOT NULL,
    phone text,
    birth_date date
);

CREATE TABLE public.address (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL REFERENCES public.customer (id),
    line1 text NOT NULL
);

INSERT INTO public.customer VALUES (1, 'ada@example.com', 'Ada', '+44 1', '1815-12-10'), (2, 'grace@example.com', 'Grace', NULL, NULL);
INSERT INTO public.address VALUES (1, 1, '1 Main St');
