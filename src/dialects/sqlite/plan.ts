/**
 * SQLite's planner. SQLite alters a table in place only to rename it, rename a column, add
 * a column (without a constraint SQLite would have to check against existing rows; with a
 * foreign key of its own, which its NULLs satisfy) or drop
 * a column nothing else uses; indexes and triggers are dropped and created. Every other
 * change of a table goes through SQLite's documented twelve-step rebuild
 * (https://www.sqlite.org/lang_altertable.html#otheralter): with foreign keys off and in one
 * transaction, create the new table under a temporary name, copy the rows, drop the old
 * table, rename the new one, re-create its indexes and triggers (views are dropped before
 * and re-created after), check the foreign keys, and turn them back on.
 */
import type { Change, ChangeDraft, Hazard } from '../../diff/change.js';
import type { Plan, PlanOptions, Statement } from '../../plan/plan.js';
import { withholdDestructive } from '../../plan/plan.js';
import type {
  ColumnDef,
  ConstraintDef,
  ForeignKeyDef,
  IndexDef,
  Schema,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import {
  generatedNames,
  columnSql,
  createIndexSql,
  createTableSql,
  createTriggerSql,
  createViewSql,
  defaultClause,
  referencesSql,
  viewsInOrder,
} from './ddl.js';
import { canonicalSqliteType } from './equivalence.js';
import { significant, quoteIdent } from './tokens.js';

type StatementHazard = Statement['hazards'][number];

/** The temporary name a rebuilt table is created under. */
const rebuildName = (table: string) => `schemaguard_new_${table}`;

/** Whether a table's primary key is an alias of the rowid (`INTEGER PRIMARY KEY` of a rowid table). */
function rowidAlias(table: TableDef): string | undefined {
  if (table.withoutRowid) return undefined;
  const pk = table.constraints?.find((c) => c.type === 'primary key');
  if (pk?.type !== 'primary key' || pk.columns.length !== 1) return undefined;
  const column = table.columns.find((c) => c.name === pk.columns[0]);
  return column && canonicalSqliteType(column.type) === 'INTEGER' ? column.name : undefined;
}

/** Whether some SQL text names a column (as a word or quoted name). */
function mentions(text: string | undefined, name: string): boolean {
  if (!text) return false;
  const lower = name.toLowerCase();
  return significant(text).some(
    (t) =>
      (t.kind === 'word' || t.kind === 'identifier') && t.text.replace(/^["`[]|["`\]]$/g, '').toLowerCase() === lower,
  );
}

/**
 * The foreign key a new column can carry in its `ADD COLUMN` (`… REFERENCES p (id)`): the
 * table's one foreign key on that column alone, when the column's default is NULL, as SQLite
 * requires of a column added with a `REFERENCES` clause.
 */
function inlineForeignKey(column: ColumnDef, table: TableDef): ForeignKeyDef | undefined {
  if (column.default !== undefined && column.default.trim().toUpperCase() !== 'NULL') return undefined;
  const keys = (table.constraints ?? []).filter(
    (c): c is ForeignKeyDef => c.type === 'foreign key' && c.columns.includes(column.name),
  );
  return keys.length === 1 && keys[0]?.columns.length === 1 ? keys[0] : undefined;
}

/** Whether a column can be added with `ALTER TABLE … ADD COLUMN` (SQLite's documented restrictions). */
function addableColumn(column: ColumnDef, table: TableDef): boolean {
  if (column.notNull && column.default === undefined && column.generated === undefined) return false;
  if (column.generated !== undefined && !column.virtual) return false;
  if (column.default !== undefined && /^\(|CURRENT_(TIME|DATE|TIMESTAMP)/i.test(column.default.trim())) return false;
  // It may not be part of a key or a constraint (those need the rebuild), but for a foreign key it carries.
  const carried = inlineForeignKey(column, table);
  return !(table.constraints ?? []).some(
    (c) =>
      c !== carried &&
      (c.type === 'check' ? mentions(c.expression, column.name) : 'columns' in c && c.columns.includes(column.name)),
  );
}

/** Whether an added constraint is a foreign key that a column added with it carries, in place. */
function carriedByNewColumn(constraint: ConstraintDef, from: TableDef, to: TableDef): boolean {
  if (constraint.type !== 'foreign key' || constraint.columns.length !== 1) return false;
  const name = constraint.columns[0] as string;
  const column = to.columns.find((c) => c.name === name);
  return (
    column !== undefined &&
    !from.columns.some((c) => c.name === name) &&
    addableColumn(column, to) &&
    inlineForeignKey(column, to)?.name === constraint.name
  );
}

/** Whether a column can be dropped with `ALTER TABLE … DROP COLUMN`: nothing of the table uses it. */
function droppableColumn(column: ColumnDef, table: TableDef): boolean {
  const used =
    (table.constraints ?? []).some((c) =>
      c.type === 'check'
        ? mentions(c.expression, column.name)
        : ('columns' in c && c.columns.includes(column.name)) ||
          (c.type === 'foreign key' && c.references.table === table.name && c.references.columns.includes(column.name)),
    ) ||
    (table.indexes ?? []).some(
      (i) =>
        i.keys.some((k) => k.column === column.name || mentions(k.expression, column.name)) ||
        mentions(i.where, column.name),
    ) ||
    table.columns.some((c) => mentions(c.generated, column.name)) ||
    (table.triggers ?? []).some((t) => mentions(t.body, column.name) || mentions(t.when, column.name));
  return !used;
}

/** The changes of one table, sorted out. */
interface TableWork {
  readonly from?: TableDef;
  readonly to?: TableDef;
  readonly changes: Change[];
}

/** Statements in the order they run, with the hazards of each. */
class SqlitePlan {
  readonly statements: Statement[] = [];
  /**
   * The SQL of the triggers and views that stand while tables are rebuilt, by the table or view
   * they belong to: the triggers of both sides, and the views when they are not all dropped first.
   */
  readonly standing: { readonly owner: string; readonly sql: string }[] = [];
  /** Whether a standing trigger or view of another table names `table` (case-insensitively, quoted or not). */
  namedElsewhere(table: string): boolean {
    const escaped = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const word = new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`, 'i');
    return this.standing.some((s) => s.owner.toLowerCase() !== table.toLowerCase() && word.test(s.sql));
  }
  /** The rebuild each statement of one belongs to (by the table's path): `--safe` keeps or withholds it whole. */
  readonly rebuildOf = new Map<Statement, string>();
  /** The rebuild the statements emitted now belong to, if any. */
  rebuilding: string | undefined;
  emit(sql: string, change?: string, hazards: readonly StatementHazard[] = [], transactional = true): void {
    const statement = { sql: `${sql};`, hazards, transactional, ...(change ? { change } : {}) };
    this.statements.push(statement);
    if (this.rebuilding !== undefined) this.rebuildOf.set(statement, this.rebuilding);
  }

  /**
   * The plan: with `safe`, statements that lose data withheld, and a rebuild that loses data
   * (drops a column) withheld whole, since any part of it alone would leave the table half made.
   */
  plan(safe: boolean | undefined): Plan {
    if (!safe) return { statements: this.statements, withheld: [] };
    const losing = new Set(
      this.statements
        .filter((s) => s.hazards.some((h) => h.hazard === 'data-loss'))
        .flatMap((s) => {
          const rebuild = this.rebuildOf.get(s);
          return rebuild === undefined ? [] : [rebuild];
        }),
    );
    const whole = (s: Statement) => losing.has(this.rebuildOf.get(s) ?? '');
    const rest = withholdDestructive(
      this.statements.filter((s) => !whole(s)),
      true,
    );
    return {
      statements: rest.statements,
      withheld: this.statements.filter((s) => whole(s) || rest.withheld.includes(s)),
    };
  }
}

/** Why a table cannot be changed in place: the first change that needs the rebuild, in words; undefined when none does. */
function rebuildReason(work: TableWork): string | undefined {
  const { from, to } = work;
  if (!from || !to) return undefined;
  for (const c of work.changes) {
    const what = c.path.split('.').slice(2).join('.') || c.path;
    switch (c.objectType) {
      case 'table':
        if (c.action === 'alter') return `its ${(c.attributes ?? []).map((a) => a.attribute).join(', ')} changed`;
        break;
      case 'column':
        if (c.action === 'alter')
          return `column ${what} changed (${(c.attributes ?? []).map((a) => a.attribute).join(', ')})`;
        if (c.action === 'add' && !addableColumn(c.after as ColumnDef, to))
          return `column ${what} cannot be added in place (a key, constraint, NOT NULL without default, STORED or non-constant default)`;
        if (c.action === 'drop' && !droppableColumn(c.before as ColumnDef, from))
          return `column ${what} is used by a key, constraint, index or trigger`;
        break;
      case 'constraint':
        if (c.action === 'add' && carriedByNewColumn(c.after as ConstraintDef, from, to)) break;
        // A name SQLite does not keep, generated from the table's name: it follows a table rename by itself.
        if (
          c.action === 'rename' &&
          generatedNames(from).has((c.before as ConstraintDef).name) &&
          generatedNames(to).has((c.after as ConstraintDef).name)
        )
          break;
        return `constraint ${what} was ${c.action === 'add' ? 'added' : c.action === 'drop' ? 'dropped' : c.action === 'rename' ? 'renamed' : 'changed'}`;
    }
  }
  return undefined;
}

/** Each schema's tables by `schema.name`, made once per schema: hazards are asked once per change. */
const tableIndexes = new WeakMap<Schema, ReadonlyMap<string, TableDef>>();
function tablesByKey(schema: Schema): ReadonlyMap<string, TableDef> {
  let index = tableIndexes.get(schema);
  if (!index) {
    index = new Map(schema.tables.map((t) => [`${t.schema}.${t.name}`, t] as const));
    tableIndexes.set(schema, index);
  }
  return index;
}

/** The hazards a change carries on SQLite. */
export function sqliteHazards(change: ChangeDraft, from: Schema, to: Schema): Hazard[] {
  const hazards = new Set<Hazard>();
  if (change.action === 'drop' && (change.objectType === 'table' || change.objectType === 'column'))
    hazards.add('data-loss');
  const before = change.table ? tablesByKey(from).get(change.table) : undefined;
  const after = change.table ? tablesByKey(to).get(change.table) : undefined;
  if (before && after) {
    const needs = rebuildReason({
      from: before,
      to: after,
      changes: [{ ...change, severity: 'breaking', hazards: [] }],
    });
    if (needs) hazards.add('table-rewrite');
  }
  // A foreign key a new column carries holds for every row: the column is NULL in all of them.
  const carried =
    change.objectType === 'constraint' &&
    change.action === 'add' &&
    before !== undefined &&
    after !== undefined &&
    carriedByNewColumn(change.after as ConstraintDef, before, after);
  if (change.objectType === 'constraint' && (change.action === 'add' || change.action === 'alter') && !carried)
    hazards.add('may-fail');
  if (change.objectType === 'column' && change.action === 'alter') {
    const attributes = new Set((change.attributes ?? []).map((a) => a.attribute));
    if (attributes.has('notNull') || attributes.has('type')) hazards.add('may-fail');
  }
  if (change.objectType === 'index' && change.action !== 'drop' && (change.after as IndexDef | undefined)?.unique)
    hazards.add('may-fail');
  return [...hazards];
}

/** The source of each copied column of a rebuild: the `to` column's name and the expression that reads it from the old table. */
function copiedColumns(work: Required<Pick<TableWork, 'from' | 'to'>> & TableWork) {
  const renamedFrom = new Map<string, string>();
  for (const c of work.changes) {
    if (c.objectType === 'column' && c.action === 'rename') {
      renamedFrom.set((c.after as ColumnDef).name, (c.before as ColumnDef).name);
    }
  }
  const copied: { name: string; expression: string }[] = [];
  for (const column of work.to.columns) {
    if (column.generated !== undefined) continue;
    const sourceName = renamedFrom.get(column.name) ?? column.name;
    const source = work.from.columns.find((c) => c.name === sourceName && c.generated === undefined);
    if (!source) continue;
    const read = quoteIdent(source.name);
    const expression =
      column.notNull && !source.notNull && column.default !== undefined
        ? `coalesce(${read}, ${defaultClause(column.default)})`
        : read;
    copied.push({ name: column.name, expression });
  }
  return copied;
}

/** The rebuild of one table: the statements between turning foreign keys off and checking them. */
function rebuild(p: SqlitePlan, work: Required<Pick<TableWork, 'from' | 'to'>> & TableWork, reason: string): void {
  const { from, to } = work;
  const path = `${to.schema}.${to.name}`;
  const temporary = rebuildName(to.name);
  p.rebuilding = path;
  const copied = copiedColumns(work);
  const lost = from.columns.filter(
    (c) =>
      c.generated === undefined &&
      !work.changes.some(
        (ch) => ch.objectType === 'column' && ch.action === 'rename' && (ch.before as ColumnDef).name === c.name,
      ) &&
      !to.columns.some((t) => t.name === c.name),
  );
  const hazards: StatementHazard[] = [
    {
      hazard: 'table-rewrite',
      message: `${path} is rebuilt because ${reason}: its rows are copied into a new table, which holds a write lock on the database until the transaction ends`,
    },
    ...(lost.length > 0
      ? [
          {
            hazard: 'data-loss' as const,
            message: `the rebuild of ${path} drops column ${lost.map((c) => c.name).join(', ')} and its values`,
          },
        ]
      : []),
  ];
  // Keep the rowids of a table without an INTEGER PRIMARY KEY (those with one copy it as that column).
  const keepRowid = !from.withoutRowid && !to.withoutRowid && rowidAlias(to) === undefined;
  const targets = [...(keepRowid ? ['rowid'] : []), ...copied.map((c) => quoteIdent(c.name))];
  const sources = [...(keepRowid ? ['rowid'] : []), ...copied.map((c) => c.expression)];
  p.emit(createTableSql(to, temporary), path, hazards);
  if (copied.length > 0) {
    p.emit(
      `INSERT INTO ${quoteIdent(temporary)} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${quoteIdent(from.name)}`,
      path,
      to.columns.some(
        (c) =>
          c.notNull && c.default === undefined && c.generated === undefined && !copied.some((x) => x.name === c.name),
      )
        ? [
            {
              hazard: 'may-fail',
              message: `${path} gets a NOT NULL column without a default: copying existing rows fails`,
            },
          ]
        : [],
    );
  }
  p.emit(`DROP TABLE ${quoteIdent(from.name)}`, path);
  // SQLite checks every trigger and view when a table is renamed: one that names the dropped table
  // fails that check, unless renaming is legacy (which leaves their text alone; nothing refers to
  // the temporary name). Only then is the pragma written: libSQL servers refuse it.
  const legacy = p.namedElsewhere(to.name);
  if (legacy) p.emit('PRAGMA legacy_alter_table = ON', path);
  p.emit(`ALTER TABLE ${quoteIdent(temporary)} RENAME TO ${quoteIdent(to.name)}`, path);
  if (legacy) p.emit('PRAGMA legacy_alter_table = OFF', path);
  for (const index of to.indexes ?? []) p.emit(createIndexSql(to.name, index), path);
  for (const trigger of to.triggers ?? []) p.emit(createTriggerSql(to.name, trigger), path);
  p.rebuilding = undefined;
}

/** The in-place changes of a table that needs no rebuild. */
function alterInPlace(p: SqlitePlan, work: Required<Pick<TableWork, 'from' | 'to'>> & TableWork): void {
  const { to } = work;
  const byAction = (type: string, action: string) =>
    work.changes.filter((c) => c.objectType === type && c.action === action);
  for (const c of [...byAction('trigger', 'drop'), ...byAction('trigger', 'alter'), ...byAction('trigger', 'rename')]) {
    p.emit(`DROP TRIGGER IF EXISTS ${quoteIdent((c.before as TriggerDef).name)}`, c.path);
  }
  for (const c of [...byAction('index', 'drop'), ...byAction('index', 'alter'), ...byAction('index', 'rename')]) {
    p.emit(`DROP INDEX IF EXISTS ${quoteIdent((c.before as IndexDef).name)}`, c.path);
  }
  for (const c of byAction('column', 'rename')) {
    p.emit(
      `ALTER TABLE ${quoteIdent(to.name)} RENAME COLUMN ${quoteIdent((c.before as ColumnDef).name)} TO ${quoteIdent((c.after as ColumnDef).name)}`,
      c.path,
      [
        {
          hazard: 'backward-incompatible',
          message: `code that reads ${c.path.replace(/[^.]+$/, (c.before as ColumnDef).name)} breaks`,
        },
      ],
    );
  }
  for (const c of byAction('column', 'drop')) {
    p.emit(`ALTER TABLE ${quoteIdent(to.name)} DROP COLUMN ${quoteIdent((c.before as ColumnDef).name)}`, c.path, [
      { hazard: 'data-loss', message: `dropping ${c.path} loses its values` },
    ]);
  }
  const generated = generatedNames(to);
  for (const c of byAction('column', 'add')) {
    const column = c.after as ColumnDef;
    const key = inlineForeignKey(column, to);
    const reference = key
      ? ` ${generated.has(key.name) ? '' : `CONSTRAINT ${quoteIdent(key.name)} `}${referencesSql(key)}`
      : '';
    p.emit(`ALTER TABLE ${quoteIdent(to.name)} ADD COLUMN ${columnSql(column)}${reference}`, c.path);
  }
  for (const c of [...byAction('index', 'add'), ...byAction('index', 'alter'), ...byAction('index', 'rename')]) {
    const index = c.after as IndexDef;
    p.emit(
      createIndexSql(to.name, index),
      c.path,
      index.unique ? [{ hazard: 'may-fail', message: `${c.path} fails on duplicate values` }] : [],
    );
  }
  for (const c of [...byAction('trigger', 'add'), ...byAction('trigger', 'alter'), ...byAction('trigger', 'rename')]) {
    p.emit(createTriggerSql(to.name, c.after as TriggerDef), c.path);
  }
}

/** Turns schema changes into ordered SQLite statements. */
export function planSqlite(changes: readonly Change[], from: Schema, to: Schema, options: PlanOptions = {}): Plan {
  const p = new SqlitePlan();
  const fromTables = new Map(from.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const toTables = new Map(to.tables.map((t) => [`${t.schema}.${t.name}`, t]));
  // One entry per table of `to` (under its new name) or dropped table of `from`.
  const works = new Map<string, TableWork & { changes: Change[] }>();
  const workOf = (key: string) => {
    let work = works.get(key);
    if (!work) {
      work = {
        changes: [],
        ...(toTables.get(key) ? { to: toTables.get(key) } : {}),
        ...(fromTables.get(key) ? { from: fromTables.get(key) } : {}),
      };
      works.set(key, work);
    }
    return work;
  };
  for (const c of changes) {
    if (!c.table || c.objectType === 'view' || c.objectType === 'materialized view') continue;
    if (c.objectType === 'trigger' && !toTables.has(c.table) && !fromTables.has(c.table)) continue;
    const work = workOf(c.table);
    work.changes.push(c);
    if (c.objectType === 'table' && c.action === 'rename') {
      const before = c.before as TableDef;
      Object.assign(work, { from: before });
    }
  }
  for (const work of works.values()) {
    if (work.to && !work.from) {
      const renamed = work.changes.find((c) => c.objectType === 'table' && c.action === 'rename');
      if (renamed) Object.assign(work, { from: renamed.before as TableDef });
    }
  }

  const plans = [...works.values()].map((work) => ({ work, reason: rebuildReason(work) }));
  const rebuilds = plans.filter((x) => x.reason !== undefined);
  const structural = plans.some(
    ({ work }) =>
      work.from &&
      (!work.to ||
        work.changes.some(
          (c) => c.objectType === 'column' || c.objectType === 'table' || c.objectType === 'constraint',
        )),
  );

  // Views: all dropped first when tables change under them (SQLite checks views when tables are renamed), else those that change.
  const viewChanges = changes.filter((c) => c.objectType === 'view');
  const droppedViews: readonly ViewDef[] = structural
    ? from.views
    : viewChanges.filter((c) => c.action !== 'add').map((c) => c.before as ViewDef);
  const createdViews: readonly ViewDef[] = structural
    ? to.views
    : viewChanges.filter((c) => c.action !== 'drop').map((c) => c.after as ViewDef);

  for (const side of [from, to]) {
    for (const owner of [...side.tables, ...side.views]) {
      for (const trigger of owner.triggers ?? []) {
        p.standing.push({ owner: owner.name, sql: `${trigger.when ?? ''} ${trigger.body ?? ''}` });
      }
    }
    if (!structural) for (const view of side.views) p.standing.push({ owner: view.name, sql: view.definition });
  }
  if (rebuilds.length > 0) p.emit('PRAGMA foreign_keys = OFF', undefined, [], false);
  for (const view of [...viewsInOrder(droppedViews)].reverse()) {
    p.emit(`DROP VIEW IF EXISTS ${quoteIdent(view.name)}`, `${view.schema}.${view.name}`);
  }
  for (const c of changes) {
    if (
      c.objectType === 'trigger' &&
      c.table &&
      to.views.some((v) => `${v.schema}.${v.name}` === c.table) &&
      c.action !== 'add'
    ) {
      p.emit(`DROP TRIGGER IF EXISTS ${quoteIdent((c.before as TriggerDef).name)}`, c.path);
    }
  }
  // Renamed tables first, so that later statements use the new names.
  for (const { work } of plans) {
    const renamed = work.changes.find((c) => c.objectType === 'table' && c.action === 'rename');
    // Renamed in place even when rebuilt after: SQLite rewrites the references of other tables, triggers and views.
    if (renamed && work.from && work.to) {
      p.emit(`ALTER TABLE ${quoteIdent(work.from.name)} RENAME TO ${quoteIdent(work.to.name)}`, renamed.path, [
        { hazard: 'backward-incompatible', message: `code that reads ${work.from.schema}.${work.from.name} breaks` },
      ]);
    }
  }
  for (const { work } of plans) {
    if (work.to && !work.from) {
      const path = `${work.to.schema}.${work.to.name}`;
      p.emit(createTableSql(work.to), path);
      for (const index of work.to.indexes ?? []) p.emit(createIndexSql(work.to.name, index), path);
      for (const trigger of work.to.triggers ?? []) p.emit(createTriggerSql(work.to.name, trigger), path);
    }
  }
  for (const { work, reason } of plans) {
    if (!work.from || !work.to) continue;
    const both = work as Required<Pick<TableWork, 'from' | 'to'>> & TableWork;
    const renamed = { ...both, from: { ...both.from, name: both.to.name } };
    if (reason !== undefined) rebuild(p, renamed, reason);
    else alterInPlace(p, renamed);
  }
  for (const { work } of plans) {
    if (work.from && !work.to) {
      const path = `${work.from.schema}.${work.from.name}`;
      p.emit(`DROP TABLE ${quoteIdent(work.from.name)}`, path, [
        { hazard: 'data-loss', message: `dropping ${path} loses its rows` },
      ]);
    }
  }
  for (const view of viewsInOrder(createdViews)) p.emit(createViewSql(view), `${view.schema}.${view.name}`);
  for (const view of createdViews) {
    for (const trigger of view.triggers ?? []) {
      if (structural || changes.some((c) => c.objectType === 'view' && c.path === `${view.schema}.${view.name}`)) {
        p.emit(createTriggerSql(view.name, trigger), `${view.schema}.${view.name}.${trigger.name}`);
      }
    }
  }
  for (const c of changes) {
    if (c.objectType !== 'trigger' || !c.table || !to.views.some((v) => `${v.schema}.${v.name}` === c.table)) continue;
    if (c.action === 'drop' || structural) continue;
    const view = to.views.find((v) => `${v.schema}.${v.name}` === c.table) as ViewDef;
    if (!changes.some((x) => x.objectType === 'view' && x.path === c.table))
      p.emit(createTriggerSql(view.name, c.after as TriggerDef), c.path);
  }
  if (rebuilds.length > 0) {
    // Fails the transaction (a CHECK naming the problem) when the copied rows break a foreign key.
    // A table of the database, made and dropped within the transaction: libSQL servers refuse
    // temporary tables.
    p.emit(
      'CREATE TABLE schemaguard_foreign_key_check (violations INTEGER CONSTRAINT foreign_keys_violated_by_the_rebuild CHECK (violations = 0))',
    );
    p.emit('INSERT INTO schemaguard_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check');
    p.emit('DROP TABLE schemaguard_foreign_key_check');
    p.emit('PRAGMA foreign_keys = ON', undefined, [], false);
  }
  return p.plan(options.safe);
}
