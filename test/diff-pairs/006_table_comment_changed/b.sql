CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.supplier (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.warehouse (id integer PRIMARY KEY, city text NOT NULL);

COMMENT ON TABLE public.customer IS 'Customers (people and companies) who place orders; it''s the billing party';
COMMENT ON TABLE public.supplier IS 'Companies we buy stock from';
