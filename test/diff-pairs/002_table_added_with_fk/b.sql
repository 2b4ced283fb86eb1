CREATE TABLE public.article (
    id integer PRIMARY KEY,
    title text NOT NULL
);

CREATE TABLE public.tag (
    id integer PRIMARY KEY,
    label text NOT NULL UNIQUE
);

CREATE TABLE public.article_tag (
    article_id integer NOT NULL REFERENCES public.article (id) ON DELETE CASCADE,
    tag_id integer NOT NULL REFERENCES public.tag (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
);

CREATE INDEX article_tag_tag_id_idx ON public.article_tag (tag_id);

INSERT INTO public.article VALUES (1, 'Engines'), (2, 'Compilers');
INSERT INTO public.tag VALUES (1, 'history'), (2, 'computing');
INSERT INTO public.article_tag VALUES (1, 1), (2, 2);
