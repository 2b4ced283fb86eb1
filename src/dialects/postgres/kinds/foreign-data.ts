import type {
  FdwOptions,
  ForeignColumnDef,
  ForeignDataWrapperDef,
  ForeignServerDef,
  ForeignTableDef,
  UserMappingDef,
} from '../../../schema/model-kinds.js';
import { type CatalogScope, commentJoin, notExtensionMember, userNamespace } from '../catalog-sql.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';
import {
  type KindPlanContext,
  type Rows,
  changed,
  commentOnSql,
  commentsOf,
  jsonRows,
  ownersOf,
  planDocs,
  planNewDocs,
  nonEmpty,
  optStr,
  str,
  strings,
} from './context.js';

/*
 * Foreign data: wrappers, servers, user mappings and foreign tables. Objects that
 * belong to an extension (postgres_fdw's wrapper) are left out, as the extension
 * creates them. User mappings are read as option names only: the values (passwords)
 * never leave the server.
 */

const regprocOrNull = (column: string) => `CASE WHEN ${column} <> 0 THEN ${column}::regproc::text END`;

export const FOREIGN_DATA_WRAPPERS_QUERY = `
SELECT w.fdwname AS name, ${regprocOrNull('w.fdwhandler')} AS handler, ${regprocOrNull('w.fdwvalidator')} AS validator,
  coalesce(w.fdwoptions, '{}') AS options, pg_get_userbyid(w.fdwowner) AS owner, d.description AS comment
FROM pg_foreign_data_wrapper w
${commentJoin('d', 'pg_foreign_data_wrapper', 'w.oid')}
WHERE ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')}`;

export const FOREIGN_SERVERS_QUERY = `
SELECT s.srvname AS name, w.fdwname AS wrapper, s.srvtype AS type, s.srvversion AS version,
  coalesce(s.srvoptions, '{}') AS options, pg_get_userbyid(s.srvowner) AS owner, d.description AS comment
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
${commentJoin('d', 'pg_foreign_server', 's.oid')}
WHERE ${notExtensionMember('pg_foreign_server', 's.oid')}`;

/** Only the names of the options: the values stay in the server. */
export const USER_MAPPINGS_QUERY = `
SELECT CASE WHEN m.umuser = 0 THEN 'PUBLIC' ELSE m.usename::text END AS user_name, m.srvname AS server,
  ARRAY(SELECT split_part(o, '=', 1) FROM unnest(coalesce(m.umoptions, '{}')) o ORDER BY 1) AS option_names
FROM pg_user_mappings m`;

/** Foreign tables with their columns (as JSON, in column order), in every user namespace or the `scope`'s. */
export const foreignTablesQuery = (scope: CatalogScope | undefined) => `
SELECT n.nspname AS schema, c.relname AS name, s.srvname AS server, coalesce(ft.ftoptions, '{}') AS options,
  pg_get_userbyid(c.relowner) AS owner, d.description AS comment,
  (SELECT coalesce(json_agg(json_build_object(
      'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'not_null', a.attnotnull,
      'default', pg_get_expr(ad.adbin, ad.adrelid),
      'collation', CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
        THEN a.attcollation::regcollation::text END,
      'options', coalesce(a.attfdwoptions, '{}'), 'comment', cd.description) ORDER BY a.attnum), '[]')
    FROM pg_attribute a
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    ${commentJoin('cd', 'pg_class', 'a.attrelid', 'a.attnum')}
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
FROM pg_foreign_table ft
JOIN pg_class c ON c.oid = ft.ftrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_foreign_server s ON s.oid = ft.ftserver
${commentJoin('d', 'pg_class', 'c.oid')}
WHERE ${userNamespace(scope)} AND ${notExtensionMember('pg_class', 'c.oid')}`;

type OwnerOf = (row: Record<string, unknown>) => string | undefined;

export function readForeignDataWrappers(rows: Rows, owner: OwnerOf): ForeignDataWrapperDef[] {
  return rows.map((w) => ({
    name: str(w.name),
    handler: optStr(w.handler),
    validator: optStr(w.validator),
    options: nonEmpty(strings(w.options)),
    comment: optStr(w.comment),
    owner: owner(w),
  }));
}

