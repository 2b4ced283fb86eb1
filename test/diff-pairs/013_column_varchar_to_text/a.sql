-- pair: public.post.body varchar(500) -> text and public.post.slug varchar -> text (slug has a unique index and a default)

CREATE TABLE public.post (
    id integer PRIMARY KEY,
    slug varchar NOT NULL DEFAULT 'untitled'::character varying,
    body varchar(500)
);

CREATE UNIQUE INDEX post_slug_key ON public.post (slug);

INSERT INTO public.post VALUES (1, 'hello', 'Hello world'), (2, 'bye', NULL);
