-- pair: OWNED BY of sequences changes: public.shared_seq goes from OWNED BY NONE to OWNED BY public.invoice.number; public.legacy_seq goes from OWNED BY public.invoice.legacy_no to OWNED BY public.receipt.number

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    number bigint,
    legacy_no bigint
);

CREATE TABLE public.receipt (
    id integer PRIMARY KEY,
    number bigint
);

CREATE SEQUENCE public.shared_seq OWNED BY NONE;
CREATE SEQUENCE public.legacy_seq OWNED BY public.invoice.legacy_no;

ALTER TABLE public.invoice ALTER COLUMN number SET DEFAULT nextval('public.shared_seq');

INSERT INTO public.invoice VALUES (1, 1, 1);
INSERT INTO public.receipt VALUES (1, NULL);
