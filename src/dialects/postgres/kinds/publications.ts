import type { PublicationDef, PublicationTable } from '../../../schema/model-kinds.js';
import { commentJoin, notExtensionMember } from '../catalog-sql.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';
import {
  type KindPlanContext,
  type Rows,
  changed,
  commentsOf,
  jsonRows,
  nonEmpty,
  optStr,
  ownersOf,
  planDocs,
  planNewDocs,
  str,
  strings,
} from './context.js';

/** Publications with their tables (column lists and row filters from PostgreSQL 15) and schemas. */
export function publicationsQuery(version: number): string {
  const pg15 = version >= 150000;
  const columns = pg15
    ? `(SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
        WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[]))`
    : 'NULL::text[]';
  const schemas = pg15
    ? `ARRAY(SELECT pn.nspname::text FROM pg_publication_namespace pp JOIN pg_namespace pn ON pn.oid = pp.pnnspid
        WHERE pp.pnpubid = p.oid ORDER BY 1)`
    : `'{}'::text[]`;
  return `
SELECT p.pubname AS name, p.puballtables AS all_tables,
  p.pubinsert AS ins, p.pubupdate AS upd, p.pubdelete AS del, p.pubtruncate AS trunc, p.pubviaroot AS via_root,
  ${version >= 180000 ? "p.pubgencols = 's'" : 'false'} AS generated_columns,
  pg_get_userbyid(p.pubowner) AS owner, d.description AS comment,
  (SELECT coalesce(json_agg(json_build_object('schema', tn.nspname, 'table', c.relname,
      'columns', ${columns}, 'where', ${pg15 ? 'pg_get_expr(pr.prqual, pr.prrelid)' : 'NULL::text'})), '[]')
    FROM pg_publication_rel pr
    JOIN pg_class c ON c.oid = pr.prrelid
    JOIN pg_namespace tn ON tn.oid = c.relnamespace
    WHERE pr.prpubid = p.oid) AS tables,
  ${schemas} AS schemas
FROM pg_publication p
${commentJoin('d', 'pg_publication', 'p.oid')}
WHERE ${notExtensionMember('pg_publication', 'p.oid')}`;
}

export function readPublications(
  rows: Rows,
  owner: (row: Record<string, unknown>) => string | undefined,
): PublicationDef[] {
  return rows.map((p) => ({
    name: str(p.name),
    allTables: p.all_tables === true,
    tables: nonEmpty(
      jsonRows(p.tables).map((t): PublicationTable => ({
        schema: str(t.schema),
        table: str(t.table),
        columns: Array.isArray(t.columns) ? t.columns.map(String) : undefined,
        where: optStr(t.where),
      })),
    ),
    schemas: nonEmpty(strings(p.schemas)),
    publish: [
      p.ins === true ? 'insert' : undefined,
      p.upd === true ? 'update' : undefined,
      p.del === true ? 'delete' : undefined,
      p.trunc === true ? 'truncate' : undefined,
    ].filter((x): x is string => x !== undefined),
    viaPartitionRoot: p.via_root === true,
    publishGeneratedColumns: p.generated_columns === true,
    comment: optStr(p.comment),
    owner: owner(p),
  }));
}

const publicationName = (p: PublicationDef) => `PUBLICATION ${quoteIdent(p.name)}`;

export function tableSql(t: PublicationTable): string {
  const columns = t.columns ? ` (${t.columns.map(quoteIdent).join(', ')})` : '';
  return `TABLE ${qualify(t.schema, t.table)}${columns}${t.where !== undefined ? ` WHERE (${t.where})` : ''}`;
}

/** The `WITH (…)` options; the generated-columns option only when set, as servers before 18 do not know it. */
function withOptions(p: PublicationDef): string {
  const options = [
    `publish = ${quoteLiteral(p.publish.join(', '))}`,
    `publish_via_partition_root = ${p.viaPartitionRoot === true}`,
    ...(p.publishGeneratedColumns ? ['publish_generated_columns = stored'] : []),
  ];
  return `WITH (${options.join(', ')})`;
}

export function createPublicationSql(p: PublicationDef): string {
  const objects = [
    ...(p.tables ?? []).map(tableSql),
    ...(p.schemas ?? []).map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`),
  ];
  const what = p.allTables ? ' FOR ALL TABLES' : objects.length > 0 ? ` FOR ${objects.join(', ')}` : '';
  return `CREATE ${publicationName(p)}${what} ${withOptions(p)};`;
}

export const publicationComments = (list: readonly PublicationDef[]) => commentsOf(list, publicationName);

export const publicationOwners = (list: readonly PublicationDef[]) => ownersOf(list, publicationName);

export const entryKey = (t: PublicationTable) =>
  JSON.stringify([t.schema, t.table, t.columns ?? null, t.where ?? null]);

/**
 * Publications added, dropped or changed. Tables and schemas that leave (or whose
 * column list or row filter changes) are taken out before columns and tables are
 * dropped, and put in again once they exist; `FOR ALL TABLES` cannot be altered, so
 * such a publication is created again.
 */
export function planPublication(ctx: KindPlanContext): void {
  const { change } = ctx;
  const before = change.before as PublicationDef | undefined;
  const after = change.after as PublicationDef | undefined;
  const late = 'rules, statistics and publications';
  const recreate = change.action === 'alter' && changed(change, 'allTables');
  if (before && (change.action === 'drop' || recreate))
    ctx.emit('drop dependents', `DROP ${publicationName(before)};`, change.hazards);
  if (!after) return;
  if (change.action === 'add' || recreate) {
    ctx.emit(late, createPublicationSql(after), change.hazards);
    return planNewDocs(ctx, publicationName(after));
  }
  const name = publicationName(after);
  const oldTables = new Set((before?.tables ?? []).map(entryKey));
  const newTables = new Set((after.tables ?? []).map(entryKey));
  const leaving = (before?.tables ?? []).filter((t) => !newTables.has(entryKey(t)));
  const coming = (after.tables ?? []).filter((t) => !oldTables.has(entryKey(t)));
  const leavingSchemas = (before?.schemas ?? []).filter((s) => !(after.schemas ?? []).includes(s));
  const comingSchemas = (after.schemas ?? []).filter((s) => !(before?.schemas ?? []).includes(s));
  const out = [
    ...leaving.map((t) => `TABLE ${qualify(t.schema, t.table)}`),
    ...leavingSchemas.map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`),
  ];
  const into = [...coming.map(tableSql), ...comingSchemas.map((s) => `TABLES IN SCHEMA ${quoteIdent(s)}`)];
  if (out.length > 0) ctx.emit('drop dependents', `ALTER ${name} DROP ${out.join(', ')};`, change.hazards);
  if (into.length > 0) ctx.emit(late, `ALTER ${name} ADD ${into.join(', ')};`, out.length > 0 ? [] : change.hazards);
  if (['publish', 'viaPartitionRoot', 'publishGeneratedColumns'].some((a) => changed(change, a))) {
    const options = [
      `publish = ${quoteLiteral(after.publish.join(', '))}`,
      `publish_via_partition_root = ${after.viaPartitionRoot === true}`,
      ...(changed(change, 'publishGeneratedColumns')
        ? [`publish_generated_columns = ${after.publishGeneratedColumns ? 'stored' : 'none'}`]
        : []),
    ];
    ctx.emit(late, `ALTER ${name} SET (${options.join(', ')});`, change.hazards);
  }
  planDocs(ctx, name);
}
