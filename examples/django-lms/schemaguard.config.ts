import { defineConfig } from 'schemaguard';

// The Django example: each environment's database URL comes from the variable Django's settings read
// too (lms/settings.py), so schemaguard and `python manage.py` always look at the same database.
export default defineConfig({
  environments: {
    development: { urlEnv: 'DATABASE_URL', confirm: false },
    staging: {
      urlEnv: 'STAGING_DATABASE_URL',
      branch: 'staging',
      snapshot: 'database_schema/staging_schema.json',
    },
    production: {
      urlEnv: 'PRODUCTION_DATABASE_URL',
      branch: 'main',
      snapshot: 'database_schema/production_schema.json',
      confirm: 'type-name',
    },
  },
  // django: refs run manage.py with this project's Python (django.python, else the active virtualenv,
  // else python3) against a shadow database.
  django: { manage: 'manage.py', settings: 'lms.settings' },
  // The models: the schema the project's migrations build for content.Asset, content.Resource and courses.Course.
  models: 'django:',
  // Django's migrations, recorded in django_migrations; migrate apply runs Django's migrate inside the
  // safety protocol (the seeds' safe_migration.sh).
  migrations: { dir: '.', table: 'django_migrations', command: 'python manage.py migrate' },
  // The seeds' critical relationship: assets reference resources, not publishing organizations.
  assertions: [
    { table: 'asset', column: 'resource_id' },
    { table: 'asset', absentColumn: 'publishing_organization_id' },
    { foreignKey: 'asset.resource_id -> resource.id' },
  ],
  // The rest of the seeds' pre-deploy checks: an admin user exists, and Django's system checks pass.
  checks: [
    { name: 'admin user exists', sql: 'SELECT 1 FROM public.auth_user WHERE is_superuser LIMIT 1' },
    { name: 'django system checks', command: 'python manage.py check', timeout: 120 },
  ],
});
