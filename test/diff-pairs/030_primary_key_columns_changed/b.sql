CREATE TABLE public.membership (
    id integer NOT NULL,
    org_id integer NOT NULL,
    user_id integer NOT NULL,
    role text NOT NULL DEFAULT 'member',
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE public.setting (
    scope text NOT NULL DEFAULT 'global',
    key text NOT NULL,
    value text,
    PRIMARY KEY (scope, key)
);

CREATE TABLE public.setting_history (
    id integer PRIMARY KEY,
    setting_scope text NOT NULL DEFAULT 'global',
    setting_key text NOT NULL,
    old_value text,
    FOREIGN KEY (setting_scope, setting_key) REFERENCES public.setting (scope, key)
);

INSERT INTO public.membership VALUES (1, 10, 100, 'owner'), (2, 10, 101, 'member');
INSERT INTO public.setting VALUES ('global', 'theme', 'dark'), ('global', 'lang', 'en');
INSERT INTO public.setting_history VALUES (1, 'global', 'theme', 'light');
