-- pair: sequence, function, procedure, schema and type privileges change: USAGE on public.order_seq granted to sg_app_writer (SELECT kept for sg_app_reader); EXECUTE on public.place_order(integer) revoked from PUBLIC and granted to sg_app_writer; EXECUTE on procedure public.cleanup() granted to sg_app_admin; USAGE on schema app granted to sg_app_reader; USAGE on type app.mood revoked from PUBLIC
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

CREATE SCHEMA app;

CREATE TYPE app.mood AS ENUM ('ok', 'bad');

CREATE SEQUENCE public.order_seq;

CREATE FUNCTION public.place_order(qty integer) RETURNS bigint
    LANGUAGE sql
    AS $$ SELECT nextval('public.order_seq') $$;

CREATE PROCEDURE public.cleanup()
    LANGUAGE sql
    AS $$ SELECT 1 $$;

GRANT SELECT ON SEQUENCE public.order_seq TO sg_app_reader;
