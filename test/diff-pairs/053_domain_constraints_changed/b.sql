CREATE DOMAIN public.email AS text NOT NULL CONSTRAINT email_has_at CHECK (position('@' in VALUE) > 1);
CREATE DOMAIN public.percent AS integer DEFAULT 0 CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 1000);
CREATE DOMAIN public.code AS varchar(8);
CREATE DOMAIN public.label AS text DEFAULT 'unnamed';

CREATE TABLE public.survey (
    id integer PRIMARY KEY,
    contact public.email,
    score public.percent,
    code public.code,
    label public.label
);

-- Values satisfy A's tighter rules too (score <= 100, code NOT NULL), so B -> A succeeds.
INSERT INTO public.survey VALUES (1, 'a@example.com', 50, 'S1', 'first'), (3, 'c@example.com', 75, 'S3', 'third');
