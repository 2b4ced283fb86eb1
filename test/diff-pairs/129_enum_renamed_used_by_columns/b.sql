CREATE TYPE public.colour AS ENUM ('red', 'green', 'blue');

CREATE DOMAIN public.primary_color AS public.colour CONSTRAINT primary_color_check CHECK (VALUE <> 'green');

CREATE TABLE public.paint (
    id integer PRIMARY KEY,
    shade public.colour NOT NULL DEFAULT 'red',
    mix public.colour[],
    base public.primary_color,
    CONSTRAINT paint_not_green CHECK (shade <> 'green' OR mix IS NULL)
);

CREATE INDEX paint_blue_idx ON public.paint (id) WHERE shade = 'blue';

CREATE FUNCTION public.shade_label(c public.colour) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT initcap(c::text) $$;

CREATE VIEW public.paint_label AS SELECT id, public.shade_label(shade) AS label FROM public.paint;

INSERT INTO public.paint VALUES (1, 'red', '{red,blue}', 'blue'), (2, 'blue', NULL, NULL);
