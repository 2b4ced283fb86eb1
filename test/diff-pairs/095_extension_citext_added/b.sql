CREATE EXTENSION citext WITH SCHEMA public VERSION '1.6';

CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    email public.citext NOT NULL CONSTRAINT app_user_email_key UNIQUE,
    name text
);

-- Emails differ case-insensitively too, so both directions keep the unique constraint valid.
INSERT INTO public.app_user VALUES (1, 'Ada@Example.com', 'Ada'), (2, 'grace@example.com', 'Grace');
