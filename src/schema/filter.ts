import picomatch from 'picomatch';
import { filterLists } from './kind-lists.js';
import { objectKeys } from './keys.js';
import type { ObjectKey, Schema } from './model.js';

/**
 * Which part of a schema to keep. Patterns are globs (`*`, `?`, `[abc]`, `{a,b}`; see
 * {@link nameMatcher}); table patterns may be qualified (`app.user*`).
 */
export interface SchemaFilter {
  /** Schemas to keep (default: every non-system schema). */
  readonly schemas?: readonly string[];
  readonly excludeSchemas?: readonly string[];
  /** Tables, views and sequences to keep; when given, other kinds of object are left out, as `pg_dump --table` does. */
  readonly tables?: readonly string[];
  readonly excludeTables?: readonly string[];
  /** Keep the bookkeeping tables of migration tools, and Django's framework tables (left out by default). */
  readonly includeSystemTables?: boolean;
  /**
   * Keep what the schemas hold, not the schemas themselves: each kept schema by its name alone
   * (no comment, owner or grants), and no extensions, which belong to the whole database. For a
   * schema-per-tenant target (`ResolvedConfig.scope`), whose schema is compared with another
   * (`public`) that it only stands for.
   */
  readonly objectsOnly?: boolean;
}

/** schemaguard's own migration history table. */
export const HISTORY_TABLE = 'schemaguard_migrations';

/** Django's migration history: a schema that has it is a Django project's. */
const DJANGO_HISTORY_TABLE = 'django_migrations';

/**
 * Django's framework tables (Django 3.2 to 5.x), left out of a Django project's schema (one
 * with `django_migrations`): the tables of the `django.contrib` apps a project may install
 * (contenttypes, sessions, admin, sites, auth's permissions and groups, flatpages, redirects).
 * `auth_user` and its two many-to-many tables are not among them: they are the project's user
 * table, with its data and the foreign keys of the project's own apps.
 */
const DJANGO_TABLES = [
  'django_content_type',
  'django_session',
  'django_admin_log',
  'django_site',
  'auth_permission',
  'auth_group',
  'auth_group_permissions',
  'django_flatpage',
  'django_flatpage_sites',
  'django_redirect',
];

/** Bookkeeping tables of migration tools, matched in any schema. */
const SYSTEM_TABLES = [
  HISTORY_TABLE,
  // schemaguard's migration lock on SQLite, a row per run (src/dialects/sqlite/lock.ts).
  'schemaguard_lock',
  '_prisma_migrations',
  '__drizzle_migrations',
  'knex_migrations*',
  'kysely_migration*',
  'migrations',
  'flyway_schema_history',
  'schema_migrations',
  DJANGO_HISTORY_TABLE,
  'SequelizeMeta',
  // Liquibase's changelog and lock tables, lower case where the engine folds unquoted names.
  '{databasechangelog,DATABASECHANGELOG}{,lock,LOCK}',
  // Other tools' histories, which a database they migrate holds and a replay of its
  // migrations does not: Rust's diesel, sqlx and refinery, Python's Alembic and yoyo, Go's
  // goose, Rails (beside schema_migrations), EF Core, Doctrine, Phinx, node-pg-migrate,
  // MikroORM, TypeORM's metadata, Atlas.
  '__diesel_schema_migrations',
  '_sqlx_migrations',
  'refinery_schema_history',
  'alembic_version',
  '_yoyo_{migration,log,version}',
  'yoyo_lock',
  'goose_db_version',
  'ar_internal_metadata',
  '__EFMigrationsHistory',
  'doctrine_migration_versions',
  'phinxlog',
  'pgmigrations',
  'mikro_orm_migrations',
  'typeorm_metadata',
  'atlas_schema_revisions',
];

/** Schemas that belong wholly to a migration tool (Atlas keeps its revisions in a schema of that name on PostgreSQL). */
const SYSTEM_SCHEMAS = ['drizzle', 'sqitch', 'atlas_schema_revisions'];

/**
 * Whether a name matches any of the globs, as picomatch reads them: `*` any run of
 * characters but `/`, `?` one, `[abc]` one of a set, `{a,b}` either; case-sensitive; a
 * leading dot is an ordinary character in a database name.
 */
export function nameMatcher(patterns: readonly string[]): (name: string) => boolean {
  if (patterns.length === 0) return () => false;
  // A run of stars means what one does; picomatch would read `**` as a path globstar (and
  // `***` leaves the rest of the glob unescaped).
  const globs = patterns.map((p) => p.replace(/\*{2,}/g, '*'));
  // picomatch's own matcher for what it rejects (an empty glob), with its error.
  if (globs.includes('')) return picomatch(globs, { dot: true });
  // What picomatch's matcher tests, without the result object it builds for each name: a
  // name matches a glob it equals or the glob's regular expression; the empty name none. A
  // glob of plain characters matches only itself, so it is looked up instead of tested.
  const plain = new Set(globs.filter((glob) => PLAIN_GLOB.test(glob)));
  const regexes = globs.filter((glob) => !plain.has(glob)).map(globExpression);
  return (name) => name !== '' && (plain.has(name) || regexes.some((regex) => regex.test(name)));
}

