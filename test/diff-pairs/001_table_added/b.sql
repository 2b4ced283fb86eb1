CREATE TABLE public.author (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.article (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES public.author (id),
    title text NOT NULL
);

CREATE TABLE public.tag (
    id integer PRIMARY KEY,
    label varchar(40) NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO public.author VALUES (1, 'Ada'), (2, 'Grace');
INSERT INTO public.article VALUES (1, 1, 'Engines'), (2, 2, 'Compilers');
INSERT INTO public.tag (id, label) VALUES (1, 'history');
