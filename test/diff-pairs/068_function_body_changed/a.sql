-- pair: function bodies change with the same signature: public.tax(numeric) changes its rate; public.greet(text) (plpgsql) changes its message; util.slugify(text) changes its regex; a view calls public.tax and is unchanged

CREATE SCHEMA util;

CREATE TABLE public.item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    net numeric(10,2) NOT NULL
);

CREATE FUNCTION public.tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(amount * 0.20, 2) $$;

CREATE FUNCTION public.greet(who text) RETURNS text
    LANGUAGE plpgsql
    AS $$
BEGIN
    RETURN 'Hello, ' || who;
END
$$;

CREATE FUNCTION util.slugify(s text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(regexp_replace(s, '\s+', '-', 'g')) $$;

CREATE VIEW public.item_gross AS
    SELECT id, name, net + public.tax(net) AS gross FROM public.item;

INSERT INTO public.item VALUES (1, 'Pen', 10.00);
