CREATE TABLE public.price (
    product_id integer PRIMARY KEY,
    amount numeric(10,2) NOT NULL
);

CREATE FUNCTION public.normalize(s text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT lower(trim(s)) $$;

CREATE FUNCTION public.lookup_price(p integer) RETURNS numeric
    LANGUAGE sql VOLATILE SECURITY DEFINER
    AS $$ SELECT amount FROM public.price WHERE product_id = p $$;

CREATE FUNCTION public.audit_now() RETURNS timestamptz
    LANGUAGE sql STABLE COST 5
    AS $$ SELECT now() $$;

CREATE FUNCTION public.tags() RETURNS SETOF text
    LANGUAGE sql IMMUTABLE ROWS 10
    AS $$ VALUES ('a'), ('b') $$;

INSERT INTO public.price VALUES (1, 9.99);
