CREATE TABLE public.author (
    id integer CONSTRAINT author_id_pk PRIMARY KEY,
    email text NOT NULL CONSTRAINT author_email_unique UNIQUE,
    age integer CONSTRAINT age_not_negative CHECK (age >= 0)
);

CREATE TABLE public.post (
    id integer PRIMARY KEY,
    author_id integer NOT NULL CONSTRAINT post_author_id_author_id_fk REFERENCES public.author (id) ON DELETE CASCADE,
    title text NOT NULL
);

CREATE INDEX post_author_idx ON public.post (author_id);

INSERT INTO public.author VALUES (1, 'a@example.com', 30);
INSERT INTO public.post VALUES (1, 1, 'hello');
