CREATE SEQUENCE public.order_number_seq
    INCREMENT BY 5
    MINVALUE 100
    MAXVALUE 1000000
    START WITH 100
    CACHE 20
    CYCLE;
CREATE SEQUENCE public.ticket_seq AS integer START WITH 10;

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    number bigint NOT NULL DEFAULT nextval('public.order_number_seq')
);

INSERT INTO public.orders (id, number) VALUES (1, 100), (2, 105);
