-- pair: a column is appended to the end of view public.product_listing (CREATE OR REPLACE VIEW can do this); a dependent view public.cheap_product reads the first view and is unchanged

CREATE TABLE public.product (
    id integer PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL,
    stock integer NOT NULL DEFAULT 0
);

CREATE VIEW public.product_listing AS
    SELECT id, name, price FROM public.product;

CREATE VIEW public.cheap_product AS
    SELECT id, name FROM public.product_listing WHERE price < 10;

INSERT INTO public.product VALUES (1, 'Pen', 1.50, 100);
