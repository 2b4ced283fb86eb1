CREATE TABLE public.account (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    email text NOT NULL,
    external_ref text,
    CONSTRAINT account_email_key UNIQUE (email),
    CONSTRAINT account_tenant_ref_key UNIQUE NULLS NOT DISTINCT (tenant_id, external_ref)
);

CREATE TABLE public.device (
    id integer PRIMARY KEY,
    serial text
);

CREATE UNIQUE INDEX device_serial_key ON public.device (serial) NULLS NOT DISTINCT;

INSERT INTO public.account VALUES (1, 1, 'a@example.com', NULL), (2, 1, 'b@example.com', 'X1'), (3, 2, 'c@example.com', NULL);
INSERT INTO public.device VALUES (1, 'S-1'), (2, NULL);
