-- scenario: row-level security: ENABLE / FORCE (together and separately), policies FOR ALL/SELECT/INSERT/UPDATE/DELETE, PERMISSIVE/RESTRICTIVE, TO PUBLIC and predefined roles, USING / WITH CHECK, subquery and function references, quoted names
-- (policies TO roles created by the scenario itself are in 12_privileges_owners.sql)

CREATE SCHEMA sec;

CREATE TABLE sec.tenants (
    id      integer PRIMARY KEY,
    name    text NOT NULL,
    active  boolean NOT NULL DEFAULT true
);

CREATE FUNCTION sec.current_tenant() RETURNS integer
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::integer $$;

CREATE TABLE sec.documents (
    id          integer PRIMARY KEY,
    tenant_id   integer NOT NULL REFERENCES sec.tenants (id),
    owner_name  name NOT NULL DEFAULT CURRENT_USER,
    title       text,
    is_public   boolean NOT NULL DEFAULT false,
    locked      boolean NOT NULL DEFAULT false
);

ALTER TABLE sec.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE sec.documents FORCE ROW LEVEL SECURITY;

-- FOR ALL with USING and WITH CHECK, explicit TO PUBLIC.
CREATE POLICY documents_owner_all ON sec.documents
    AS PERMISSIVE FOR ALL TO PUBLIC
    USING (owner_name = CURRENT_USER)
    WITH CHECK (owner_name = CURRENT_USER);

-- FOR SELECT, default role list (PUBLIC) and default PERMISSIVE.
CREATE POLICY documents_public_read ON sec.documents
    FOR SELECT
    USING (is_public);

-- FOR INSERT (WITH CHECK only), using a function.
CREATE POLICY documents_tenant_insert ON sec.documents
    FOR INSERT
    WITH CHECK (tenant_id = sec.current_tenant());

-- FOR UPDATE with both clauses.
CREATE POLICY documents_update_unlocked ON sec.documents
    FOR UPDATE
    USING (NOT locked)
    WITH CHECK (title IS NOT NULL AND length(title) > 0);

-- FOR DELETE restricted to predefined roles (exist in every cluster, PG14+).
CREATE POLICY documents_delete_admins ON sec.documents
    FOR DELETE TO pg_write_all_data, pg_read_all_data
    USING (true);

-- RESTRICTIVE policies, one with a subquery on another table.
CREATE POLICY documents_active_tenant ON sec.documents
    AS RESTRICTIVE FOR ALL
    USING (EXISTS (SELECT 1 FROM sec.tenants t WHERE t.id = documents.tenant_id AND t.active));

CREATE POLICY "Restrict Locked Select" ON sec.documents
    AS RESTRICTIVE FOR SELECT TO pg_read_all_data
    USING (NOT locked OR is_public);

-- RLS enabled but no policies (default deny), not forced.
CREATE TABLE sec.secrets (
    id      integer PRIMARY KEY,
    secret  text
);
ALTER TABLE sec.secrets ENABLE ROW LEVEL SECURITY;

-- FORCE without ENABLE (flag set, RLS itself off).
CREATE TABLE sec.forced_only (
    id integer PRIMARY KEY
);
ALTER TABLE sec.forced_only FORCE ROW LEVEL SECURITY;

-- Policies on a table whose RLS is disabled (policies exist but are inactive).
CREATE TABLE sec.inactive_policies (
    id        integer PRIMARY KEY,
    visible   boolean
);
CREATE POLICY inactive_visible ON sec.inactive_policies USING (visible);

-- Same policy name on two tables.
CREATE POLICY documents_public_read ON sec.tenants FOR SELECT USING (active);
ALTER TABLE sec.tenants ENABLE ROW LEVEL SECURITY;
