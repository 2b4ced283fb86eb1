-- pair: foreign keys are added on existing columns holding matching rows: public.comment.post_id -> public.post(id) and a self-reference public.comment.parent_id -> public.comment(id) ON DELETE CASCADE

CREATE TABLE public.post (
    id integer PRIMARY KEY,
    title text NOT NULL
);

CREATE TABLE public.comment (
    id integer PRIMARY KEY,
    post_id integer NOT NULL,
    parent_id integer,
    body text NOT NULL
);

INSERT INTO public.post VALUES (1, 'Hello');
INSERT INTO public.comment VALUES (1, 1, NULL, 'First!'), (2, 1, 1, 'Reply');
