import { defineConfig } from 'schemaguard';

// The example's environments are databases on a MySQL or MariaDB server, named by LMS_*_URL
// (`npm run demo -- --mysql URL` creates them). MySQL has no embedded database: with no "shadow"
// server named here, migrations are replayed in temporary databases on the environment's own server.
export default defineConfig({
  dialect: 'mysql',
  environments: {
    development: { urlEnv: 'LMS_DEVELOPMENT_URL', confirm: false },
    staging: { urlEnv: 'LMS_STAGING_URL', branch: 'staging', snapshot: 'database_schema/staging_schema.json' },
    production: {
      urlEnv: 'LMS_PRODUCTION_URL',
      branch: 'main',
      snapshot: 'database_schema/production_schema.json',
      confirm: 'type-name',
    },
  },
  // The schema the application expects, in SQL (drizzle's MySQL models are not read yet).
  models: 'sql:./src/db/schema.sql',
  migrations: { dir: 'migrations' },
  // The seeds' critical relationship: assets reference resources, not publishing organizations.
  assertions: [
    { table: 'asset', column: 'resource_id' },
    { table: 'asset', absentColumn: 'publishing_organization_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
  ],
  checks: [{ name: 'admin user exists', sql: 'SELECT 1 FROM app_user WHERE is_superuser LIMIT 1' }],
});
