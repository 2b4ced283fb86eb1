CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    customer_id integer REFERENCES public.customer (id),
    label text NOT NULL
);

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    customer_id integer NOT NULL CONSTRAINT invoice_customer_id_fkey REFERENCES public.account (id),
    total numeric(12,2) NOT NULL
);

INSERT INTO public.customer VALUES (1, 'Acme'), (2, 'Globex');
INSERT INTO public.account VALUES (1, 1, 'Acme main'), (2, 2, 'Globex main');
INSERT INTO public.invoice VALUES (1, 1, 100.00), (2, 2, 250.00);
