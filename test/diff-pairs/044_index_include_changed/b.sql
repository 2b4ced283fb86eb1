CREATE TABLE public.account (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    login text NOT NULL,
    email text NOT NULL,
    display_name text,
    status text NOT NULL DEFAULT 'active',
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_login_key UNIQUE (login) INCLUDE (id)
);

CREATE INDEX account_email_idx ON public.account (email) INCLUDE (display_name);
CREATE INDEX account_tenant_idx ON public.account (tenant_id) INCLUDE (status, created_at);

INSERT INTO public.account (id, tenant_id, login, email) VALUES (1, 1, 'ada', 'ada@example.com');
