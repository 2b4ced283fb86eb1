-- pair: table public.client is renamed to public.customer (with a rename hint, so its rows are kept) while public.invoice has a foreign key to it and a view reads it
-- rename: public.client=customer

CREATE TABLE public.client (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    client_id integer NOT NULL CONSTRAINT invoice_client_id_fkey REFERENCES public.client (id),
    total numeric(10,2) NOT NULL
);

CREATE VIEW public.invoice_with_client AS
    SELECT i.id, c.name, i.total FROM public.invoice i JOIN public.client c ON c.id = i.client_id;

INSERT INTO public.client VALUES (1, 'Acme');
INSERT INTO public.invoice VALUES (1, 1, 99.00);
