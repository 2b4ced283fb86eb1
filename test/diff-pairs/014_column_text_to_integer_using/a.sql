-- pair: public.stock.quantity text -> integer (needs USING quantity::integer; rows hold '42', '7', NULL), and public.stock.shelf text -> smallint with a default '0' -> 0

CREATE TABLE public.stock (
    id integer PRIMARY KEY,
    item text NOT NULL,
    quantity text,
    shelf text NOT NULL DEFAULT '0'
);

INSERT INTO public.stock VALUES (1, 'bolt', '42', '3'), (2, 'nut', '7', '0'), (3, 'washer', NULL, '12');
