CREATE TABLE public.link (
    id bigint PRIMARY KEY,
    token text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
);

CREATE INDEX link_token_idx ON public.link USING hash (token);
CREATE INDEX link_tags_idx ON public.link USING gin (tags);
CREATE INDEX link_created_idx ON public.link USING brin (created_at);

INSERT INTO public.link VALUES (1, 'abc', '{news,tech}', '2024-01-01 00:00:00+00');
