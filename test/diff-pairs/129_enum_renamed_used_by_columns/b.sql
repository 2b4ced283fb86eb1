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

INSERT INTO public.paint VALUES (1, 'red', '{red,blue}', 'blue'), (2, 'blue', NULL, NULL);
