CREATE SCHEMA shop;

CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped', 'refunded');
CREATE TYPE shop.size AS ENUM ('S', 'M', 'L', 'XL');

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    status public.order_status NOT NULL DEFAULT 'new',
    size shop.size
);

-- Rows use only values that A also has, so B -> A (values removed) keeps them.
INSERT INTO public.orders VALUES (1, 'new', 'S'), (2, 'shipped', 'M');
