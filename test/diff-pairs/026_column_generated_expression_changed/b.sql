CREATE TABLE public.rectangle (
    id integer PRIMARY KEY,
    width numeric NOT NULL,
    height numeric NOT NULL,
    scale numeric NOT NULL DEFAULT 1,
    area numeric GENERATED ALWAYS AS (width * height * scale) STORED,
    label text GENERATED ALWAYS AS ('rect ' || width::text || 'x' || height::text) STORED
);

INSERT INTO public.rectangle (id, width, height, scale) VALUES (1, 2, 3, 1), (2, 10, 10, 2);
