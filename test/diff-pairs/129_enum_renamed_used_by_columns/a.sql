-- pair: enum public.color is replaced by public.colour (same values, the old name dropped) while a column with a default, an array column, a domain, a check constraint, a partial index, a function argument and a view (through the function) use it; columns move from one enum to the other through text
-- no rename header: the diff has no enum renames, so it is a drop and a create

CREATE TYPE public.color AS ENUM ('red', 'green', 'blue');

CREATE DOMAIN public.primary_color AS public.color CONSTRAINT primary_color_check CHECK (VALUE <> 'green');

CREATE TABLE public.paint (
    id integer PRIMARY KEY,
    shade public.color NOT NULL DEFAULT 'red',
    mix public.color[],
    base public.primary_color,
    CONSTRAINT paint_not_green CHECK (shade <> 'green' OR mix IS NULL)
);

CREATE INDEX paint_blue_idx ON public.paint (id) WHERE shade = 'blue';

CREATE FUNCTION public.shade_label(c public.color) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT initcap(c::text) $$;

CREATE VIEW public.paint_label AS SELECT id, public.shade_label(shade) AS label FROM public.paint;

INSERT INTO public.paint VALUES (1, 'red', '{red,blue}', 'blue'), (2, 'blue', NULL, NULL);
