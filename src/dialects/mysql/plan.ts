/**
 * MySQL's and MariaDB's migration planner: the statements that turn one schema into
 * another, over the engine-neutral steps and `--safe` of src/plan. Each existing table gets
 * one `ALTER TABLE` combining its changes (a charset conversion and a partitioning change
 * run as statements of their own); foreign keys are dropped before and added after the
 * columns and indexes they need; views, routines, triggers and events are re-created.
 * Every `ALTER TABLE` that copies or rebuilds the table or blocks writes says so, with the
 * algorithm and lock InnoDB needs for it (src/dialects/mysql/online-ddl.ts).
 */
import type { Change, ChangeDraft, Hazard } from '../../diff/change.js';
import { attributeChanged, syntheticChange } from '../../plan/changes.js';
import { hazardMessage } from '../../plan/hazard-text.js';
import { type TableSizes, sizeWords } from '../../plan/table-size.js';
import { type Plan, type PlanOptions, type Statement, withholdDestructive } from '../../plan/plan.js';
import { PlanSteps } from '../../plan/steps.js';
import type {
  ColumnDef,
  ConstraintDef,
  ForeignKeyDef,
  FunctionDef,
  Grant,
  IndexDef,
  IndexKey,
  NamespaceDef,
  PartitionDef,
  Schema,
  SequenceDef,
  TableDef,
  ViewDef,
} from '../../schema/model.js';
import type { EventDef } from '../../schema/model-kinds.js';
import {
  columnSql,
  constraintSql,
  createEventSql,
  createRoutineSql,
  createSequenceSql,
  createTableSql,
  createTriggerSql,
  createViewSql,
  defaultSql,
  foreignKeySql,
  grantSql,
  indexSql,
  orderedTriggers,
  partitionDefinition,
  partitionSql,
  qualified,
  quoteLiteral,
  tablesInOrder,
  viewsInOrder,
  clientScript,
} from './ddl.js';
import { canonicalMysqlType, currentTimestamp } from './equivalence.js';
import { quoteIdent } from './introspect.js';
import {
  type ClauseKind,
  type MysqlServer,
  type OnlineDdl,
  costWords,
  mysqlServer,
  onlineClause,
  statementCost,
} from './online-ddl.js';

const STEPS = [
  'database',
  'drop events',
  'drop triggers',
  'drop views',
  'drop routines',
  'drop foreign keys',
  'drop tables',
  'renames',
  'sequences',
  'alter tables',
  'partitioning',
  'create tables',
  'drop columns',
  'add foreign keys',
  'routines',
  'views',
  'triggers',
  'events',
  // A table's REVOKE takes its columns' grants too: revokes run before every grant.
  'revokes',
  'grants',
] as const;
type Step = (typeof STEPS)[number];

const pathOf = (o: { schema: string; name: string }) => `${o.schema}.${o.name}`;

/** The integer types by size, and the string types by the length they hold: what narrows. */
const INTEGER_SIZES = ['tinyint', 'smallint', 'mediumint', 'int', 'bigint'];
const TEXT_SIZES = ['tinytext', 'text', 'mediumtext', 'longtext'];
const BLOB_SIZES = ['tinyblob', 'blob', 'mediumblob', 'longblob'];

/** The members of an `enum(…)` or `set(…)` type. */
function members(type: string): string[] | undefined {
  const match = /^(?:enum|set)\((.*)\)$/i.exec(type.trim());
  if (!match) return undefined;
  return [...(match[1] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1] as string);
}

/**
 * Whether a type change can lose data: a smaller integer, a shorter string, fewer enum or
 * set members, fewer decimal digits, signed to unsigned, or a change of family.
 */
