-- pair: policy roles change on public.report: report_read TO PUBLIC -> TO sg_app_reader, sg_app_writer; report_write TO sg_app_writer -> TO sg_app_admin; report_admin TO sg_app_admin -> TO PUBLIC
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

CREATE TABLE public.report (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT current_user,
    body text
);

ALTER TABLE public.report ENABLE ROW LEVEL SECURITY;

CREATE POLICY report_read ON public.report FOR SELECT
    USING (true);
CREATE POLICY report_write ON public.report FOR INSERT TO sg_app_writer
    WITH CHECK (owner = current_user);
CREATE POLICY report_admin ON public.report FOR ALL TO sg_app_admin
    USING (true);
