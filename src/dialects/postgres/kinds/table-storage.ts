import type { Hazard } from '../../../diff/change.js';
import type { ColumnDef, TableDef } from '../../../schema/model.js';
import { type CatalogScope, ifFewObjects, inScope, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify, quoteIdent } from '../quote.js';
import { type KindPlanContext, type Rows, changed, optStr, str } from './context.js';

/*
 * How a table is stored: its access method (`USING …`), `REPLICA IDENTITY`, and each
 * column's `COMPRESSION` and `STORAGE`, recorded only where they differ from the defaults.
 * The tables' are read by one query over every table; the columns' come with the columns
 * (the catalog's column query, which already reads each column with its type).
 */

/** `STORAGE` of a column by `pg_attribute.attstorage`. */
export const COLUMN_STORAGE: Readonly<Record<string, string>> = {
  p: 'PLAIN',
  e: 'EXTERNAL',
  m: 'MAIN',
  x: 'EXTENDED',
};
/** `COMPRESSION` of a column by `pg_attribute.attcompression`. */
export const COLUMN_COMPRESSION: Readonly<Record<string, string>> = { p: 'pglz', l: 'lz4' };

/** Tables whose access method or replica identity is not the default. */
export const tableStorageQuery = (few: boolean, scope: CatalogScope | undefined) => `
SELECT n.nspname AS schema, c.relname AS name,
  CASE WHEN c.relam <> 0 AND am.amname <> 'heap' THEN am.amname END AS access_method,
  c.relreplident AS replica_identity, ri.relname AS replica_index
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_am am ON am.oid = c.relam
LEFT JOIN pg_index i ON c.relreplident = 'i' AND i.indrelid = c.oid AND i.indisreplident
LEFT JOIN pg_class ri ON ri.oid = i.indexrelid
WHERE ${inScope(scope, 'relations', 'c.oid')}${ifFewObjects(few, 'c.oid')}c.relkind IN ('r', 'p') AND ${userNamespace(scope)} AND ${notExtensionMember('pg_class', 'c.oid')}
  AND ((c.relam <> 0 AND am.amname <> 'heap') OR c.relreplident <> 'd')`;

/** The tables with their access method and replica identity from {@link tableStorageQuery} rows. */
export function withTableStorage(tables: readonly TableDef[], rows: Rows): TableDef[] {
  const byName = new Map(rows.map((r) => [`${str(r.schema)}.${str(r.name)}`, r]));
  return tables.map((t) => {
    const row = byName.get(`${t.schema}.${t.name}`);
    if (!row) return t;
    const identity = str(row.replica_identity);
    return {
      ...t,
      accessMethod: optStr(row.access_method),
      replicaIdentity:
        identity === 'f'
          ? 'FULL'
          : identity === 'n'
            ? 'NOTHING'
            : identity === 'i' && row.replica_index
              ? { index: str(row.replica_index) }
              : undefined,
    };
  });
}

/** ` USING method` of `CREATE TABLE`, or nothing for heap. */
export function accessMethodClause(t: TableDef): string {
  return t.accessMethod ? ` USING ${quoteIdent(t.accessMethod)}` : '';
}

/** ` COMPRESSION method` of a column definition, or nothing. */
export function compressionClause(c: ColumnDef): string {
  return c.compression ? ` COMPRESSION ${c.compression}` : '';
}

/** `SET STORAGE` of a table's columns, which `CREATE TABLE` only takes from PostgreSQL 16. */
export function columnStorageSql(t: TableDef): string[] {
  return t.columns
    .filter((c) => c.storage !== undefined && !c.inherited)
    .map(
      (c) => `ALTER TABLE ${qualify(t.schema, t.name)} ALTER COLUMN ${quoteIdent(c.name)} SET STORAGE ${c.storage};`,
    );
}

function replicaIdentitySql(t: TableDef): string {
  const identity = t.replicaIdentity ?? 'DEFAULT';
  const clause = typeof identity === 'string' ? identity : `USING INDEX ${quoteIdent(identity.index)}`;
  return `ALTER TABLE ${qualify(t.schema, t.name)} REPLICA IDENTITY ${clause};`;
}

/** `REPLICA IDENTITY` of tables that do not use the default, once their indexes exist. */
export function replicaIdentityStatements(tables: readonly TableDef[]): string[] {
  return tables.filter((t) => t.replicaIdentity !== undefined).map(replicaIdentitySql);
}

/** Types whose values are stored `MAIN` by default; other variable-length types are `EXTENDED`. */
const MAIN_TYPES = /^(numeric|inet|cidr)(\(|$)/;

/**
 * A table's access method or replica identity changed. A new access method rewrites
 * the table under an exclusive lock; a new replica identity changes what logical
 * replication sends for updates and deletes.
 */
export function planTableStorage(ctx: KindPlanContext, table: TableDef): void {
  const name = qualify(table.schema, table.name);
  if (changed(ctx.change, 'accessMethod')) {
    ctx.emit('alter tables', `ALTER TABLE ${name} SET ACCESS METHOD ${quoteIdent(table.accessMethod ?? 'heap')};`, [
      'table-rewrite',
      'long-lock',
    ]);
  }
  if (changed(ctx.change, 'replicaIdentity'))
    ctx.emit('rules, statistics and publications', replicaIdentitySql(table), ['backward-incompatible']);
}

/**
 * A column's compression or storage changed (or must be set again after a new type,
 * which resets both). Existing values keep their old form until they are written again.
 */
export function planColumnStorage(
  ctx: KindPlanContext,
  table: TableDef,
  before: ColumnDef | undefined,
  after: ColumnDef,
): void {
  const retyped = before !== undefined && changed(ctx.change, 'type');
  const alter = (sql: string, hazards: readonly Hazard[] = []) =>
    ctx.emit(
      'alter tables',
      `ALTER TABLE ${qualify(table.schema, table.name)} ALTER COLUMN ${quoteIdent(after.name)} ${sql};`,
      hazards,
    );
  if (before !== undefined && (changed(ctx.change, 'compression') || changed(ctx.change, 'storage'))) {
    ctx.emit(
      'alter tables',
      `-- ${ctx.change.path}: values already stored keep their old compression and storage until their rows are written again`,
    );
  }
  if (before !== undefined && (changed(ctx.change, 'compression') || (retyped && after.compression)))
    alter(`SET COMPRESSION ${after.compression ?? 'default'}`);
  if (changed(ctx.change, 'storage') || (retyped && after.storage) || (before === undefined && after.storage))
    alter(`SET STORAGE ${after.storage ?? (MAIN_TYPES.test(after.type) ? 'MAIN' : 'EXTENDED')}`);
}
