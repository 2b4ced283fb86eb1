-- pair: extension citext 1.6 is added (in schema public) and public.app_user.email changes text -> citext with its unique constraint; B -> A converts the column back and drops the extension
-- requires: extensions: citext

CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    email text NOT NULL CONSTRAINT app_user_email_key UNIQUE,
    name text
);

INSERT INTO public.app_user VALUES (1, 'Ada@Example.com', 'Ada'), (2, 'grace@example.com', 'Grace');
