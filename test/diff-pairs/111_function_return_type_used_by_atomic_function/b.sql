CREATE FUNCTION public.base_price(product integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    RETURN product * 100.0;

CREATE FUNCTION public.final_price(product integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
        SELECT public.base_price(product) * 1.2;
    END;

CREATE FUNCTION public.is_positive(v numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    RETURN v > 0;

CREATE FUNCTION public.default_price() RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN 100;

CREATE TABLE public.product (
    id integer PRIMARY KEY,
    price integer NOT NULL DEFAULT public.default_price() CONSTRAINT product_price_check CHECK (public.is_positive(price))
);

INSERT INTO public.product VALUES (1, 250);
