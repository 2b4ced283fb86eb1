-- pair: an INSTEAD OF INSERT OR UPDATE trigger (with its function) is added on the non-updatable view public.customer_card, making it writable

CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.customer_email (
    customer_id integer PRIMARY KEY REFERENCES public.customer (id),
    email text NOT NULL
);

CREATE VIEW public.customer_card AS
    SELECT c.id, c.name, e.email
    FROM public.customer c
    LEFT JOIN public.customer_email e ON e.customer_id = c.id;

INSERT INTO public.customer VALUES (1, 'Ada');
INSERT INTO public.customer_email VALUES (1, 'ada@example.com');
