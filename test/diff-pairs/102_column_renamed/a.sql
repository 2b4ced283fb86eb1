-- pair: columns are renamed (with a rename hint, so the data is kept): public.person.surname -> family_name (indexed, used by a view and a check constraint), public.person.mail -> email
-- rename: public.person.surname=family_name
-- rename: public.person.mail=email

CREATE TABLE public.person (
    id integer PRIMARY KEY,
    given_name text NOT NULL,
    surname text NOT NULL CONSTRAINT person_surname_check CHECK (surname <> ''),
    mail text
);

CREATE INDEX person_surname_idx ON public.person (surname);

CREATE VIEW public.person_name AS
    SELECT id, given_name || ' ' || surname AS full_name FROM public.person;

INSERT INTO public.person VALUES (1, 'Ada', 'Lovelace', 'ada@example.com');
