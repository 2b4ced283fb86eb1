import { defineConfig } from 'schemaguard';

// The example's three environments are embedded PostgreSQL databases (PGlite) in .data/, so
// it runs with no server; point LMS_*_URL at real servers to use it for real.
export default defineConfig({
  environments: {
    development: { urlEnv: 'LMS_DEVELOPMENT_URL', url: 'pglite:./.data/development', confirm: false },
    staging: {
      urlEnv: 'LMS_STAGING_URL',
      url: 'pglite:./.data/staging',
      branch: 'staging',
      snapshot: 'database_schema/staging_schema.json',
    },
    production: {
      urlEnv: 'LMS_PRODUCTION_URL',
      url: 'pglite:./.data/production',
      branch: 'main',
      snapshot: 'database_schema/production_schema.json',
      confirm: 'type-name',
    },
  },
  // drizzle cannot describe triggers: the SQL next to the models adds them.
  models: 'drizzle:./src/db/schema.ts + sql:./src/db/triggers.sql',
  migrations: { dir: 'migrations' },
  // The seeds' critical relationship: assets reference resources, not publishing organizations.
  assertions: [
    { table: 'asset', column: 'resource_id' },
    { table: 'asset', absentColumn: 'publishing_organization_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
  ],
  checks: [{ name: 'admin user exists', sql: 'SELECT 1 FROM public.app_user WHERE is_superuser LIMIT 1' }],
});
