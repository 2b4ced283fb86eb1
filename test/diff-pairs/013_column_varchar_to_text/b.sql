CREATE TABLE public.post (
    id integer PRIMARY KEY,
    slug text NOT NULL DEFAULT 'untitled'::text,
    body text
);

CREATE UNIQUE INDEX post_slug_key ON public.post (slug);

INSERT INTO public.post VALUES (1, 'hello', 'Hello world'), (3, 'again', 'short');
