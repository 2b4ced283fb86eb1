-- pair: enum public.order_status gets a value added at the end ('refunded'); enum shop.size gets two values added at the end; rows use existing values

CREATE SCHEMA shop;

CREATE TYPE public.order_status AS ENUM ('new', 'paid', 'shipped');
CREATE TYPE shop.size AS ENUM ('S', 'M');

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    status public.order_status NOT NULL DEFAULT 'new',
    size shop.size
);

INSERT INTO public.orders VALUES (1, 'new', 'S'), (2, 'shipped', 'M');
