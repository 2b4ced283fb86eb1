CREATE TABLE public.orders (
    id integer PRIMARY KEY,
    grams integer NOT NULL
);

CREATE FUNCTION public.order_weight(order_id integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT grams / 1000.0 FROM public.orders WHERE id = order_id $$;

CREATE FUNCTION public.order_codes() RETURNS TABLE (id integer, code text, grams integer)
    LANGUAGE sql STABLE
    AS $$ SELECT id, 'O-' || id, grams FROM public.orders $$;

CREATE VIEW public.order_with_weight AS
    SELECT o.id, public.order_weight(o.id) AS kg FROM public.orders o;

INSERT INTO public.orders VALUES (1, 2500), (2, 800);
