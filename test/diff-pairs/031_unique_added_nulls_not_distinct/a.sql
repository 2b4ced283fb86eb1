-- pair: unique constraints are added: public.account.email UNIQUE, public.account (tenant_id, external_ref) UNIQUE NULLS NOT DISTINCT, and a unique index with NULLS NOT DISTINCT on public.device (serial)

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    email text NOT NULL,
    external_ref text
);

CREATE TABLE public.device (
    id integer PRIMARY KEY,
    serial text
);

INSERT INTO public.account VALUES (1, 1, 'a@example.com', NULL), (2, 1, 'b@example.com', 'X1'), (3, 2, 'c@example.com', NULL);
INSERT INTO public.device VALUES (1, 'S-1'), (2, NULL);
