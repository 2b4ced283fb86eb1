-- pair: index access methods change under the same names: public.link_token_idx btree -> hash; public.link_tags_idx btree (on a text[] column) -> gin; public.link_created_idx btree -> brin

CREATE TABLE public.link (
    id bigint PRIMARY KEY,
    token text NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
);

CREATE INDEX link_token_idx ON public.link USING btree (token);
CREATE INDEX link_tags_idx ON public.link USING btree (tags);
CREATE INDEX link_created_idx ON public.link USING btree (created_at);

INSERT INTO public.link VALUES (1, 'abc', '{news,tech}', '2024-01-01 00:00:00+00');
