import {
  type CatalogScope,
  ifFewObjects,
  inScope,
  madeAfterInitdb,
  notExtensionMember,
  userNamespace,
} from './catalog-sql.js';

/** User columns of user tables (in the `scope`'s schemas when given): `a` in pg_attribute, `c` its table, `n` its namespace. */
const userColumns = (
  few: boolean,
  scope: CatalogScope | undefined,
) => `FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${inScope(scope, 'relations', 'a.attrelid')}${ifFewObjects(few, 'a.attrelid')}a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm')
    AND ${userNamespace(scope)} AND ${notExtensionMember('pg_class', 'c.oid')}`;

/**
 * What pg_dump writes and schemaguard does not model yet, by kind (a singular noun),
 * each with the query that counts it in a database (`few`: see `FEW_OBJECTS`), or in
 * the `scope`'s schemas alone (what belongs to the whole database is then not counted). A kind that gets modelled is
 * taken out by deleting its line; whatever is left is reported as "not included" by
 * `dump` and "not compared" by every comparison, so "No differences" never promises
 * more than was compared.
 */
export const notModelled = (few: boolean, scope?: CatalogScope): Readonly<Record<string, string>> => ({
  ...(scope
    ? {}
    : {
        subscription: `SELECT count(subdbid) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        'security label': `SELECT count(*) FROM pg_seclabel`,
      }),
  'column statistics target': `SELECT count(*) ${userColumns(few, scope)} AND coalesce(a.attstattarget::int, -1) >= 0`,
  'range type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE ${inScope(scope, 'types', 't.oid')}${ifFewObjects(few, 't.oid')}t.typtype = 'r' AND ${userNamespace(scope)} AND ${notExtensionMember('pg_type', 't.oid')}`,
  'base type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE ${inScope(scope, 'types', 't.oid')}${ifFewObjects(few, 't.oid')}t.typtype = 'b' AND ${userNamespace(scope)} AND ${notExtensionMember('pg_type', 't.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE ${inScope(scope, 'types', 'e.oid')}e.typarray = t.oid)`,
  ...(scope
    ? {
        'default privilege': `SELECT count(*) FROM pg_default_acl x JOIN pg_namespace n ON n.oid = x.defaclnamespace
  WHERE ${userNamespace(scope)}`,
      }
    : {
        'procedural language': `SELECT count(*) FROM pg_language l WHERE ${madeAfterInitdb('l.oid')} AND ${notExtensionMember('pg_language', 'l.oid')}`,
        'default privilege': `SELECT count(*) FROM pg_default_acl`,
      }),
});

/** One query counting every kind of {@link notModelled}: rows of `kind` and `count`. */
export function notModelledQuery(few: boolean, scope?: CatalogScope): string {
  return Object.entries(notModelled(few, scope))
    .map(([kind, count]) => `SELECT '${kind}' AS kind, (${count}) AS count`)
    .join('\nUNION ALL\n');
}

/** The counts of a {@link notModelledQuery} result, leaving out kinds with none. */
export function notModelledCounts(rows: readonly Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const count = Number(row.count);
    if (count > 0) counts[String(row.kind)] = count;
  }
  return counts;
}
