CREATE TABLE public.contact (
    email text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_name text NOT NULL,
    id integer PRIMARY KEY,
    first_name text NOT NULL
);

CREATE INDEX contact_last_name_idx ON public.contact (last_name, first_name);

INSERT INTO public.contact (id, first_name, last_name, email) VALUES (1, 'Ada', 'Lovelace', 'ada@example.com');
