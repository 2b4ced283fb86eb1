CREATE TABLE public.account (
    id integer PRIMARY KEY,
    login text NOT NULL UNIQUE,
    status text NOT NULL DEFAULT 'active',
    credit integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO public.account (id, login, status, credit) VALUES (1, 'ada', 'active', 5), (2, 'grace', 'closed', 0);
