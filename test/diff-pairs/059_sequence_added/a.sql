-- pair: sequences are added: public.invoice_number_seq (used by a new column default on public.invoice.number) and a standalone sequence in schema util with explicit options

CREATE SCHEMA util;

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    number bigint
);

INSERT INTO public.invoice VALUES (1, 1001), (2, NULL);
