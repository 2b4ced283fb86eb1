-- pair: schema reporting is added with objects inside: an enum, a table with a foreign key to public.customer, a view, a function and a sequence (B -> A drops the schema and everything in it)

CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

INSERT INTO public.customer VALUES (1, 'Acme');
