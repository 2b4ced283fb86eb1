CREATE TABLE public.product (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL
);

CREATE FUNCTION public.discount(price numeric) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    RETURN price * 0.9;
END
$$;

CREATE FUNCTION public.label(n integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
        SELECT 'item #' || n;
    END;

CREATE VIEW public.discounted AS
    SELECT id, public.discount(price) AS price FROM public.product;
