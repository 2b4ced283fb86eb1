CREATE TABLE public.customer (
    id integer CONSTRAINT client_pkey PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    client_id integer NOT NULL CONSTRAINT invoice_client_id_fkey REFERENCES public.customer (id),
    total numeric(10,2) NOT NULL
);

CREATE VIEW public.invoice_with_client AS
    SELECT i.id, c.name, i.total FROM public.invoice i JOIN public.customer c ON c.id = i.client_id;

INSERT INTO public.customer VALUES (1, 'Acme');
INSERT INTO public.invoice VALUES (1, 1, 99.00);
