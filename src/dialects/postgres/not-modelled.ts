import { USER_NAMESPACE, ifFewObjects, madeAfterInitdb, notExtensionMember } from './catalog-sql.js';

/** The relation of a row in pg_class `c` is a user object (not in a system schema, not an extension's). */
const USER_RELATION = `${USER_NAMESPACE} AND ${notExtensionMember('pg_class', 'c.oid')}`;

/** User columns of user tables: `a` in pg_attribute, `c` its table, `n` its namespace. */
const userColumns = (
  few: boolean,
) => `FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${ifFewObjects(few, 'a.attrelid')}a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'm') AND ${USER_RELATION}`;

/**
 * What pg_dump writes and schemaguard does not model yet, by kind (a singular noun),
 * each with the query that counts it in a database (`few`: see `FEW_OBJECTS`). A kind that gets modelled is
 * taken out by deleting its line; whatever is left is reported as "not included" by
 * `dump` and "not compared" by every comparison, so "No differences" never promises
 * more than was compared.
 */
export const notModelled = (few: boolean): Readonly<Record<string, string>> => ({
  subscription: `SELECT count(subdbid) FROM pg_subscription WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  'security label': `SELECT count(*) FROM pg_seclabel`,
  'column statistics target': `SELECT count(*) ${userColumns(few)} AND coalesce(a.attstattarget::int, -1) >= 0`,
  'range type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE ${ifFewObjects(few, 't.oid')}t.typtype = 'r' AND ${USER_NAMESPACE} AND ${notExtensionMember('pg_type', 't.oid')}`,
  'base type': `SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE ${ifFewObjects(few, 't.oid')}t.typtype = 'b' AND ${USER_NAMESPACE} AND ${notExtensionMember('pg_type', 't.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)`,
  'procedural language': `SELECT count(*) FROM pg_language l WHERE ${madeAfterInitdb('l.oid')} AND ${notExtensionMember('pg_language', 'l.oid')}`,
  'default privilege': `SELECT count(*) FROM pg_default_acl`,
});

/** One query counting every kind of {@link notModelled}: rows of `kind` and `count`. */
export function notModelledQuery(few: boolean): string {
  return Object.entries(notModelled(few))
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
