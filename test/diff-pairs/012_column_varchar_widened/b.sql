CREATE TABLE public.person (
    id integer PRIMARY KEY,
    first_name varchar(100) NOT NULL,
    last_name varchar(50) NOT NULL,
    country char(3)
);

CREATE INDEX person_first_name_idx ON public.person (first_name);

INSERT INTO public.person VALUES (1, 'Ada', 'Lovelace', 'GB'), (3, 'Alan', 'Turing', 'GB');
