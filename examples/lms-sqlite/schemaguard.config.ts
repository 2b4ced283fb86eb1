import { defineConfig } from 'schemaguard';

// The example's environments are SQLite files in .data/ (`npm run demo -- --sqlite` creates them
// empty); point LMS_*_URL at other files, or libSQL servers, to use it for real.
export default defineConfig({
  dialect: 'sqlite',
  environments: {
    development: { urlEnv: 'LMS_DEVELOPMENT_URL', url: 'sqlite:./.data/development.db', confirm: false },
    staging: {
      urlEnv: 'LMS_STAGING_URL',
      url: 'sqlite:./.data/staging.db',
      branch: 'staging',
      snapshot: 'database_schema/staging_schema.json',
    },
    production: {
      urlEnv: 'LMS_PRODUCTION_URL',
      url: 'sqlite:./.data/production.db',
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
  checks: [{ name: 'admin user exists', sql: 'SELECT 1 FROM app_user WHERE is_superuser LIMIT 1' }],
});
