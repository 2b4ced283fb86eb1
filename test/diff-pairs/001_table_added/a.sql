-- pair: table public.tag is added (with a primary key, a unique constraint and a column default)

CREATE TABLE public.author (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.article (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES public.author (id),
    title text NOT NULL
);

INSERT INTO public.author VALUES (1, 'Ada'), (2, 'Grace');
INSERT INTO public.article VALUES (1, 1, 'Engines'), (2, 2, 'Compilers');
