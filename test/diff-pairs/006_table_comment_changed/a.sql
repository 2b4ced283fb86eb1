-- pair: comment on public.customer changes text; comment on public.supplier is added; comment on public.warehouse is removed

CREATE TABLE public.customer (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.supplier (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.warehouse (id integer PRIMARY KEY, city text NOT NULL);

COMMENT ON TABLE public.customer IS 'People who buy things';
COMMENT ON TABLE public.warehouse IS 'Physical storage sites';
