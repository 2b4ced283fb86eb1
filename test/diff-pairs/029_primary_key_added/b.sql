CREATE TABLE public.country (
    code char(2) NOT NULL PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.city (
    id integer CONSTRAINT city_pk PRIMARY KEY,
    country_code char(2) NOT NULL,
    name text NOT NULL
);

INSERT INTO public.country VALUES ('GB', 'United Kingdom'), ('FR', 'France');
INSERT INTO public.city VALUES (1, 'GB', 'London'), (2, 'FR', 'Paris');
