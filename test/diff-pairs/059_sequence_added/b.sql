CREATE SCHEMA util;

CREATE SEQUENCE public.invoice_number_seq START WITH 1000;
CREATE SEQUENCE util.batch_seq AS integer INCREMENT BY 10 MINVALUE 10 MAXVALUE 100000 START WITH 10 CACHE 1 NO CYCLE;

CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    number bigint DEFAULT nextval('public.invoice_number_seq')
);

INSERT INTO public.invoice VALUES (1, 1001), (2, NULL);
