-- pair: public.base_price(integer) changes return type integer -> numeric while a SQL-standard-body function (BEGIN ATOMIC, which records a dependency on it) public.final_price(integer) calls it, a check constraint calls public.is_positive(integer) whose argument type changes integer -> numeric, and a column default calls public.default_price()

CREATE FUNCTION public.base_price(product integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    RETURN product * 100;

CREATE FUNCTION public.final_price(product integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC
        SELECT public.base_price(product) * 1.2;
    END;

CREATE FUNCTION public.is_positive(v integer) RETURNS boolean
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