/** A glob without any character picomatch gives a meaning to: it matches the name it spells, and no other. */
const PLAIN_GLOB = /^[\p{L}\p{N}_$.:# -]+$/u;

/** picomatch's regular expression of each glob met, made once per process (the system tables' at every filter). */
const globExpressions = new Map<string, RegExp>();

function globExpression(glob: string): RegExp {
  let regex = globExpressions.get(glob);
  if (!regex) {
    regex = picomatch.makeRe(glob, { dot: true });
    globExpressions.set(glob, regex);
  }
  return regex;
}

/** Whether a relation matches any of the globs: one with a dot is matched against `schema.name`, others against the name. */
export function relationMatcher(patterns: readonly string[]): (schema: string, name: string) => boolean {
  const qualified = nameMatcher(patterns.filter((p) => p.includes('.')));
  const unqualified = nameMatcher(patterns.filter((p) => !p.includes('.')));
  return (schema, name) => unqualified(name) || qualified(`${schema}.${name}`);
}

/** Keeps in every `dependsOn` only objects the schema itself lists. */
export function pruneDependencies(schema: Schema): Schema {
  // Listed only when some object depends on another (none does in most SQLite and MySQL schemas).
  let listed: Set<ObjectKey> | undefined;
  const known = { has: (key: ObjectKey) => (listed ??= objectKeys(schema)).has(key) };
  const prune = <T extends { readonly dependsOn?: readonly ObjectKey[] }>(o: T): T => {
    if (!o.dependsOn || o.dependsOn.every((k) => known.has(k))) return o;
    const kept = o.dependsOn.filter((k) => known.has(k));
    return { ...o, dependsOn: kept.length > 0 ? kept : undefined };
  };
  return {
    ...schema,
    domains: schema.domains.map(prune),
    compositeTypes: schema.compositeTypes.map(prune),
    tables: schema.tables.map(prune),
    views: schema.views.map(prune),
    functions: schema.functions.map(prune),
    ...(schema.aggregates ? { aggregates: schema.aggregates.map(prune) } : {}),
    ...(schema.operators ? { operators: schema.operators.map(prune) } : {}),
  };
}

/**
 * `original` itself when `filtered` holds the same objects in every list (the filter kept
 * everything and pruned nothing, as it does for most schemas), else `filtered`: what was
 * established about `original` (normalised, canonical) then still holds.
 */
function originalWhenAllKept(original: Schema, filtered: Schema): Schema {
  const lists = new Set([...Object.keys(original), ...Object.keys(filtered)]);
  for (const list of lists) {
    const before: unknown = original[list as keyof Schema];
    const after: unknown = filtered[list as keyof Schema];
    if (before === after) continue;
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return filtered;
    for (let i = 0; i < after.length; i++) if (after[i] !== before[i]) return filtered;
  }
  return original;
}

/** The part of a schema a filter keeps. */
export function filterSchema(schema: Schema, filter: SchemaFilter): Schema {
  const includeSchema = filter.schemas?.length ? nameMatcher(filter.schemas) : () => true;
  const excludeSchema = nameMatcher([
    ...(filter.excludeSchemas ?? []),
    ...(filter.includeSystemTables ? [] : SYSTEM_SCHEMAS),
  ]);
  const inSchema = (s: string) => includeSchema(s) && !excludeSchema(s);
  const tableFilterGiven = (filter.tables?.length ?? 0) > 0;
  const includeRelation = tableFilterGiven ? relationMatcher(filter.tables ?? []) : () => true;
  const django = schema.tables.some((t) => t.name === DJANGO_HISTORY_TABLE);
  const excludeRelation = relationMatcher([
    ...(filter.excludeTables ?? []),
    ...(filter.includeSystemTables ? [] : SYSTEM_TABLES),
    ...(filter.includeSystemTables || !django ? [] : DJANGO_TABLES),
  ]);
  const keepRelation = (s: string, n: string) => inSchema(s) && includeRelation(s, n) && !excludeRelation(s, n);
  const keepOther = (s: string) => !tableFilterGiven && inSchema(s);

  const tables = schema.tables.filter((t) => keepRelation(t.schema, t.name));
  const keptTables = new Set(tables.map((t) => `${t.schema}.${t.name}`));
  const sequences = schema.sequences.filter((s) =>
    s.ownedBy ? keptTables.has(`${s.ownedBy.schema}.${s.ownedBy.table}`) : keepRelation(s.schema, s.name),
  );
  const views = schema.views.filter((v) => keepRelation(v.schema, v.name));
  const filtered: Schema = {
    schemas: [],
    extensions: filter.objectsOnly ? [] : schema.extensions.filter((x) => keepOther(x.schema)),
    collations: schema.collations.filter((c) => keepOther(c.schema)),
    enums: schema.enums.filter((e) => keepOther(e.schema)),
    domains: schema.domains.filter((d) => keepOther(d.schema)),
    compositeTypes: schema.compositeTypes.filter((c) => keepOther(c.schema)),
    sequences,
    tables,
    views,
    functions: schema.functions.filter((f) => keepOther(f.schema)),
    eventTriggers: !tableFilterGiven && !filter.schemas?.length ? schema.eventTriggers : [],
    ...filterLists(schema, {
      keepRelation,
      keepSchema: keepOther,
      keepDatabaseObjects: !tableFilterGiven && !filter.schemas?.length,
    }),
  };
  // With a table filter, the schemas that hold something kept.
  const used = tableFilterGiven
    ? new Set(
        [
          ...filtered.extensions,
          ...filtered.collations,
          ...filtered.enums,
          ...filtered.domains,
          ...filtered.compositeTypes,
          ...sequences,
          ...tables,
          ...views,
          ...filtered.functions,
        ].map((o) => o.schema),
      )
    : undefined;
  const schemas = schema.schemas
    .filter((s) => (used ? used.has(s.name) : inSchema(s.name)))
    .map((s) => (filter.objectsOnly ? { name: s.name } : s));
  return originalWhenAllKept(schema, pruneDependencies({ ...filtered, schemas }));
}
