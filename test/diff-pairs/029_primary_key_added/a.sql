-- pair: primary keys are added: public.country gets PRIMARY KEY (code) on a column already NOT NULL; public.city gets a named PRIMARY KEY (id) on a column that was nullable (no NULLs or duplicates in the rows)

CREATE TABLE public.country (
    code char(2) NOT NULL,
    name text NOT NULL
);

CREATE TABLE public.city (
    id integer,
    country_code char(2) NOT NULL,
    name text NOT NULL
);

INSERT INTO public.country VALUES ('GB', 'United Kingdom'), ('FR', 'France');
INSERT INTO public.city VALUES (1, 'GB', 'London'), (2, 'FR', 'Paris');
