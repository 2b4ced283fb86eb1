-- pair: public.person.first_name varchar(20) -> varchar(100) (and public.person.country char(2) -> char(3)); rows are short enough to survive the reverse narrowing

CREATE TABLE public.person (
    id integer PRIMARY KEY,
    first_name varchar(20) NOT NULL,
    last_name varchar(50) NOT NULL,
    country char(2)
);

CREATE INDEX person_first_name_idx ON public.person (first_name);

INSERT INTO public.person VALUES (1, 'Ada', 'Lovelace', 'GB'), (2, 'Grace', 'Hopper', 'US');
