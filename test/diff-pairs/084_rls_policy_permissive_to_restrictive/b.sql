CREATE TABLE public.invoice (
    id integer PRIMARY KEY,
    tenant text NOT NULL,
    void boolean NOT NULL DEFAULT false
);

ALTER TABLE public.invoice ENABLE ROW LEVEL SECURITY;

CREATE POLICY invoice_open ON public.invoice AS PERMISSIVE FOR SELECT
    USING (true);
CREATE POLICY invoice_tenant ON public.invoice AS RESTRICTIVE FOR ALL
    USING (tenant = current_setting('app.tenant', true));
CREATE POLICY invoice_not_void ON public.invoice AS PERMISSIVE FOR SELECT
    USING (NOT void);
