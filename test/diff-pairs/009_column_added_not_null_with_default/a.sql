-- pair: NOT NULL columns with defaults are added to a table holding rows: public.account.status text NOT NULL DEFAULT 'active', public.account.credit integer NOT NULL DEFAULT 0, public.account.created_at timestamptz NOT NULL DEFAULT now()

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    login text NOT NULL UNIQUE
);

INSERT INTO public.account VALUES (1, 'ada'), (2, 'grace'), (3, 'linus');