export function narrows(fromType: string, toType: string): boolean {
  const a = canonicalMysqlType(fromType);
  const b = canonicalMysqlType(toType);
  if (a === b) return false;
  const oldMembers = members(a);
  const newMembers = members(b);
  if (oldMembers && newMembers) return oldMembers.some((m) => !newMembers.includes(m));
  const base = (t: string) => /^[a-z]+/.exec(t)?.[0] ?? t;
  const size = (t: string) => Number(/\((\d+)/.exec(t)?.[1] ?? 0);
  const unsigned = (t: string) => / unsigned/.test(t);
  for (const order of [INTEGER_SIZES, TEXT_SIZES, BLOB_SIZES]) {
    if (order.includes(base(a)) && order.includes(base(b))) {
      return order.indexOf(base(b)) < order.indexOf(base(a)) || unsigned(a) !== unsigned(b);
    }
  }
  const strings = ['varchar', 'char', 'varbinary', 'binary'];
  if (strings.includes(base(a)) && base(a) === base(b)) return size(b) < size(a);
  if (strings.includes(base(a)) && TEXT_SIZES.includes(base(b))) return false;
  if (base(a) === 'decimal' && base(b) === 'decimal') {
    const [p1 = 10, s1 = 0] = (/\((.*)\)/.exec(a)?.[1] ?? '10,0').split(',').map(Number);
    const [p2 = 10, s2 = 0] = (/\((.*)\)/.exec(b)?.[1] ?? '10,0').split(',').map(Number);
    return p2 - s2 < p1 - s1 || s2 < s1 || unsigned(a) !== unsigned(b);
  }
  return true;
}

const TYPE_ATTRIBUTES = ['type', 'charset', 'collation', 'generated', 'virtual', 'autoIncrement', 'srid'];

/** Whether an `ENUM` or `SET` type only gains members at its end (a metadata change). */
export function appendsMembers(fromType: string, toType: string): boolean {
  const a = members(canonicalMysqlType(fromType));
  const b = members(canonicalMysqlType(toType));
  const kind = (t: string) => /^[a-z]+/i.exec(t)?.[0]?.toLowerCase();
  return !!a && !!b && kind(fromType) === kind(toType) && b.length > a.length && a.every((m, i) => b[i] === m);
}

/** Whether a column change rewrites the column's values (its type, charset or generation). */
const convertsColumn = (c: Pick<Change, 'attributes' | 'before' | 'after'>) =>
  (c.attributes ?? []).some(
    (a) =>
      TYPE_ATTRIBUTES.includes(a.attribute) &&
      !(a.attribute === 'type' && appendsMembers(String(a.before), String(a.after))),
  );

/** What applying a change risks on MySQL and MariaDB. */
export function mysqlHazards(change: ChangeDraft): Hazard[] {
  const { objectType, action } = change;
  if (action === 'drop' && (objectType === 'table' || objectType === 'column')) return ['data-loss'];
  if (objectType === 'column' && action === 'alter') {
    const before = change.before as ColumnDef;
    const after = change.after as ColumnDef;
    const hazards: Hazard[] = [];
    const narrowed = attributeChanged(change as Change, 'type') && narrows(before.type, after.type);
    if (narrowed) hazards.push('data-loss');
    // A wider type takes every value; a narrower one, another charset or a new NOT NULL may refuse some.
    const recoded = ['charset', 'collation', 'generated'].some((a) => attributeChanged(change as Change, a));
    const checked = attributeChanged(change as Change, 'check') && after.check !== undefined;
    if (narrowed || recoded || checked || (after.notNull && !before.notNull)) hazards.push('may-fail');
    if (convertsColumn(change)) hazards.push('table-rewrite');
    // A VIRTUAL column made plain, or a plain one VIRTUAL, is dropped and added again: its values are not kept.
    if (readdsColumn(change) && (!before.generated || !after.generated)) hazards.unshift('data-loss');
    return hazards;
  }
  if (action === 'add' && objectType === 'constraint') {
    const c = change.after as ConstraintDef;
    return c.type === 'primary key' || c.type === 'check' || c.type === 'foreign key' ? ['may-fail'] : [];
  }
  if (action === 'add' && objectType === 'index' && (change.after as IndexDef).unique) return ['may-fail'];
  if (action === 'alter' && objectType === 'table' && (change.attributes ?? []).some((a) => a.attribute === 'charset'))
    return ['may-fail', 'table-rewrite'];
  return [];
}

/** One clause of an `ALTER TABLE`: its SQL, its kind (what it costs) and the change it implements. */
interface Clause {
  readonly sql: string;
  readonly kind: ClauseKind;
  readonly change?: Change;
  /** Hazards of the clause itself, beyond those of its change (a dropped partition's rows). */
  readonly hazards?: readonly { readonly hazard: Hazard; readonly message: string }[];
  /** A `DROP COLUMN` of a column added again in the same statement. */
  readonly readded?: boolean;
}

/** The clause kinds of partitions changed one by one. */
const PARTITION_STEPS = new Set<ClauseKind>(['add partition', 'drop partition', 'reorganize partition']);

/** The FULLTEXT indexes of a table. */
const fulltextIndexes = (t: TableDef | undefined) => (t?.indexes ?? []).filter((i) => i.method === 'fulltext').length;

class MysqlPlan {
  readonly steps = new PlanSteps<Step>(STEPS);
  /** Foreign keys dropped already (`table.name`), so that they are dropped once. */
  private readonly droppedForeignKeys = new Set<string>();
  private readonly addedForeignKeys = new Set<string>();
  /** The server the plan runs on, when a side recorded it: its rules for the algorithm and lock. */
  readonly server: MysqlServer | undefined;
  /** `--online`: each `ALTER TABLE` says the algorithm and lock that keep it online, where it can. */
  readonly online: boolean;
  /** With `online`, why each statement that cannot run online cannot. */
  readonly offline: string[] = [];
  /** The estimated sizes of the tables of the database the plan runs on, when it was read from it. */
  readonly tableSizes: TableSizes | undefined;

  constructor(
    readonly from: Schema,
    readonly to: Schema,
    options: PlanOptions,
  ) {
    this.server = mysqlServer(options.serverVersion);
    this.online = options.online === true;
    this.tableSizes = options.tableSizes;
  }

  /** What a statement of these clauses on the table of `path` costs on the plan's server. */
  cost(path: string, clauses: readonly Clause[]): OnlineDdl {
    return statementCost(
      clauses.map((c) => c.kind),
      this.server,
      this.shape(path),
    );
  }

  /** The table a statement alters, as it is before and after the plan (for what FULLTEXT indexes cost). */
  private shape(path: string | undefined) {
    if (!path) return undefined;
    return {
      fulltextIndexes: Math.max(
        fulltextIndexes(this.tableOf(this.from, path)),
        fulltextIndexes(this.tableOf(this.to, path)),
      ),
    };
  }

  /**
   * A statement with the hazards of the changes it implements and, for `ALTER TABLE`, its cost;
   * with `online`, an `ALTER TABLE` that can run online says so (`ALGORITHM=…, LOCK=NONE`).
   */
  statement(sql: string, change: Change | undefined, clauses: readonly Clause[] = []): Statement {
    const hazards: { hazard: Hazard; message: string }[] = [];
    const seen = new Set<string>();
    const add = (hazard: Hazard, message: string) => {
      if (seen.has(`${hazard}\u0000${message}`)) return;
      seen.add(`${hazard}\u0000${message}`);
      hazards.push({ hazard, message });
    };
    const changes = clauses.length > 0 ? clauses.map((c) => c.change) : [change];
    // Partitions added, dropped or reorganized: each statement says its own hazards, not the table's.
    const ownHazards = clauses.length > 0 && clauses.every((x) => PARTITION_STEPS.has(x.kind));
    for (const c of ownHazards ? [] : changes) {
      if (!c) continue;
      for (const h of c.hazards) if (h !== 'table-rewrite' && h !== 'long-lock') add(h, hazardMessage(h, c));
    }
    for (const clause of clauses) for (const h of clause.hazards ?? []) add(h.hazard, h.message);
    if (clauses.length > 0) {
      const table = change?.table ?? change?.path ?? '';
      const cost = this.cost(table, clauses);
      const what = [...new Set(clauses.map((c) => c.kind))].join(', ');
      let sentence = `${what} on table ${table} needs ${costWords(cost, sizeWords(this.tableSizes?.[table]))}`;
      // MariaDB takes no ALGORITHM or LOCK clause with a partition operation (a syntax error).
      const partitions = clauses.some((c) => PARTITION_STEPS.has(c.kind) || c.kind === 'partitioning');
      const online = partitions ? undefined : onlineClause(cost);
      if (this.online && /^ALTER TABLE /.test(sql)) {
        if (online) sql = `${sql.replace(/;$/, '')}${sql.includes('\n') ? ',\n  ' : ', '}${online};`;
        else {
          sentence = `${sentence}; cannot run online`;
          this.offline.push(sentence);
        }
      }
      if (cost.algorithm === 'COPY' || cost.rebuilds) add('table-rewrite', sentence);
      if (cost.lock !== 'NONE') add('long-lock', sentence);
    }
    const script = clientScript(sql);
    return {
      sql,
      hazards,
      transactional: true,
      ...(change ? { change: change.path } : {}),
      ...(script !== sql ? { script } : {}),
    };
  }

  emit(step: Step, sql: string, change?: Change, clauses: readonly Clause[] = []): void {
    this.steps.push(step, this.statement(sql, change, clauses));
  }

  tableOf(schema: Schema, path: string): TableDef | undefined {
    return schema.tables.find((t) => pathOf(t) === path);
  }

  /** Foreign keys to drop and to add, by table: each table's go in one statement. */
  private readonly foreignKeys = {
    drop: new Map<string, { table: TableDef; items: { fk: ForeignKeyDef; change?: Change }[] }>(),
    add: new Map<string, { table: TableDef; items: { fk: ForeignKeyDef; change?: Change }[] }>(),
  };

  dropForeignKey(table: TableDef, fk: ForeignKeyDef, change?: Change): void {
    this.queue('drop', this.droppedForeignKeys, table, fk, change);
  }

  addForeignKey(table: TableDef, fk: ForeignKeyDef, change?: Change): void {
    this.queue('add', this.addedForeignKeys, table, fk, change);
  }

  private queue(
    which: 'drop' | 'add',
    done: Set<string>,
    table: TableDef,
    fk: ForeignKeyDef,
    change: Change | undefined,
  ): void {
    const key = `${pathOf(table)}.${fk.name}`;
    if (done.has(key)) return;
    done.add(key);
    const entry = this.foreignKeys[which].get(pathOf(table)) ?? { table, items: [] };
    entry.items.push({ fk, ...(change ? { change } : {}) });
    this.foreignKeys[which].set(pathOf(table), entry);
  }

  /** One `ALTER TABLE` per table for the foreign keys it drops, and one for those it adds. */
  flushForeignKeys(): void {
    for (const which of ['drop', 'add'] as const) {
      for (const { table, items } of this.foreignKeys[which].values()) {
        const kind: ClauseKind = which === 'drop' ? 'drop foreign key' : 'add foreign key';
        const clauses = items.map(({ fk, change }) => ({
          sql: which === 'drop' ? `DROP FOREIGN KEY ${quoteIdent(fk.name)}` : `ADD ${foreignKeySql(fk)}`,
          kind,
          ...(change ? { change } : {}),
        }));
        const sql = `ALTER TABLE ${qualified(table.schema, table.name)} ${clauses.map((c) => c.sql).join(', ')};`;
        const change = items.find((i) => i.change)?.change;
        this.emit(which === 'drop' ? 'drop foreign keys' : 'add foreign keys', sql, change, clauses);
      }
    }
  }
}

/** The changes about members of each table (columns, constraints, indexes, triggers) and the table itself. */
function byTable(changes: readonly Change[]): Map<string, Change[]> {
  const out = new Map<string, Change[]>();
  for (const c of changes) {
    if (!['table', 'column', 'constraint', 'index', 'trigger'].includes(c.objectType)) continue;
    const key = c.table ?? c.path;
    out.set(key, [...(out.get(key) ?? []), c]);
  }
  return out;
}

/** Table options after `ALTER TABLE`: engine, row format, other options, comment. */
function tableOptionClauses(c: Change, before: TableDef, after: TableDef): Clause[] {
  const out: Clause[] = [];
  if (attributeChanged(c, 'engine') && after.engine)
    out.push({ sql: `ENGINE=${after.engine}`, kind: 'engine', change: c });
  if (attributeChanged(c, 'rowFormat'))
    out.push({ sql: `ROW_FORMAT=${after.rowFormat ?? 'DEFAULT'}`, kind: 'row format', change: c });
  if (attributeChanged(c, 'options')) {
    const keyOf = (o: string) => o.split('=')[0] ?? o;
    const next = after.options ?? [];
    for (const option of before.options ?? []) {
      if (next.some((o) => keyOf(o) === keyOf(option))) continue;
      const name = keyOf(option);
      out.push({
        sql: name === 'KEY_BLOCK_SIZE' ? 'KEY_BLOCK_SIZE=0' : `${name}=DEFAULT`,
        kind: name === 'KEY_BLOCK_SIZE' ? 'row format' : 'table options',
        change: c,
      });
    }
    for (const option of next) {
      if ((before.options ?? []).includes(option)) continue;
      out.push({ sql: option, kind: keyOf(option) === 'KEY_BLOCK_SIZE' ? 'row format' : 'table options', change: c });
    }
  }
  if (attributeChanged(c, 'comment'))
    out.push({ sql: `COMMENT=${quoteLiteral(after.comment ?? '')}`, kind: 'table comment', change: c });
  return out;
}

/** The most bytes a character takes, by character set: what decides how many bytes a VARCHAR's length takes. */
const CHARSET_BYTES: Readonly<Record<string, number>> = {
  utf8mb4: 4,
  utf8mb3: 3,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  ucs2: 2,
  big5: 2,
  gbk: 2,
  gb2312: 2,
  gb18030: 4,
  sjis: 2,
  cp932: 2,
  euckr: 2,
  ujis: 3,
  eucjpms: 3,
};

/** The most bytes a character of a charset takes (1 for the single-byte ones). */
const charsetBytes = (charset: string | undefined) => (charset ? (CHARSET_BYTES[charset] ?? 1) : 4);

/**
 * The clause kind of a column change that only makes a VARCHAR (or VARBINARY) longer: within
 * the bytes its length takes (up to 255 bytes, or from 256 up), or across them from at most
 * 127 bytes (whose rows still store their length in one byte); undefined for any other change.
 */
function widenedVarchar(c: Change, table: TableDef | undefined): ClauseKind | undefined {
  if (!(c.attributes ?? []).every((a) => a.attribute === 'type')) return undefined;
  const length = (type: string) => /^(varchar|varbinary)\((\d+)\)$/.exec(canonicalMysqlType(type));
  const [from, to] = [length((c.before as ColumnDef).type), length((c.after as ColumnDef).type)];
  if (!from || !to || from[1] !== to[1] || Number(to[2]) <= Number(from[2])) return undefined;
  const bytes = from[1] === 'varbinary' ? 1 : charsetBytes((c.after as ColumnDef).charset ?? table?.charset);
  const [before, after] = [Number(from[2]) * bytes, Number(to[2]) * bytes];
  if (before <= 255 === after <= 255) return 'varchar widened';
  return before <= 127 ? 'varchar widened past 255 bytes' : undefined;
}

/**
 * Whether a column change needs the column dropped and added again: VIRTUAL to STORED or
 * back, a VIRTUAL column made plain or a plain one VIRTUAL. Neither server does these with
 * `MODIFY` ("This is not yet supported for generated columns").
 */
export function readdsColumn(c: Pick<Change, 'action' | 'before' | 'after'>): boolean {
  if (c.action !== 'alter') return false;
  const virtual = (column: ColumnDef) => column.generated !== undefined && column.virtual === true;
  return virtual(c.before as ColumnDef) !== virtual(c.after as ColumnDef);
}

/** The clause kind of a column's `MODIFY`, from what changed. */
function modifyKind(c: Change, table?: TableDef): ClauseKind {
  const before = c.before as ColumnDef;
  const after = c.after as ColumnDef;
  if (convertsColumn(c)) return widenedVarchar(c, table) ?? 'column type';
  // The column's own CHECK validates every row when it is added or changed.
  if (attributeChanged(c, 'check') && after.check !== undefined) return 'add check';
  if (after.notNull && !before.notNull)
    return (after.default !== undefined && defaultSql(after.default).startsWith('(')) ||
      currentTimestamp(after.default ?? '')
      ? 'column not null, computed default'
      : 'column not null';
  if (!after.notNull && before.notNull) return 'column null';
  if (attributeChanged(c, 'type')) return 'enum members appended';
  return 'column comment';
}

/** Whether only the column's default differs: `ALTER COLUMN … SET DEFAULT` does. */
const onlyDefault = (c: Change) => (c.attributes ?? []).every((a) => a.attribute === 'default');

/** The `ALTER TABLE` of one existing table, and the statements around it. */
function planTableChanges(p: MysqlPlan, path: string, changes: readonly Change[]): void {
  const tableChange = changes.find((c) => c.objectType === 'table');
  if (tableChange && (tableChange.action === 'add' || tableChange.action === 'drop')) return;
  const after = p.tableOf(p.to, path);
  if (!after) return;
  const before = (tableChange?.before as TableDef | undefined) ?? p.tableOf(p.from, path);
  if (!before) return;
  const name = qualified(after.schema, after.name);
  if (tableChange?.action === 'rename') {
    p.emit('renames', `RENAME TABLE ${qualified(before.schema, before.name)} TO ${name};`, tableChange, [
      { sql: '', kind: 'rename table', change: tableChange },
    ]);
  }
  const clauses: Clause[] = [];
  const first: Clause[] = [];
  const columnChanges = changes.filter((c) => c.objectType === 'column');
  const renamedTo = new Map(
    columnChanges.filter((c) => c.action === 'rename').map((c) => [(c.after as ColumnDef).name, c]),
  );

  // Indexes, keys and checks dropped first, so that their names are free for what is added.
  for (const c of changes.filter((x) => x.objectType === 'index')) {
    const b = c.before as IndexDef | undefined;
    const a = c.after as IndexDef | undefined;
    if (c.action === 'alter' && b && a && (c.attributes ?? []).every((x) => x.attribute === 'invisible')) {
      clauses.push({
        sql: `ALTER INDEX ${quoteIdent(a.name)} ${visibility(p.server, a)}`,
        kind: 'index visibility',
        change: c,
      });
      continue;
    }
    if (c.action === 'rename' && b && a && sameIndex(b, a)) {
      clauses.push({
        sql: `RENAME INDEX ${quoteIdent(b.name)} TO ${quoteIdent(a.name)}`,
        kind: 'rename index',
        change: c,
      });
      continue;
    }
    if (b && c.action !== 'add')
      clauses.push({ sql: `DROP INDEX ${quoteIdent(b.name)}`, kind: 'drop index', change: c });
    if (a && c.action !== 'drop') {
      const kind =
        a.method === 'fulltext' ? 'add fulltext index' : a.method === 'spatial' ? 'add spatial index' : 'add index';
      clauses.push({ sql: `ADD ${indexSql(a, p.server?.flavour)}`, kind, change: c });
    }
  }
  for (const c of changes.filter((x) => x.objectType === 'constraint')) {
    const b = c.before as ConstraintDef | undefined;
    const a = c.after as ConstraintDef | undefined;
    if (b?.type === 'foreign key' && c.action !== 'add') p.dropForeignKey(before, b, c);
    if (a?.type === 'foreign key' && c.action !== 'drop') p.addForeignKey(after, a, c);
    const pk = b?.type === 'primary key' || a?.type === 'primary key';
    if (pk) {
      const kind =
        c.action === 'alter' ? 'replace primary key' : c.action === 'add' ? 'add primary key' : 'drop primary key';
      if (b && c.action !== 'add') clauses.push({ sql: 'DROP PRIMARY KEY', kind, change: c });
      if (a && c.action !== 'drop') clauses.push({ sql: `ADD ${constraintSql(a)}`, kind, change: c });
      continue;
    }
    if (b?.type === 'check' && c.action !== 'add')
      clauses.push({ sql: `DROP CONSTRAINT ${quoteIdent(b.name)}`, kind: 'drop check', change: c });
    if (a?.type === 'check' && c.action !== 'drop')
      clauses.push({ sql: `ADD ${constraintSql(a)}`, kind: 'add check', change: c });
  }
  const keyClauses = clauses.splice(0);
  const drops = keyClauses.filter((k) => k.sql.startsWith('DROP') || k.sql.startsWith('RENAME'));
  const adds = keyClauses.filter((k) => !drops.includes(k));

  // Columns: dropped, renamed, changed, added (in the target's place).
  for (const c of columnChanges) {
    if (c.action === 'drop')
      clauses.push({ sql: `DROP COLUMN ${quoteIdent((c.before as ColumnDef).name)}`, kind: 'drop column', change: c });
  }
  const modified = new Set<string>();
  const addedNames = new Set(columnChanges.filter((c) => c.action === 'add').map((c) => (c.after as ColumnDef).name));
  /** `AFTER` the column before it in the target, or `FIRST`. */
  const placeOf = (column: ColumnDef) => {
    const index = after.columns.findIndex((x) => x.name === column.name);
    const previous = after.columns[index - 1];
    return index === 0 ? ' FIRST' : previous ? ` AFTER ${quoteIdent(previous.name)}` : '';
  };
  // RENAME COLUMN is MySQL 8.0's and MariaDB 10.5's: older servers rename with CHANGE COLUMN.
  const server = p.server;
  const renameSyntax =
    !server || server.version >= (server.flavour === 'MariaDB' ? 100500 : 80000) ? 'RENAME COLUMN' : 'CHANGE COLUMN';
  for (const c of columnChanges) {
    const a = c.after as ColumnDef | undefined;
    if (!a) continue;
    if (c.action === 'rename') {
      const b = c.before as ColumnDef;
      const alter = columnChanges.find((x) => x.action === 'alter' && (x.after as ColumnDef).name === a.name);
      modified.add(a.name);
      clauses.push(
        alter
          ? {
              sql: `CHANGE COLUMN ${quoteIdent(b.name)} ${columnSql(a)}`,
              kind: modifyKind(alter, after),
              change: alter,
            }
          : renameSyntax === 'RENAME COLUMN'
            ? { sql: `RENAME COLUMN ${quoteIdent(b.name)} TO ${quoteIdent(a.name)}`, kind: 'rename column', change: c }
            : { sql: `CHANGE COLUMN ${quoteIdent(b.name)} ${columnSql(a)}`, kind: 'rename column', change: c },
      );
    } else if (c.action === 'alter' && !renamedTo.has(a.name) && readdsColumn(c)) {
      modified.add(a.name);
      clauses.push({ sql: `DROP COLUMN ${quoteIdent(a.name)}`, kind: 'drop column', change: c, readded: true });
      clauses.push({ sql: `ADD COLUMN ${columnSql(a)}${placeOf(a)}`, kind: 'add column', change: c });
      readdIndexes(p, a.name, before, after, changes, drops, adds);
    } else if (c.action === 'alter' && !renamedTo.has(a.name)) {
      planGrants(p, c, name, a.name);
      if (onlyGrants(c)) continue;
      modified.add(a.name);
      if (onlyDefault(c)) {
        const set = a.default !== undefined ? `SET DEFAULT ${defaultSql(a.default)}` : 'DROP DEFAULT';
        clauses.push({ sql: `ALTER COLUMN ${quoteIdent(a.name)} ${set}`, kind: 'column default', change: c });
      } else {
        clauses.push({ sql: `MODIFY COLUMN ${columnSql(a)}`, kind: modifyKind(c, after), change: c });
      }
    } else if (c.action === 'add') {
      // Added last (every column after it is added too): INSTANT on more servers than in the middle.
      const index = after.columns.findIndex((x) => x.name === a.name);
      const atEnd = after.columns.slice(index + 1).every((x) => addedNames.has(x.name));
      clauses.push({
        sql: `ADD COLUMN ${columnSql(a)}${placeOf(a)}`,
        kind: a.autoIncrement ? 'add auto-increment column' : atEnd ? 'add column at end' : 'add column',
        change: c,
      });
    }
  }

  if (tableChange && attributeChanged(tableChange, 'columnOrder')) placeColumns(clauses, after, columnChanges);

  // Table attributes: a new default charset converts the columns (a statement of its own),
  // after which the columns with a charset of their own are given it back.
  if (tableChange?.action === 'alter' || tableChange?.action === 'rename') {
    if (attributeChanged(tableChange, 'charset') || attributeChanged(tableChange, 'collation')) {
      const collate = after.collation ? ` COLLATE ${after.collation}` : '';
      const convert = after.charset
        ? `CONVERT TO CHARACTER SET ${after.charset}${collate}`
        : `DEFAULT COLLATE=${after.collation ?? ''}`;
      first.push({ sql: convert, kind: 'convert charset', change: tableChange });
      // A TEXT column converted to a charset of more bytes a character becomes the next larger
      // TEXT type (text -> mediumtext), to hold as many characters: it is given its type back.
      const grows = charsetBytes(after.charset) > charsetBytes(before.charset);
      const promoted = (column: ColumnDef) =>
        grows && !column.charset && /^(tinytext|text|mediumtext)$/.test(canonicalMysqlType(column.type));
      for (const column of after.columns) {
        if (
          (column.charset || column.collation || promoted(column)) &&
          !modified.has(column.name) &&
          !addedNames.has(column.name)
        )
          clauses.push({ sql: `MODIFY COLUMN ${columnSql(column)}`, kind: 'column type', change: tableChange });
      }
    }
    clauses.push(...tableOptionClauses(tableChange, before, after));
    planGrants(p, tableChange, name);
  }

  // Dropped columns go in a statement of their own, after the rest: --safe withholds it alone. An
  // AUTO_INCREMENT column stays: its key cannot go before it.
  const separate = (c: Clause) =>
    c.kind === 'drop column' && !c.readded && !(c.change?.before as ColumnDef).autoIncrement;
  const droppedColumns = clauses.filter(separate);
  const all = [...drops, ...clauses.filter((c) => !separate(c)), ...adds];
  if (first.length > 0)
    p.emit('alter tables', `ALTER TABLE ${name} ${first.map((c) => c.sql).join(', ')};`, tableChange, first);
  for (const group of p.online ? onlineFirst(p, path, all) : [all]) {
    if (group.length === 0) continue;
    const change = group.find((c) => c.change)?.change ?? tableChange;
    p.emit('alter tables', `ALTER TABLE ${name}\n  ${group.map((c) => c.sql).join(',\n  ')};`, change, group);
  }
  if (droppedColumns.length > 0) {
    const sql = `ALTER TABLE ${name}\n  ${droppedColumns.map((c) => c.sql).join(',\n  ')};`;
    p.emit('drop columns', sql, droppedColumns[0]?.change, droppedColumns);
  }

  const partitioned = ['partitionBy', 'subpartitionBy', 'partitions'].some(
    (a) => tableChange && attributeChanged(tableChange, a),
  );
  if (partitioned && tableChange) {
    const steps = partitionSteps(before, after);
    if (steps) {
      for (const step of steps)
        p.emit('partitioning', `ALTER TABLE ${name} ${step.sql};`, tableChange, [{ ...step, change: tableChange }]);
    } else {
      const partitions = partitionSql(after);
      p.emit('partitioning', `ALTER TABLE ${name} ${partitions ?? 'REMOVE PARTITIONING'};`, tableChange, [
        { sql: '', kind: 'partitioning', change: tableChange },
      ]);
    }
  }

  // Foreign keys on columns whose type changes (here or in the table they reference) are re-created around it;
  // a new default charset converts every string column.
  const converted = new Set(
    columnChanges
      .filter((c) => c.action !== 'add' && c.action !== 'drop' && convertsColumn(c))
      .map((c) => (c.before as ColumnDef).name),
  );
  if (tableChange && (attributeChanged(tableChange, 'charset') || attributeChanged(tableChange, 'collation'))) {
    for (const column of before.columns)
      if (/^(var)?char|text$|^enum|^set/.test(canonicalMysqlType(column.type))) converted.add(column.name);
  }
  if (converted.size > 0) rebuildForeignKeysOn(p, before, after, converted);

  // Triggers: all re-created in order when any differs (FOLLOWS ties them together).
  if (changes.some((c) => c.objectType === 'trigger')) {
    const triggerChange = changes.find((c) => c.objectType === 'trigger');
    for (const t of before.triggers ?? [])
      p.emit('drop triggers', `DROP TRIGGER ${quoteIdent(t.name)};`, triggerChange);
    for (const { trigger, follows } of orderedTriggers(after))
      p.emit(
        'triggers',
        createTriggerSql(after, trigger, follows),
        changes.find(
          (c) => c.objectType === 'trigger' && (c.after as { name?: string } | undefined)?.name === trigger.name,
        ),
      );
  }
}

/** Two partitions alike: name, bound, comment, options and subpartitions. */
const samePartition = (a: PartitionDef, b: PartitionDef) => JSON.stringify(a) === JSON.stringify(b);

/**
 * HASH and KEY partitions named as the server names them (`p0`, `p1`, …): a partition whose
 * options or comment change is reorganized into itself (its rows stay in it); the number changes
 * with `ADD PARTITION PARTITIONS n` and `COALESCE PARTITION n` when the partitions kept are alike
 * and those added plain. Undefined otherwise (the table is partitioned again).
 */
function hashSteps(before: TableDef, after: TableDef): Clause[] | undefined {
  const numbered = (list: readonly PartitionDef[]) => list.every((x, i) => x.name === `p${i}` && !x.bound);
  const [from, to] = [before.partitions ?? [], after.partitions ?? []];
  if (!numbered(from) || !numbered(to) || from.length === 0 || to.length === 0) return undefined;
  const kept = Math.min(from.length, to.length);
  if (from.length !== to.length) {
    const plain = (x: PartitionDef) => !x.comment && !x.options;
    const alike = from.slice(0, kept).every((x, i) => samePartition(x, to[i] as PartitionDef));
    if (!alike || !to.slice(kept).every(plain)) return undefined;
    return to.length > from.length
      ? [{ sql: `ADD PARTITION PARTITIONS ${to.length - from.length}`, kind: 'reorganize partition' }]
      : [{ sql: `COALESCE PARTITION ${from.length - to.length}`, kind: 'reorganize partition' }];
  }
  const changed = to.filter((x, i) => !samePartition(x, from[i] as PartitionDef));
  if (changed.length === 0) return [];
  // Its rows stay where they are: no row can fail to fit (the statement's cost says the rewrite).
  const names = changed.map((x) => quoteIdent(x.name));
  return [
    {
      sql: `REORGANIZE PARTITION ${names.join(', ')} INTO (${changed.map(partitionDefinition).join(', ')})`,
      kind: 'reorganize partition',
    },
  ];
}

/** The values of a LIST partition's bound (`VALUES IN (1,2)` → `1`, `2`). */
function listValues(partition: PartitionDef): string[] {
  const inner = /^VALUES IN \((.*)\)$/i.exec(partition.bound ?? '')?.[1] ?? '';
  return [...inner.matchAll(/'(?:[^'\\]|''|\\.)*'|\([^)]*\)|[^,\s]+/g)].map((m) => m[0]);
}

/**
 * The statements that change the partitions of a RANGE or LIST table partitioned the same way
 * on both sides, without repartitioning it: `DROP PARTITION` of those that go (their rows are
 * lost), `REORGANIZE PARTITION` of those whose bounds or comments change (or that a new
 * partition splits), `ADD PARTITION` of those added after the last. Undefined when the
 * partitioning itself changes (the table is partitioned again, a copy), or the number of
 * subpartitions of each partition does (a partition keeps its subpartitions through each step).
 * HASH and KEY partitions named as the server names them (`p0`, `p1`, …) change in number with
 * `ADD PARTITION PARTITIONS n` and `COALESCE PARTITION n`, which move rows and lose none.
 */
function partitionSteps(before: TableDef, after: TableDef): Clause[] | undefined {
  if (!before.partitionBy || before.partitionBy !== after.partitionBy) return undefined;
  if (before.subpartitionBy !== after.subpartitionBy) return undefined;
  const subpartitionCount = (t: TableDef) => t.partitions?.[0]?.subpartitions?.length ?? 0;
  if (subpartitionCount(before) !== subpartitionCount(after)) return undefined;
  if (/^(LINEAR )?(HASH|KEY)/i.test(after.partitionBy)) return hashSteps(before, after);
  const range = /^RANGE/i.test(after.partitionBy);
  if (!range && !/^LIST/i.test(after.partitionBy)) return undefined;
  const [old, next] = [before.partitions ?? [], after.partitions ?? []];
  if (next.length === 0) return undefined;
  const table = `${before.schema}.${before.name}`;
  const list = (partitions: readonly PartitionDef[]) => partitions.map((x) => quoteIdent(x.name)).join(', ');
  const dropped = (partitions: readonly PartitionDef[]): Clause => ({
    sql: `DROP PARTITION ${list(partitions)}`,
    kind: 'drop partition',
    hazards: partitions.map((x) => ({
      hazard: 'data-loss' as const,
      message: `drops partition ${x.name} of table ${table}; its rows are lost`,
    })),
  });
  // Partitions reorganized into themselves (the same names and bounds: only options, comments or subpartitions
  // change) keep every row where it is: nothing can fail.
  const intoThemselves = (from: readonly PartitionDef[], to: readonly PartitionDef[]) =>
    from.length === to.length && from.every((x, i) => x.name === to[i]?.name && x.bound === to[i]?.bound);
  const reorganized = (from: readonly PartitionDef[], to: readonly PartitionDef[]): Clause => ({
    sql: `REORGANIZE PARTITION ${list(from)} INTO (${to.map(partitionDefinition).join(', ')})`,
    kind: 'reorganize partition',
    hazards: intoThemselves(from, to)
      ? []
      : [
          {
            hazard: 'may-fail',
            message: `reorganizes partition${from.length > 1 ? 's' : ''} ${from.map((x) => x.name).join(', ')} of table ${table}, copying their rows; fails if a row fits no partition`,
          },
        ],
  });
  const steps: Clause[] = [];
  if (range) {
    // Partitions alike on both sides, in the order of both, anchor the runs between them.
    const anchors = next.filter((x) => old.some((y) => samePartition(x, y)));
    const anchorOrder = (list: readonly PartitionDef[]) =>
      list.filter((x) => anchors.some((a) => a.name === x.name)).map((x) => x.name);
    if (anchorOrder(old).join() !== anchorOrder(next).join()) return undefined;
    const runs = (list: readonly PartitionDef[]) => {
      const out: PartitionDef[][] = [[]];
      for (const x of list) {
        if (anchors.some((a) => a.name === x.name)) out.push([]);
        else (out[out.length - 1] as PartitionDef[]).push(x);
      }
      return out;
    };
    const [oldRuns, nextRuns] = [runs(old), runs(next)];
    const adds: PartitionDef[] = [];
    for (let i = 0; i < nextRuns.length; i++) {
      const [from, to] = [oldRuns[i] ?? [], nextRuns[i] ?? []];
      const anchor = anchors[i];
      if (from.length === 0 && to.length === 0) continue;
      if (to.length === 0) steps.push(dropped(from));
      else if (from.length === 0 && !anchor) adds.push(...to);
      else if (from.length === 0 && anchor) steps.push(reorganized([anchor], [...to, anchor]));
      else if (!anchor || from.at(-1)?.bound === to.at(-1)?.bound) steps.push(reorganized(from, to));
      // A run must end where it ended: else the anchor after it is reorganized with it.
      else steps.push(reorganized([...from, anchor], [...to, anchor]));
    }
    if (adds.length > 0)
      steps.push({ sql: `ADD PARTITION (${adds.map(partitionDefinition).join(', ')})`, kind: 'add partition' });
    return steps;
  }
  // LIST: partitions are a set; values may move from one to another.
  const kept = next.filter((x) => old.some((y) => samePartition(x, y)));
  const isKept = (x: PartitionDef) => kept.some((k) => k.name === x.name);
  const changedOld = old.filter((x) => !isKept(x) && next.some((y) => y.name === x.name));
  const changedNext = next.filter((x) => !isKept(x) && old.some((y) => y.name === x.name));
  const goneOld = old.filter((x) => !next.some((y) => y.name === x.name));
  const newNext = next.filter((x) => !old.some((y) => y.name === x.name));
  const shares = (a: PartitionDef, others: readonly PartitionDef[]) =>
    others.some((b) => listValues(b).some((v) => listValues(a).includes(v)));
  const movedOld = goneOld.filter((x) => shares(x, next));
  const fromOld = [...changedOld, ...movedOld];
  const intoNext = [...changedNext, ...newNext.filter((x) => shares(x, fromOld))];
  if (fromOld.length > 0) steps.push(reorganized(fromOld, intoNext.length > 0 ? intoNext : fromOld));
  const drop = goneOld.filter((x) => !movedOld.includes(x));
  if (drop.length > 0) steps.push(dropped(drop));
  const add = newNext.filter((x) => !intoNext.includes(x));
  if (add.length > 0)
    steps.push({ sql: `ADD PARTITION (${add.map(partitionDefinition).join(', ')})`, kind: 'add partition' });
  return steps;
}

/**
 * The column clauses rewritten to put every column in the target's order: each, in that
 * order, added, changed or modified `AFTER` the one before it (MySQL applies them in turn).
 */
function placeColumns(clauses: Clause[], after: TableDef, columnChanges: readonly Change[]): void {
  const byName = (name: string) => (c: Change) => (c.after as ColumnDef | undefined)?.name === name;
  const placed: Clause[] = after.columns.map((column, i) => {
    const previous = after.columns[i - 1];
    const place = previous ? ` AFTER ${quoteIdent(previous.name)}` : ' FIRST';
    const own = columnChanges.filter(byName(column.name));
    const added = own.find((c) => c.action === 'add');
    const renamed = own.find((c) => c.action === 'rename');
    const altered = own.find((c) => c.action === 'alter');
    if (added) {
      const kind = column.autoIncrement ? 'add auto-increment column' : 'add column';
      return { sql: `ADD COLUMN ${columnSql(column)}${place}`, kind, change: added };
    }
    const verb = renamed ? `CHANGE COLUMN ${quoteIdent((renamed.before as ColumnDef).name)}` : 'MODIFY COLUMN';
    const kind = altered && !onlyDefault(altered) ? modifyKind(altered) : 'column position';
    return {
      sql: `${verb} ${columnSql(column)}${place}`,
      kind,
      ...((altered ?? renamed) ? { change: altered ?? renamed } : {}),
    };
  });
  const kept = clauses.filter((c) => c.kind === 'drop column' || !c.change || c.change.objectType !== 'column');
  clauses.splice(0, clauses.length, ...kept, ...placed);
}

/** Clause kinds that must stay in the statement of the clauses around them: keys an AUTO_INCREMENT column needs. */
const UNSPLIT = new Set<ClauseKind>([
  'add auto-increment column',
  'add primary key',
  'drop primary key',
  'replace primary key',
]);

/** The columns a clause names: the column it changes, or the key parts of the index it changes. */
function columnsOf(clause: Clause): string[] {
  const c = clause.change;
  if (!c) return [];
  const objects = [c.before, c.after] as ({ name?: string; keys?: readonly IndexKey[] } | undefined)[];
  if (c.objectType === 'column') return objects.flatMap((o) => (o?.name ? [o.name] : []));
  if (c.objectType === 'index')
    return objects.flatMap((o) => (o?.keys ?? []).flatMap((k) => (k.column ? [k.column] : [])));
  return [];
}

/**
 * With `--online`, the clauses of a table's `ALTER TABLE` as the statements to run: when the
 * whole statement cannot run online but some of its clauses can, those first, in a statement
 * that can (and says so), and the rest after; else the statement as it is. Clauses stay in
 * the order they had; an index on a column the rest changes, and a clause naming a column the
 * rest adds, drops or renames (a column placed after it), stay with the rest; a statement with
 * keys an AUTO_INCREMENT column needs, or with a column added again, is not split.
 */
function onlineFirst(p: MysqlPlan, path: string, clauses: readonly Clause[]): Clause[][] {
  const cost = (group: readonly Clause[]) => p.cost(path, group);
  if (onlineClause(cost(clauses)) || clauses.some((c) => UNSPLIT.has(c.kind) || c.readded)) return [[...clauses]];
  const alone = clauses.filter((c) => onlineClause(cost([c])) !== undefined);
  const offline = clauses.filter((c) => !alone.includes(c));
  // An index waits for any change of its columns; anything else only for a column that comes, goes or is renamed.
  const changed = new Set(offline.flatMap(columnsOf));
  const named = new Set(
    offline.filter((c) => c.change?.action !== 'alter' || new Set(columnsOf(c)).size > 1).flatMap(columnsOf),
  );
  const own = (c: Clause) => (c.change?.objectType === 'column' ? columnsOf(c) : []);
  const waits = (c: Clause) =>
    [...(c.change?.objectType === 'index' ? changed : named)].some(
      (name) => !own(c).includes(name) && c.sql.includes(quoteIdent(name)),
    );
  const online = alone.filter((c) => !waits(c));
  if (online.length === 0 || !onlineClause(cost(online))) return [[...clauses]];
  return [online, clauses.filter((c) => !online.includes(c))];
}

/**
 * The indexes of a column dropped and added again, dropped before it and added after it (in
 * the same statement): dropping the column would take it out of them. Indexes that change
 * anyway are left to their own changes.
 */
function readdIndexes(
  p: MysqlPlan,
  column: string,
  before: TableDef,
  after: TableDef,
  changes: readonly Change[],
  drops: Clause[],
  adds: Clause[],
): void {
  const changed = new Set(
    changes
      .filter((c) => c.objectType === 'index')
      .flatMap((c) => [c.before, c.after].map((i) => (i as IndexDef | undefined)?.name)),
  );
  const uses = (i: IndexDef) => i.keys.some((k) => k.column === column);
  for (const index of (before.indexes ?? []).filter((i) => uses(i) && !changed.has(i.name)))
    drops.push({ sql: `DROP INDEX ${quoteIdent(index.name)}`, kind: 'drop index' });
  for (const index of (after.indexes ?? []).filter((i) => uses(i) && !changed.has(i.name))) {
    const kind =
      index.method === 'fulltext'
        ? 'add fulltext index'
        : index.method === 'spatial'
          ? 'add spatial index'
          : 'add index';
    adds.push({ sql: `ADD ${indexSql(index, p.server?.flavour)}`, kind });
  }
}

/** REVOKE of the grants an object loses and GRANT of those it gains (`target`: its name, or `*` for the database). */
function planGrants(p: MysqlPlan, c: Change, target: string, column?: string): void {
  if (!attributeChanged(c, 'grants')) return;
  const grantsOf = (o: unknown) => (o as { grants?: readonly Grant[] } | undefined)?.grants ?? [];
  const key = (g: Grant) => `${g.grantee}\u0000${g.privilege}\u0000${g.grantable ? 1 : 0}`;
  const before = grantsOf(c.before);
  const after = grantsOf(c.after);
  const gone = before.filter((g) => !after.some((x) => key(x) === key(g)));
  const added = after.filter((g) => !before.some((x) => key(x) === key(g)));
  for (const sql of grantSql(target, gone, column, true)) p.emit('revokes', sql, c);
  for (const sql of grantSql(target, added, column)) p.emit('grants', sql, c);
}

/** Whether a change touches only grants: nothing to re-create. */
const onlyGrants = (c: Change) => c.action === 'alter' && (c.attributes ?? []).every((a) => a.attribute === 'grants');

/**
 * `ALTER INDEX`'s word for an index's visibility to the optimiser: MySQL's `INVISIBLE` and
 * `VISIBLE`, MariaDB's `IGNORED` and `NOT IGNORED` (also when the server is not known: MySQL's
 * words are written only for a MySQL server).
 */
function visibility(server: MysqlServer | undefined, index: IndexDef): string {
  const hidden = (index as IndexDef & { readonly invisible?: boolean }).invisible === true;
  if (server?.flavour === 'MySQL') return hidden ? 'INVISIBLE' : 'VISIBLE';
  return hidden ? 'IGNORED' : 'NOT IGNORED';
}

/** Whether two indexes differ only in name. */
function sameIndex(a: IndexDef, b: IndexDef): boolean {
  const { name: _a, ...x } = a;
  const { name: _b, ...y } = b;
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Foreign keys of any table that use the converted columns of `table` (its own, or referencing it). */
function rebuildForeignKeysOn(p: MysqlPlan, before: TableDef, after: TableDef, columns: ReadonlySet<string>): void {
  for (const t of p.from.tables) {
    for (const fk of t.constraints ?? []) {
      if (fk.type !== 'foreign key') continue;
      const own = pathOf(t) === pathOf(before) && fk.columns.some((c) => columns.has(c));
      const referenced =
        fk.references.schema === before.schema &&
        fk.references.table === before.name &&
        fk.references.columns.some((c) => columns.has(c));
      if (!own && !referenced) continue;
      const target = pathOf(t) === pathOf(before) ? after : p.tableOf(p.to, pathOf(t));
      const kept = target?.constraints?.find((x): x is ForeignKeyDef => x.type === 'foreign key' && x.name === fk.name);
      if (!target || !kept) continue;
      // Not a difference of its own: the statements name the foreign key they rebuild.
      const rebuilt = syntheticChange('constraint', `${pathOf(t)}.${fk.name}`, pathOf(t));
      p.dropForeignKey(t, fk, rebuilt);
      p.addForeignKey(target, kept, syntheticChange('constraint', `${pathOf(target)}.${kept.name}`, pathOf(target)));
    }
  }
}

function planDatabase(p: MysqlPlan, c: Change): void {
  if (c.action !== 'alter') return;
  const after = c.after as NamespaceDef;
  const parts = [
    ...(after.charset ? [`CHARACTER SET ${after.charset}`] : []),
    ...(after.collation ? [`COLLATE ${after.collation}`] : []),
  ];
  if (parts.length > 0 && (attributeChanged(c, 'charset') || attributeChanged(c, 'collation')))
    p.emit('database', `ALTER DATABASE ${parts.join(' ')};`, c);
  planGrants(p, c, '*');
}

function planSequence(p: MysqlPlan, c: Change): void {
  const before = c.before as SequenceDef | undefined;
  const after = c.after as SequenceDef | undefined;
  if (c.action === 'drop' && before)
    return p.emit('drop tables', `DROP SEQUENCE ${qualified(before.schema, before.name)};`, c);
  if (c.action === 'add' && after) return p.emit('sequences', createSequenceSql(after), c);
  if (!after) return;
  p.emit(
    'sequences',
    `ALTER SEQUENCE ${qualified(after.schema, after.name)} START WITH ${after.start} INCREMENT BY ${after.increment} MINVALUE ${after.min} MAXVALUE ${after.max} CACHE ${after.cache} ${after.cycle ? 'CYCLE' : 'NOCYCLE'};`,
    c,
  );
}

function planRoutine(p: MysqlPlan, c: Change): void {
  const before = c.before as FunctionDef | undefined;
  const after = c.after as FunctionDef | undefined;
  if (before && c.action !== 'add')
    p.emit(
      'drop routines',
      `DROP ${before.kind === 'function' ? 'FUNCTION' : 'PROCEDURE'} ${qualified(before.schema, before.name)};`,
      c,
    );
  if (after && c.action !== 'drop') p.emit('routines', createRoutineSql(after), c);
}

function planEvent(p: MysqlPlan, c: Change): void {
  const before = c.before as EventDef | undefined;
  const after = c.after as EventDef | undefined;
  if (before && c.action !== 'add') p.emit('drop events', `DROP EVENT ${qualified(before.schema, before.name)};`, c);
  if (after && c.action !== 'drop') p.emit('events', createEventSql(after), c);
}

/** Views dropped first; views added or changed created (or replaced) in dependency order. */
function planViews(p: MysqlPlan, changes: readonly Change[]): void {
  const viewChanges = changes.filter((c) => c.objectType === 'view');
  for (const c of viewChanges) {
    const before = c.before as ViewDef | undefined;
    if (c.action === 'drop' && before) p.emit('drop views', `DROP VIEW ${qualified(before.schema, before.name)};`, c);
  }
  const wanted = new Map(viewChanges.filter((c) => c.action !== 'drop').map((c) => [c.path, c]));
  for (const view of viewsInOrder(p.to.views)) {
    const c = wanted.get(pathOf(view));
    if (!c) continue;
    if (!onlyGrants(c)) p.emit('views', createViewSql(view, c.action !== 'add'), c);
    if (c.action === 'add')
      for (const sql of grantSql(qualified(view.schema, view.name), view.grants ?? [])) p.emit('grants', sql, c);
    else planGrants(p, c, qualified(view.schema, view.name));
  }
}

/** Tables created in foreign-key order, and tables dropped (foreign keys among them dropped first). */
function planCreatedAndDropped(p: MysqlPlan, changes: readonly Change[]): void {
  const added = changes.filter((c) => c.objectType === 'table' && c.action === 'add');
  const addedTables = added.map((c) => c.after as TableDef);
  for (const { table, later } of tablesInOrder(addedTables)) {
    const c = added.find((x) => x.path === pathOf(table));
    p.emit(
      'create tables',
      createTableSql(table, (fk) => !later.includes(fk), p.server?.flavour),
      c,
    );
    for (const fk of later) p.addForeignKey(table, fk, c);
    const target = qualified(table.schema, table.name);
    const grants = [
      ...grantSql(target, table.grants ?? []),
      ...table.columns.flatMap((column) => grantSql(target, column.grants ?? [], column.name)),
    ];
    for (const sql of grants) p.emit('grants', sql, c);
    for (const { trigger, follows } of orderedTriggers(table))
      p.emit('triggers', createTriggerSql(table, trigger, follows), c);
  }
  const dropped = changes.filter((c) => c.objectType === 'table' && c.action === 'drop');
  const going = new Set(dropped.map((c) => c.path));
  for (const c of dropped) {
    const t = c.before as TableDef;
    for (const fk of t.constraints ?? []) {
      if (fk.type !== 'foreign key' || !going.has(`${fk.references.schema}.${fk.references.table}`)) continue;
      if (fk.references.table !== t.name) p.dropForeignKey(t, fk, c);
    }
    p.emit('drop tables', `DROP TABLE ${qualified(t.schema, t.name)};`, c);
  }
}

/** Turns schema changes into ordered MySQL/MariaDB statements. */
export function planMysql(changes: readonly Change[], from: Schema, to: Schema, options: PlanOptions = {}): Plan {
  const p = new MysqlPlan(from, to, options);
  for (const c of changes) {
    if (c.objectType === 'schema') planDatabase(p, c);
    else if (c.objectType === 'sequence') planSequence(p, c);
    else if (c.objectType === 'function' || c.objectType === 'procedure') planRoutine(p, c);
    else if (c.objectType === 'event') planEvent(p, c);
  }
  for (const [path, tableChanges] of byTable(changes)) planTableChanges(p, path, tableChanges);
  planCreatedAndDropped(p, changes);
  planViews(p, changes);
  p.flushForeignKeys();
  const plan = withholdDestructive(p.steps.ordered(), options.safe);
  return p.online ? { ...plan, offline: p.offline } : plan;
}
