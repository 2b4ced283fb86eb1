CREATE TABLE public.employee (
    id integer NOT NULL,
    name text NOT NULL,
    title text
);

CREATE TABLE public.manager (
    title text,
    reports integer NOT NULL DEFAULT 0
) INHERITS (public.employee);

CREATE TABLE public.contractor (
    id integer NOT NULL,
    name text NOT NULL,
    title text,
    agency text
) INHERITS (public.employee);

INSERT INTO public.employee VALUES (1, 'Ada', 'engineer');
INSERT INTO public.manager VALUES (2, 'Grace', 'lead', 4);
INSERT INTO public.contractor VALUES (3, 'Linus', NULL, 'Acme');
