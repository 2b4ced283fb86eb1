-- pair: value 'archived' is removed from enum public.doc_status while the type is used by a column (with a default, an index and rows that do not use the removed value) and by a view public.published_doc reading that column (and comparing it to a literal) and by a function argument
-- the type has to be recreated: the view (and function) must be dropped and recreated around it

CREATE TYPE public.doc_status AS ENUM ('draft', 'published', 'archived');

CREATE TABLE public.document (
    id integer PRIMARY KEY,
    title text NOT NULL,
    status public.doc_status NOT NULL DEFAULT 'draft'
);

CREATE INDEX document_status_idx ON public.document (status);

CREATE VIEW public.published_doc AS
    SELECT id, title, status
    FROM public.document
    WHERE status = 'published';

CREATE FUNCTION public.is_visible(s public.doc_status) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT s = 'published' $$;

INSERT INTO public.document VALUES (1, 'Guide', 'published'), (2, 'Notes', 'draft');