export function readForeignServers(rows: Rows, owner: OwnerOf): ForeignServerDef[] {
  return rows.map((s) => ({
    name: str(s.name),
    wrapper: str(s.wrapper),
    type: optStr(s.type),
    version: optStr(s.version),
    options: nonEmpty(strings(s.options)),
    comment: optStr(s.comment),
    owner: owner(s),
  }));
}

export function readUserMappings(rows: Rows): UserMappingDef[] {
  return rows.map((m) => ({
    user: str(m.user_name),
    server: str(m.server),
    optionNames: nonEmpty(strings(m.option_names)),
  }));
}

export function readForeignTables(rows: Rows, owner: OwnerOf): ForeignTableDef[] {
  return rows.map((t) => ({
    schema: str(t.schema),
    name: str(t.name),
    server: str(t.server),
    columns: jsonRows(t.columns).map((c): ForeignColumnDef => ({
      name: str(c.name),
      type: str(c.type),
      notNull: c.not_null === true,
      default: optStr(c.default),
      collation: optStr(c.collation),
      options: nonEmpty(strings(c.options)),
      comment: optStr(c.comment),
    })),
    options: nonEmpty(strings(t.options)),
    comment: optStr(t.comment),
    owner: owner(t),
  }));
}

// ---- DDL ----

function splitOption(option: string): [string, string] {
  const eq = option.indexOf('=');
  return eq === -1 ? [option, ''] : [option.slice(0, eq), option.slice(eq + 1)];
}

/** ` OPTIONS (name 'value', …)`, or nothing. */
function optionsClause(options: FdwOptions | undefined): string {
  if (!options?.length) return '';
  return ` OPTIONS (${options
    .map(splitOption)
    .map(([name, value]) => `${quoteIdent(name)} ${quoteLiteral(value)}`)
    .join(', ')})`;
}

/** `OPTIONS (SET …, ADD …, DROP …)` that turns one option list into another, or nothing when equal. */
function alterOptionsClause(before: FdwOptions | undefined, after: FdwOptions | undefined): string | undefined {
  const old = new Map((before ?? []).map(splitOption));
  const next = new Map((after ?? []).map(splitOption));
  const actions: string[] = [];
  for (const name of old.keys()) if (!next.has(name)) actions.push(`DROP ${quoteIdent(name)}`);
  for (const [name, value] of next) {
    if (!old.has(name)) actions.push(`ADD ${quoteIdent(name)} ${quoteLiteral(value)}`);
    else if (old.get(name) !== value) actions.push(`SET ${quoteIdent(name)} ${quoteLiteral(value)}`);
  }
  return actions.length > 0 ? `OPTIONS (${actions.join(', ')})` : undefined;
}

const wrapperName = (w: { readonly name: string }) => `FOREIGN DATA WRAPPER ${quoteIdent(w.name)}`;
const serverName = (s: { readonly name: string }) => `SERVER ${quoteIdent(s.name)}`;
const role = (name: string) => (name === 'PUBLIC' ? 'PUBLIC' : quoteIdent(name));
const mappingName = (m: UserMappingDef) => `USER MAPPING FOR ${role(m.user)} SERVER ${quoteIdent(m.server)}`;
const foreignTableName = (t: { readonly schema: string; readonly name: string }) =>
  `FOREIGN TABLE ${qualify(t.schema, t.name)}`;

export function createForeignDataWrapperSql(w: ForeignDataWrapperDef): string {
  const handler = w.handler ? ` HANDLER ${w.handler}` : '';
  const validator = w.validator ? ` VALIDATOR ${w.validator}` : '';
  return `CREATE ${wrapperName(w)}${handler}${validator}${optionsClause(w.options)};`;
}

export function createForeignServerSql(s: ForeignServerDef): string {
  const type = s.type !== undefined ? ` TYPE ${quoteLiteral(s.type)}` : '';
  const version = s.version !== undefined ? ` VERSION ${quoteLiteral(s.version)}` : '';
  return `CREATE ${serverName(s)}${type}${version} FOREIGN DATA WRAPPER ${quoteIdent(s.wrapper)}${optionsClause(s.options)};`;
}

/**
 * `CREATE USER MAPPING`, without options: their values are not recorded, so a comment
 * names the options to set by hand.
 */
export function createUserMappingSql(m: UserMappingDef): string[] {
  return [`CREATE ${mappingName(m)};`, ...unsetOptionsNote(m, m.optionNames ?? [])];
}

