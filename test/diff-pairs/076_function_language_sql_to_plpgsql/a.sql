-- pair: function languages change with the same signature: public.discount(numeric) sql -> plpgsql; public.label(integer) plpgsql -> sql (with a SQL-standard body, BEGIN ATOMIC); a view uses public.discount

CREATE TABLE public.product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL
);

CREATE FUNCTION public.discount(price numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT price * 0.9 $$;

CREATE FUNCTION public.label(n integer) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    RETURN 'item #' || n;
END
$$;

CREATE VIEW public.discounted AS
    SELECT id, public.discount(price) AS price FROM public.product;
