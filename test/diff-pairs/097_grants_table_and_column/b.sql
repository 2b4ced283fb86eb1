-- Roles are cluster-global: create them only if missing (safe to run repeatedly and concurrently).
DO $roles$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['sg_app_reader', 'sg_app_writer', 'sg_app_admin', 'sg_app_owner'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- created concurrently by another session
            END;
        END IF;
    END LOOP;
END
$roles$;

CREATE TABLE public.customer (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE public.customer_secret (
    customer_id integer PRIMARY KEY REFERENCES public.customer (id),
    name text,
    tax_id text,
    note text
);

CREATE TABLE public.lookup (
    code text PRIMARY KEY
);

GRANT SELECT ON public.customer TO sg_app_reader;
GRANT SELECT, INSERT, UPDATE ON public.customer TO sg_app_writer;
GRANT SELECT ON public.customer TO sg_app_admin WITH GRANT OPTION;
GRANT SELECT (customer_id, name) ON public.customer_secret TO sg_app_reader;
GRANT UPDATE (note) ON public.customer_secret TO sg_app_writer;
