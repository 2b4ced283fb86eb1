CREATE TABLE public.visit (
    id bigint NOT NULL,
    visited_on date NOT NULL,
    visitor_id integer NOT NULL,
    page text NOT NULL,
    bounced boolean NOT NULL DEFAULT false,
    CONSTRAINT visit_id_key UNIQUE (id, visited_on, visitor_id)
) PARTITION BY RANGE (visited_on);

CREATE INDEX visit_visitor_id_idx ON public.visit (visitor_id);
CREATE INDEX visit_bounced_page_idx ON public.visit (page) WHERE bounced;

CREATE TABLE public.visit_2023 PARTITION OF public.visit
    FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.visit_2024 PARTITION OF public.visit
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (visitor_id);
CREATE TABLE public.visit_2024_h0 PARTITION OF public.visit_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.visit_2024_h1 PARTITION OF public.visit_2024 FOR VALUES WITH (MODULUS 2, REMAINDER 1);

INSERT INTO public.visit VALUES (1, '2023-05-01', 1, '/', false), (2, '2024-05-01', 2, '/about', true), (3, '2024-05-02', 3, '/', false);
