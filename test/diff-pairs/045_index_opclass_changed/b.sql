CREATE TABLE public.path (
    id integer PRIMARY KEY,
    prefix text NOT NULL,
    name varchar(200) NOT NULL,
    created_at timestamptz
);

CREATE INDEX path_prefix_idx ON public.path (prefix text_pattern_ops);
CREATE INDEX path_name_idx ON public.path (name varchar_pattern_ops);
CREATE INDEX path_created_idx ON public.path (created_at DESC NULLS LAST);

INSERT INTO public.path VALUES (1, '/usr', 'bin', NULL);
