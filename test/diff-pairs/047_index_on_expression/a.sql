-- pair: expression indexes: a unique index on lower(email) is added; public.user_created_day_idx's expression changes from date_trunc('day', created_at) to date_trunc('month', created_at); a multi-expression index ((first_name || ' ' || last_name), coalesce(nick, '')) is added

CREATE TABLE public.app_user (
    id integer PRIMARY KEY,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    nick text,
    created_at timestamp NOT NULL
);

CREATE INDEX user_created_day_idx ON public.app_user (date_trunc('day', created_at));

INSERT INTO public.app_user VALUES (1, 'Ada@Example.com', 'Ada', 'Lovelace', NULL, '2024-01-01 00:00:00');
