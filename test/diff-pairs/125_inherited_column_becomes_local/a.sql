-- pair: under inheritance, the child public.manager's column "title" is only inherited in A (attislocal false) and also declared locally in B (attislocal true, attinhcount 1), as pg_dump tells apart, while its other parent columns stay inherited-only; no ALTER sets a column's attislocal alone, so public.manager is created again with its rows kept, both ways; every column of the child public.contractor becomes local in B, which NO INHERIT then INHERIT does in place (B -> A rebuilds it)

CREATE TABLE public.employee (
    id integer NOT NULL,
    name text NOT NULL,
    title text
);

CREATE TABLE public.manager (
    reports integer NOT NULL DEFAULT 0
) INHERITS (public.employee);

CREATE TABLE public.contractor (
    agency text
) INHERITS (public.employee);

INSERT INTO public.employee VALUES (1, 'Ada', 'engineer');
INSERT INTO public.manager VALUES (2, 'Grace', 'lead', 4);
INSERT INTO public.contractor VALUES (3, 'Linus', NULL, 'Acme');
