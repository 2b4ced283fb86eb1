CREATE TABLE public.person (
    id integer PRIMARY KEY,
    given_name text NOT NULL,
    family_name text NOT NULL CONSTRAINT person_surname_check CHECK (family_name <> ''),
    email text
);

CREATE INDEX person_surname_idx ON public.person (family_name);

CREATE VIEW public.person_name AS
    SELECT id, given_name || ' ' || family_name AS full_name FROM public.person;

INSERT INTO public.person VALUES (1, 'Ada', 'Lovelace', 'ada@example.com');
