-- pair: standalone sequence options change: public.order_number_seq INCREMENT 1 -> 5, MINVALUE 1 -> 100, MAXVALUE default -> 1000000, CACHE 1 -> 20, NO CYCLE -> CYCLE, START 1 -> 100; public.ticket_seq's data type bigint -> integer; a column default uses the first sequence (the sequence is unused, its current value 1 is below the new MINVALUE, so it has to be restarted)

CREATE SEQUENCE public.order_number_seq;
CREATE SEQUENCE public.ticket_seq AS bigint START WITH 10;

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    number bigint NOT NULL DEFAULT nextval('public.order_number_seq')
);

INSERT INTO public.orders (id, number) VALUES (1, 100), (2, 105);
