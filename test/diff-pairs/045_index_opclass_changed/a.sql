-- pair: index operator classes change: public.path_prefix_idx text_ops -> text_pattern_ops (for LIKE 'x%'); public.path_name_idx gets varchar_pattern_ops; public.path_created_idx keeps its opclass but changes sort order to DESC NULLS LAST

CREATE TABLE public.path (
    id integer PRIMARY KEY,
    prefix text NOT NULL,
    name varchar(200) NOT NULL,
    created_at timestamptz
);

CREATE INDEX path_prefix_idx ON public.path (prefix);
CREATE INDEX path_name_idx ON public.path (name);
CREATE INDEX path_created_idx ON public.path (created_at);

INSERT INTO public.path VALUES (1, '/usr', 'bin', NULL);
