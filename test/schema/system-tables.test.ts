import { describe, expect, it } from 'vitest';
import { filterSchema } from '../../src/schema/filter.js';
import { emptySchema, type Schema } from '../../src/schema/model.js';

/** A schema of empty tables, by `schema.name`. */
function schemaOf(names: readonly string[]): Schema {
  const tables = names.map((qualified) => {
    const [schema, name] = qualified.split('.') as [string, string];
    return { schema, name, columns: [] };
  });
  return { ...emptySchema(), schemas: [...new Set(tables.map((t) => t.schema))].map((name) => ({ name })), tables };
}

describe('the bookkeeping tables of migration tools', () => {
  // Each is in a database its tool migrates and not in a replay of the migrations: kept, it
  // would be a difference between the two that the user did not make.
  const bookkeeping = [
    'public._prisma_migrations',
    'public.__drizzle_migrations',
    'public.knex_migrations',
    'public.knex_migrations_lock',
    'public.schema_migrations',
    'public.flyway_schema_history',
    'public.SequelizeMeta',
    'public.__diesel_schema_migrations',
    'public._sqlx_migrations',
    'public.refinery_schema_history',
    'public.alembic_version',
    'public._yoyo_migration',
    'public._yoyo_log',
    'public._yoyo_version',
    'public.yoyo_lock',
    'public.goose_db_version',
    'public.ar_internal_metadata',
    'public.__EFMigrationsHistory',
    'public.doctrine_migration_versions',
    'public.phinxlog',
    'public.pgmigrations',
    'public.mikro_orm_migrations',
    'public.typeorm_metadata',
    'public.atlas_schema_revisions',
    'atlas_schema_revisions.atlas_schema_revisions',
  ];
  const own = ['public.users', 'public.diesel_settings', 'public.alembic', 'public.version', 'app.goose_db'];

  it('are left out of a schema, and the tables of the project are kept', () => {
    const filtered = filterSchema(schemaOf([...bookkeeping, ...own]), {});
    expect(filtered.tables.map((t) => `${t.schema}.${t.name}`).sort()).toEqual([...own].sort());
  });

  it('are kept with includeSystemTables', () => {
    const kept = filterSchema(schemaOf([...bookkeeping, ...own]), { includeSystemTables: true });
    expect(kept.tables).toHaveLength(bookkeeping.length + own.length);
  });
});