function unsetOptionsNote(m: UserMappingDef, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  return [
    `-- set by hand (schemaguard records option names, never their values): ALTER ${mappingName(m)} OPTIONS (ADD ${names.map((n) => `${quoteIdent(n)} '…'`).join(', ')});`,
  ];
}

function foreignColumnSql(c: ForeignColumnDef): string {
  let sql = `${quoteIdent(c.name)} ${c.type}${optionsClause(c.options)}`;
  if (c.collation) sql += ` COLLATE ${c.collation}`;
  if (c.notNull) sql += ' NOT NULL';
  if (c.default !== undefined) sql += ` DEFAULT ${c.default}`;
  return sql;
}

export function createForeignTableSql(t: ForeignTableDef): string {
  const columns = t.columns.map(foreignColumnSql);
  const body = columns.length > 0 ? `\n  ${columns.join(',\n  ')}\n` : '';
  return `CREATE ${foreignTableName(t)} (${body}) SERVER ${quoteIdent(t.server)}${optionsClause(t.options)};`;
}

/** Comments of wrappers, servers and foreign tables (with their columns). */
export function foreignDataComments(
  wrappers: readonly ForeignDataWrapperDef[],
  servers: readonly ForeignServerDef[],
  tables: readonly ForeignTableDef[],
): string[] {
  return [
    ...commentsOf(wrappers, wrapperName),
    ...commentsOf(servers, serverName),
    ...tables.flatMap((t) => [
      ...commentsOf([t], foreignTableName),
      ...commentsOf(t.columns, (c) => `COLUMN ${qualify(t.schema, t.name)}.${quoteIdent(c.name)}`),
    ]),
  ];
}

/** Owners of wrappers, servers and foreign tables. */
export function foreignDataOwners(
  wrappers: readonly ForeignDataWrapperDef[],
  servers: readonly ForeignServerDef[],
  tables: readonly ForeignTableDef[],
): string[] {
  return [...ownersOf(wrappers, wrapperName), ...ownersOf(servers, serverName), ...ownersOf(tables, foreignTableName)];
}

// ---- plan ----

/** Keys for ordering drops: a server after its user mappings and foreign tables, a wrapper after its servers. */
const wrapperKey = (name: string) => `foreign data wrapper:${name}`;
const serverKey = (name: string) => `foreign server:${name}`;

function created(
  ctx: KindPlanContext,
  step: 'create early' | 'alter tables',
  sql: string | readonly string[],
  target: string,
): void {
  ctx.emit(step, sql, ctx.change.hazards);
  planNewDocs(ctx, target);
}

export function planForeignDataWrapper(ctx: KindPlanContext): void {
  const { change } = ctx;
  const w = (change.after ?? change.before) as ForeignDataWrapperDef;
  if (change.action === 'add') return created(ctx, 'create early', createForeignDataWrapperSql(w), wrapperName(w));
  if (change.action === 'drop') return ctx.drop(`DROP ${wrapperName(w)};`, wrapperKey(w.name));
  const before = change.before as ForeignDataWrapperDef;
  const clauses = [
    changed(change, 'handler') ? (w.handler ? `HANDLER ${w.handler}` : 'NO HANDLER') : undefined,
    changed(change, 'validator') ? (w.validator ? `VALIDATOR ${w.validator}` : 'NO VALIDATOR') : undefined,
    changed(change, 'options') ? alterOptionsClause(before.options, w.options) : undefined,
  ].filter((c) => c !== undefined);
  if (clauses.length > 0) ctx.emit('create early', `ALTER ${wrapperName(w)} ${clauses.join(' ')};`, change.hazards);
  planDocs(ctx, wrapperName(w));
}

export function planForeignServer(ctx: KindPlanContext): void {
  const { change } = ctx;
  const s = (change.after ?? change.before) as ForeignServerDef;
  const before = change.before as ForeignServerDef | undefined;
  if (change.action === 'add') return created(ctx, 'create early', createForeignServerSql(s), serverName(s));
  if (change.action === 'drop') return ctx.drop(`DROP ${serverName(s)};`, serverKey(s.name), [wrapperKey(s.wrapper)]);
  if (before && (changed(change, 'wrapper') || changed(change, 'type'))) {
    // Neither can be altered: the server is created again (its user mappings and foreign tables must go first).
    ctx.drop(`DROP ${serverName(before)};`, serverKey(before.name), [wrapperKey(before.wrapper)]);
    return created(ctx, 'create early', createForeignServerSql(s), serverName(s));
  }
  const clauses = [
    changed(change, 'version')
      ? s.version !== undefined
        ? `VERSION ${quoteLiteral(s.version)}`
        : 'VERSION NULL'
      : undefined,
    changed(change, 'options') ? alterOptionsClause(before?.options, s.options) : undefined,
  ].filter((c) => c !== undefined);
  if (clauses.length > 0) ctx.emit('create early', `ALTER ${serverName(s)} ${clauses.join(' ')};`, change.hazards);
  planDocs(ctx, serverName(s));
}

