-- pair: the return type of public.order_weight(integer) changes integer -> numeric while view public.order_with_weight uses it (view text unchanged); CREATE OR REPLACE cannot change a return type, so the view is dropped, the function recreated, the view recreated; public.order_codes() changes RETURNS TABLE columns (OUT params) too

CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    grams integer NOT NULL
);

CREATE FUNCTION public.order_weight(order_id integer) RETURNS integer
    LANGUAGE sql STABLE
    AS $$ SELECT grams / 1000 FROM public.orders WHERE id = order_id $$;

CREATE FUNCTION public.order_codes() RETURNS TABLE (id integer, code text)
    LANGUAGE sql STABLE
    AS $$ SELECT id, 'O-' || id FROM public.orders $$;

CREATE VIEW public.order_with_weight AS
    SELECT o.id, public.order_weight(o.id) AS kg FROM public.orders o;

INSERT INTO public.orders VALUES (1, 2500), (2, 800);
