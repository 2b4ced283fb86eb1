-- pair: NO DIFFERENCE expected (column order is ignored by default): public.contact has the same columns, types, defaults and constraints in a different physical order
-- requires: no-diff

CREATE TABLE public.contact (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX contact_last_name_idx ON public.contact (last_name, first_name);

INSERT INTO public.contact (id, first_name, last_name, email) VALUES (1, 'Ada', 'Lovelace', 'ada@example.com');
