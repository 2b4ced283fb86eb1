-- pair: table public.article_tag is added, with foreign keys to two existing tables (ON DELETE CASCADE) and a composite primary key

CREATE TABLE public.article (
    id integer PRIMARY KEY,
    title text NOT NULL
);

CREATE TABLE public.tag (
    id integer PRIMARY KEY,
    label text NOT NULL UNIQUE
);

INSERT INTO public.article VALUES (1, 'Engines'), (2, 'Compilers');
INSERT INTO public.tag VALUES (1, 'history'), (2, 'computing');
