-- pair: covering indexes: public.account_email_idx gets INCLUDE (display_name); public.account_tenant_idx's INCLUDE list changes (status -> status, created_at); the unique constraint account_login_key gets INCLUDE (id)

CREATE TABLE public.account (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    login text NOT NULL,
    email text NOT NULL,
    display_name text,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_login_key UNIQUE (login)
);

CREATE INDEX account_email_idx ON public.account (email);
CREATE INDEX account_tenant_idx ON public.account (tenant_id) INCLUDE (status);

INSERT INTO public.account (id, tenant_id, login, email) VALUES (1, 1, 'ada', 'ada@example.com');