export function planUserMapping(ctx: KindPlanContext): void {
  const { change } = ctx;
  const m = (change.after ?? change.before) as UserMappingDef;
  if (change.action === 'add') return ctx.emit('create early', createUserMappingSql(m), change.hazards);
  const key = `user mapping:${m.user}@${m.server}`;
  if (change.action === 'drop') return ctx.drop(`DROP ${mappingName(m)};`, key, [serverKey(m.server)]);
  const old = new Set((change.before as UserMappingDef).optionNames ?? []);
  const next = m.optionNames ?? [];
  const dropped = [...old].filter((n) => !next.includes(n));
  if (dropped.length > 0)
    ctx.emit(
      'create early',
      `ALTER ${mappingName(m)} OPTIONS (${dropped.map((n) => `DROP ${quoteIdent(n)}`).join(', ')});`,
    );
  const added = next.filter((n) => !old.has(n));
  if (added.length > 0) ctx.emit('create early', unsetOptionsNote(m, added));
}

export function planForeignTable(ctx: KindPlanContext): void {
  const { change } = ctx;
  const t = (change.after ?? change.before) as ForeignTableDef;
  const before = change.before as ForeignTableDef | undefined;
  const key = `foreign table:${t.schema}.${t.name}`;
  if (change.action === 'add') return created(ctx, 'alter tables', createForeignTableSql(t), foreignTableName(t));
  if (change.action === 'drop') return ctx.drop(`DROP ${foreignTableName(t)};`, key, [serverKey(t.server)]);
  if (!before) return;
  if (changed(change, 'server')) {
    ctx.drop(`DROP ${foreignTableName(before)};`, key, [serverKey(before.server)]);
    return created(ctx, 'alter tables', createForeignTableSql(t), foreignTableName(t));
  }
  const name = foreignTableName(t);
  const actions: string[] = [];
  const comments: string[] = [];
  if (changed(change, 'columns')) {
    const old = new Map(before.columns.map((c) => [c.name, c]));
    for (const c of before.columns)
      if (!t.columns.some((x) => x.name === c.name)) actions.push(`DROP COLUMN ${quoteIdent(c.name)}`);
    for (const c of t.columns) {
      const col = quoteIdent(c.name);
      const previous = old.get(c.name);
      if (!previous) {
        actions.push(`ADD COLUMN ${foreignColumnSql(c)}`);
        if (c.comment !== undefined)
          comments.push(commentOnSql(`COLUMN ${qualify(t.schema, t.name)}.${col}`, c.comment));
        continue;
      }
      if (previous.type !== c.type || previous.collation !== c.collation)
        actions.push(`ALTER COLUMN ${col} TYPE ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ''}`);
      if ((previous.notNull ?? false) !== (c.notNull ?? false))
        actions.push(`ALTER COLUMN ${col} ${c.notNull ? 'SET' : 'DROP'} NOT NULL`);
      if (previous.default !== c.default)
        actions.push(`ALTER COLUMN ${col} ${c.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${c.default}`}`);
      const options = alterOptionsClause(previous.options, c.options);
      if (options) actions.push(`ALTER COLUMN ${col} ${options}`);
      if (previous.comment !== c.comment)
        comments.push(commentOnSql(`COLUMN ${qualify(t.schema, t.name)}.${col}`, c.comment));
    }
  }
  const options = changed(change, 'options') ? alterOptionsClause(before.options, t.options) : undefined;
  if (options) actions.push(options);
  if (actions.length > 0) ctx.emit('alter tables', `ALTER ${name} ${actions.join(', ')};`, change.hazards);
  if (comments.length > 0) ctx.emit('comments', comments);
  planDocs(ctx, name);
}
