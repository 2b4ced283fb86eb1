CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    nick text,
    created_at timestamp NOT NULL
);

CREATE INDEX user_created_day_idx ON public.app_user (date_trunc('month', created_at));
CREATE UNIQUE INDEX user_email_lower_key ON public.app_user (lower(email));
CREATE INDEX user_full_name_idx ON public.app_user ((first_name || ' ' || last_name), coalesce(nick, ''));

INSERT INTO public.app_user VALUES (1, 'Ada@Example.com', 'Ada', 'Lovelace', NULL, '2024-01-01 00:00:00');
