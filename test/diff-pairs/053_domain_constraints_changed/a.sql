-- pair: domain changes: public.email gets a NOT NULL and a new check (email_has_at), public.percent's check changes (0..100 -> 0..1000) and its default is added, public.code loses its default and NOT NULL, public.label's default changes; columns using the domains hold conforming rows

CREATE DOMAIN public.email AS text;
CREATE DOMAIN public.percent AS integer CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 100);
CREATE DOMAIN public.code AS varchar(8) DEFAULT 'NONE' NOT NULL;
CREATE DOMAIN public.label AS text DEFAULT 'untitled';

CREATE TABLE public.survey (
    id integer PRIMARY KEY,
    contact public.email,
    score public.percent,
    code public.code,
    label public.label
);

INSERT INTO public.survey VALUES (1, 'a@example.com', 50, 'S1', 'first'), (2, 'b@example.com', 100, 'S2', 'second');
