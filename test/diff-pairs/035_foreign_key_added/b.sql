CREATE TABLE public.post (
    id integer PRIMARY KEY,
    title text NOT NULL
);

CREATE TABLE public.comment (
    id integer PRIMARY KEY,
    post_id integer NOT NULL CONSTRAINT comment_post_id_fkey REFERENCES public.post (id),
    parent_id integer CONSTRAINT comment_parent_id_fkey REFERENCES public.comment (id) ON DELETE CASCADE,
    body text NOT NULL
);

INSERT INTO public.post VALUES (1, 'Hello');
INSERT INTO public.comment VALUES (1, 1, NULL, 'First!'), (2, 1, 1, 'Reply');
