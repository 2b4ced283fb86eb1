-- pair: the same unique, foreign key, primary key, check and index under other names (drizzle's author_email_unique and post_author_id_author_id_fk against PostgreSQL's author_email_key and post_author_id_fkey); renamed in place, never dropped and added

CREATE TABLE public.author (
    id integer CONSTRAINT author_pkey PRIMARY KEY,
    email text NOT NULL CONSTRAINT author_email_key UNIQUE,
    age integer CONSTRAINT author_age_check CHECK (age >= 0)
);

CREATE TABLE public.post (
    id integer PRIMARY KEY,
    author_id integer NOT NULL CONSTRAINT post_author_id_fkey REFERENCES public.author (id) ON DELETE CASCADE,
    title text NOT NULL
);

CREATE INDEX post_author_id_idx ON public.post (author_id);

INSERT INTO public.author VALUES (1, 'a@example.com', 30);
INSERT INTO public.post VALUES (1, 1, 'hello');
