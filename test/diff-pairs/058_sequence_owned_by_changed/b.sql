CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    number bigint,
    legacy_no bigint
);

CREATE TABLE public.receipt (
    id integer PRIMARY KEY,
    number bigint
);

CREATE SEQUENCE public.shared_seq OWNED BY public.invoice.number;
CREATE SEQUENCE public.legacy_seq OWNED BY public.receipt.number;

ALTER TABLE public.invoice ALTER COLUMN number SET DEFAULT nextval('public.shared_seq');

INSERT INTO public.invoice VALUES (1, 1, 1);
INSERT INTO public.receipt VALUES (1, NULL);
