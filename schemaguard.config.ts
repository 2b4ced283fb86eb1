import { defineConfig } from 'schemaguard';

// Written by `schemaguard init`; every key is described in docs/configuration.md of the schemaguard package.
export default defineConfig({
  dialect: 'postgres',
  snapshotDir: 'database_schema',
  baseline: 'database_schema/baseline_schema.json',
  environments: {
    // Each database URL comes from an environment variable, so no password is ever written here.
    development: { urlEnv: 'DATABASE_URL' },
    staging: {
      urlEnv: 'STAGING_DATABASE_URL',
      branch: 'staging',
      snapshot: 'database_schema/staging_schema.json',
    },
    production: {
      urlEnv: 'PRODUCTION_DATABASE_URL',
      branch: 'main',
      snapshot: 'database_schema/production_schema.json',
      // migrate apply and rollback ask to type the environment's name before changing it.
      confirm: 'type-name',
    },
  },
  // The models: verify and migrate check compare them with the databases and the migrations.
  // models: 'drizzle:./src/db/schema.ts',
  // The migration folder: migrate check, migrate status and the pre-commit hook read it.
  migrations: { dir: 'migrations', format: 'plain' },
});
