-- pair: the expression of stored generated column public.rectangle.area changes (width * height -> width * height * scale); public.rectangle.label changes from a plain column to a generated one

CREATE TABLE public.rectangle (
    id integer PRIMARY KEY,
    width numeric NOT NULL,
    height numeric NOT NULL,
    scale numeric NOT NULL DEFAULT 1,
    area numeric GENERATED ALWAYS AS (width * height) STORED,
    label text
);

INSERT INTO public.rectangle (id, width, height, scale, label) VALUES (1, 2, 3, 1, 'small'), (2, 10, 10, 2, 'big');
