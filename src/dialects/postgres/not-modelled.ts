import { USER_NAMESPACE, notExtensionMember } from './catalog-sql.js';

/** The relation of a row in pg_class `c` is a user object (not in a system schema, not an extension's). */
const USER_RELATION = `${USER_NAMESPACE} AND ${notExtensionMember('pg_class', 'c.oid')}`;

/** User columns of user tables: `a` in pg_attribute, `c` its table, `n` its namespace. */
const USER_COLUMNS = `FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND ${USER_RELATION}`;

/**
 * What pg_dump writes and schemaguard does not model yet, by kind (a singular noun),
 * each with the query that counts it in a database. A kind that gets modelled is
 * taken out by deleting its line; whatever is left is reported as "not included" by
 * `dump` and "not compared" by every comparison, so "No differences" never promises
 * more than was compared.
 */
export const NOT_MODELLED: Readonly<Record<string, string>> = {
  subscription: `SELECT count(subdbid) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  'security label': `SELECT count(*) FROM pg_seclabel`,
  'column statistics target': `SELECT count(*) ${USER_COLUMNS} AND coalesce(a.attstattarget::int, -1) >= 0`,
  'range type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'r' AND ${USER_NAMESPACE} AND ${notExtensionMember('pg_type', 't.oid')}`,
  'base type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'b' AND ${USER_NAMESPACE} AND ${notExtensionMember('pg_type', 't.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)`,
  'procedural language': `SELECT count(*) FROM pg_language l WHERE l.oid >= 16384 AND ${notExtensionMember('pg_language', 'l.oid')}`,
  'default privilege': `SELECT count(*) FROM pg_default_acl`,
};

/** One query counting every kind of {@link NOT_MODELLED}: rows of `kind` and `count`. */
export const NOT_MODELLED_QUERY = Object.entries(NOT_MODELLED)
  .map(([kind, count]) => `SELECT '${kind}' AS kind, (${count}) AS count`)
  .join('\nUNION ALL\n');

/** The counts of a {@link NOT_MODELLED_QUERY} result, leaving out kinds with none. */
export function notModelledCounts(rows: readonly Record<string, unknown>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const count = Number(row.count);
    if (count > 0) counts[String(row.kind)] = count;
  }
  return counts;
}
