-- pair: function attributes change with the same body: public.normalize(text) VOLATILE -> IMMUTABLE STRICT PARALLEL SAFE; public.lookup_price(integer) STABLE -> VOLATILE SECURITY DEFINER; public.audit_now() COST 100 -> COST 5; public.tags() (SETOF) ROWS 1000 -> ROWS 10

CREATE TABLE public.price (
    product_id integer PRIMARY KEY,
    amount numeric(10,2) NOT NULL
);

CREATE FUNCTION public.normalize(s text) RETURNS text
    LANGUAGE sql
    AS $$ SELECT lower(trim(s)) $$;

CREATE FUNCTION public.lookup_price(p integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT amount FROM public.price WHERE product_id = p $$;

CREATE FUNCTION public.audit_now() RETURNS timestamptz
    LANGUAGE sql STABLE
    AS $$ SELECT now() $$;

CREATE FUNCTION public.tags() RETURNS SETOF text
    LANGUAGE sql IMMUTABLE
    AS $$ VALUES ('a'), ('b') $$;

INSERT INTO public.price VALUES (1, 9.99);
