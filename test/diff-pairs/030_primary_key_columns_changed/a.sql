-- pair: the primary key of public.membership changes from (id) to (org_id, user_id) (id stays, NOT NULL); the primary key of public.setting changes from (key) to (scope, key), with a foreign key from public.setting_history that has to follow it

CREATE TABLE public.membership (
    id integer PRIMARY KEY,
    org_id integer NOT NULL,
    user_id integer NOT NULL,
    role text NOT NULL DEFAULT 'member'
);

CREATE TABLE public.setting (
    scope text NOT NULL DEFAULT 'global',
    key text PRIMARY KEY,
    value text
);

CREATE TABLE public.setting_history (
    id integer PRIMARY KEY,
    setting_key text NOT NULL REFERENCES public.setting (key),
    old_value text
);

INSERT INTO public.membership VALUES (1, 10, 100, 'owner'), (2, 10, 101, 'member');
INSERT INTO public.setting VALUES ('global', 'theme', 'dark'), ('global', 'lang', 'en');
INSERT INTO public.setting_history VALUES (1, 'theme', 'light');
