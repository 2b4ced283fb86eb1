-- pair: NO DIFFERENCE expected: column defaults are spelled differently but equal (now() vs CURRENT_TIMESTAMP, 'x'::text vs 'x' on a text column, 0 vs (0), 'a'::character varying vs 'a' on varchar, true vs 't'), plus spacing/case differences in the DDL
-- requires: no-diff

CREATE TABLE public.audit_entry (
    id integer PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    kind text NOT NULL DEFAULT 'x'::text,
    attempts integer NOT NULL DEFAULT 0,
    source varchar(10) DEFAULT 'a'::character varying,
    active boolean NOT NULL DEFAULT true
);

INSERT INTO public.audit_entry (id) VALUES (1);
