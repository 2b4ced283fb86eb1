-- pair: table and column privileges change: public.customer SELECT to sg_app_reader is kept, INSERT/UPDATE granted to sg_app_writer, DELETE revoked from sg_app_writer; column-level SELECT (id, name) on public.customer_secret to sg_app_reader replaces table-level SELECT; UPDATE (note) column grant added; WITH GRANT OPTION added for sg_app_admin; PUBLIC's SELECT on public.lookup revoked
-- requires: roles

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
GRANT SELECT, DELETE ON public.customer TO sg_app_writer;
GRANT SELECT ON public.customer TO sg_app_admin;
GRANT SELECT ON public.customer_secret TO sg_app_reader;
GRANT SELECT ON public.lookup TO PUBLIC;
