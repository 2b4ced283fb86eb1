CREATE SCHEMA util;

CREATE TABLE public.item (
    id integer PRIMARY KEY,
    name text NOT NULL,
    net numeric(10,2) NOT NULL
);

CREATE FUNCTION public.tax(amount numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT round(amount * 0.21, 2) $$;

CREATE FUNCTION public.greet(who text) RETURNS text
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF who IS NULL THEN
        RETURN 'Hello, stranger';
    END IF;
    RETURN 'Hello, ' || who || '!';
END
$$;

CREATE FUNCTION util.slugify(s text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(regexp_replace(trim(s), '[^a-zA-Z0-9]+', '-', 'g')) $$;

CREATE VIEW public.item_gross AS
    SELECT id, name, net + public.tax(net) AS gross FROM public.item;

INSERT INTO public.item VALUES (1, 'Pen', 10.00);
