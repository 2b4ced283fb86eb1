import type { Change, Hazard } from '../../../diff/change.js';
import { attributeChanged } from '../../../plan/changes.js';
import type { HazardProse } from '../../../plan/hazard-text.js';
import type { PlanOptions, Statement } from '../../../plan/plan.js';
import { PlanSteps } from '../../../plan/steps.js';
import type { ColumnDef, Grant, ObjectKey, Schema, TableDef, ViewDef } from '../../../schema/model.js';
import { emptySchema } from '../../../schema/model.js';
import { grantSql } from '../ddl.js';
import { type KindPlanContext, kindHazardMessage } from '../kinds/index.js';
import { qualify, quoteIdent, quoteLiteral } from '../quote.js';

/** The steps of a PostgreSQL migration, in the order they run. */
export const STEPS = [
  'settings',
  'drop foreign keys',
  'drop dependents',
  'drop keys',
  'drop objects',
  'renames',
  'create early',
  'alter types',
  'create objects',
  'alter tables',
  'replace functions',
  'sequence ownership',
  // Keys before views: a view grouping by a primary key may select the table's other columns.
  'keys',
  'views',
  'indexes',
  'foreign keys',
  'triggers',
  'event triggers',
  'row-level security',
  'rules, statistics and publications',
  'comments',
  'owners',
  'privileges',
  'drop last',
] as const;

/** One step of a PostgreSQL migration. */
export type Step = (typeof STEPS)[number];

/** `schema.name` of a table, view or type, as paths and maps use it. */
export const qname = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;

/** A column of a table in both schemas: the `from` and `to` table and column. */
export interface ColumnUse {
  readonly table: TableDef;
  readonly target: TableDef;
  readonly column: ColumnDef;
  readonly after: ColumnDef;
}

/** Whether an expression names an identifier (a column), as a whole word, quoted or not. */
export function mentionsIdentifier(expression: string | undefined, name: string): boolean {
  if (expression === undefined) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (
    new RegExp(`(^|[^A-Za-z0-9_$"])("?)${escaped}\\2($|[^A-Za-z0-9_$"])`).test(expression) ||
    expression.includes(`"${name}"`)
  );
}

/**
 * PostgreSQL's own hazard sentences: those of the kinds in ../kinds, and an extension
 * changed by dropping and creating it.
 */
const postgresHazardProse: HazardProse = (hazard, change, verb) =>
  kindHazardMessage(hazard, change, verb) ??
  (hazard === 'may-fail' && change.objectType === 'extension'
    ? `${verb} ${change.objectType} ${change.path} by dropping and creating it; fails while objects the plan does not move aside use it`
    : undefined);

/** Every list of a schema, writable: the objects a migration creates whole. */
type CreatedLists = { -readonly [K in keyof Schema]-?: NonNullable<Schema[K]>[number][] };

/**
 * What planning one PostgreSQL migration knows as it goes: the statements by step, the
 * objects created whole or dropped, and what must be rebuilt because something it
 * depends on changes. The rules of each object kind (the other files of this folder)
 * read and fill it.
 */
export class PlanState {
  /** The statements by step; hazards that rewrite or lock a table say its size when the options know it. */
  readonly steps: PlanSteps<Step>;
  /** Objects created whole, new or rebuilt, as they are in `to`. */
  readonly created = emptySchema() as CreatedLists;
  /** Objects dropped in the "drop objects" step, ordered later by their dependencies. */
  readonly drops: { key: ObjectKey; dependsOn: readonly ObjectKey[]; statement: Statement }[] = [];
  readonly viewDrops = new Map<string, ViewDef>();
  readonly rebuiltFunctions = new Set<string>();
  /** Operators (and other objects of ../kinds) dropped and created again: views using them are rebuilt. */
  readonly rebuiltObjects = new Set<ObjectKey>();
  readonly swappedTypes = new Set<string>();
  readonly disturbedTables = new Set<string>();
  /** Tables (re)created whole: their member changes are covered by the creation. */
  readonly wholeTables = new Set<string>();
  readonly wholeViews = new Set<string>();
  readonly defaultsToRestore = new Map<string, { table: TableDef; column: ColumnDef }>();
  /** Types replaced rather than altered, with the domains and composite types built on them. */
  readonly replacedTypes = new Map<ObjectKey, { readonly schema: string; readonly name: string }>();
  /** Members of tables already dropped and created again, so that no cause rebuilds them twice. */
  readonly rebuiltMembers = new Set<string>();
  /** Extensions going to an older version (dropped and created again), with the columns of their types. */
  readonly downgradedExtensions = new Map<Change, ColumnUse[]>();
  /** Tables rebuilt whose rows are copied aside and put back (see columnLocality). */
  readonly keptRows = new Set<string>();
  /** Inheritance children detached and attached again so that their columns become local. */
  readonly reattachedTables = new Set<string>();
  /** Views changed in a way CREATE OR REPLACE can do, unless a dependency forces a rebuild. */
  readonly replacedViews = new Map<string, Change>();

  private readonly fromTables: ReadonlyMap<string, TableDef>;
  private readonly toTables: ReadonlyMap<string, TableDef>;

  constructor(
    readonly changes: readonly Change[],
    readonly from: Schema,
    readonly to: Schema,
    readonly options: PlanOptions,
  ) {
    this.steps = new PlanSteps<Step>(STEPS, postgresHazardProse, options.tableSizes);
    this.fromTables = new Map(from.tables.map((t) => [qname(t), t]));
    this.toTables = new Map(to.tables.map((t) => [qname(t), t]));
  }

  /** A statement implementing a change, with the sentence of each hazard (see PlanSteps.statement). */
  statement(sql: string, change?: Change, hazards: readonly Hazard[] = [], transactional = true): Statement {
    return this.steps.statement(sql, change, hazards, transactional);
  }

  /** Adds statements of a change to a step; the first carries the hazards. */
  emit(step: Step, sql: string | readonly string[], change?: Change, hazards: readonly Hazard[] = []): void {
    this.steps.emit(step, sql, change, hazards);
  }

  fromTable(name: string | undefined): TableDef | undefined {
    return name === undefined ? undefined : this.fromTables.get(name);
  }

  toTable(name: string | undefined): TableDef | undefined {
    return name === undefined ? undefined : this.toTables.get(name);
  }

  /** The `from` name of a table given by its `to` name (they differ after a rename). */
  fromTableOf(toName: string | undefined): TableDef | undefined {
    const renamed = this.changes.find((c) => c.action === 'rename' && c.objectType === 'table' && c.path === toName);
    return renamed ? (renamed.before as TableDef) : this.fromTable(toName);
  }

  /** The quoted, qualified name of a table or view. */
  table(t: { readonly schema: string; readonly name: string }): string {
    return qualify(t.schema, t.name);
  }

  /** A partition or a child table whose columns come from its parent. */
  inheritsColumns(t: TableDef | undefined): boolean {
    return t?.partitionOf !== undefined;
  }

  /** The table or view a member change belongs to, as it is in `to` and in `from`, and the member's two sides. */
  member<T>(c: Change): {
    table: { schema: string; name: string };
    fromTable: { schema: string; name: string };
    before?: T;
    after?: T;
  } {
    const toT = this.toTable(c.table) ?? this.to.views.find((v) => qname(v) === c.table);
    const fromT = this.fromTableOf(c.table) ?? this.from.views.find((v) => qname(v) === c.table);
    return {
      table: (toT ?? fromT) as TableDef,
      fromTable: (fromT ?? toT) as TableDef,
      before: c.before as T,
      after: c.after as T,
    };
  }

  /** What the planners of ../kinds plan one change with. */
  kindContext(change: Change): KindPlanContext {
    return {
      change,
      changes: this.changes,
      from: this.from,
      to: this.to,
      emit: (step, sql, hazards = []) => this.emit(step, sql, change, hazards),
      drop: (sql, key, dependsOn = []) => this.dropLast(sql, change, key, dependsOn),
    };
  }

  /** Drops that run after everything that could use the object is gone. */
  dropLast(sql: string, change: Change, key: ObjectKey, dependsOn: readonly ObjectKey[] = []): void {
    this.drops.push({ key, dependsOn, statement: this.statement(sql, change, change.hazards) });
  }

  comment(target: string, comment: string | undefined, change: Change): void {
    this.emit('comments', `COMMENT ON ${target} IS ${comment === undefined ? 'NULL' : quoteLiteral(comment)};`, change);
  }

  /** GRANT/REVOKE to go from one grant list to another; nothing when either side was read without privileges. */
  grants(
    target: string,
    before: readonly Grant[] | undefined,
    after: readonly Grant[] | undefined,
    change: Change,
    column?: string,
  ): void {
    if (before === undefined || after === undefined) return;
    const grantees = new Set([...before, ...after].map((g) => g.grantee));
    const key = (g: Grant) => `${g.privilege}:${g.grantable === true}`;
    for (const grantee of [...grantees].sort()) {
      const b = before
        .filter((g) => g.grantee === grantee)
        .map(key)
        .sort()
        .join(',');
      const a = after.filter((g) => g.grantee === grantee);
      if (b === a.map(key).sort().join(',')) continue;
      const who = grantee === 'PUBLIC' ? 'PUBLIC' : quoteIdent(grantee);
      const what = column ? `ALL (${quoteIdent(column)})` : 'ALL';
      this.emit('privileges', `REVOKE ${what} ON ${target} FROM ${who};`, change);
      this.emit('privileges', grantSql(target, a, column), change);
    }
  }

  /**
   * Comment, grants and owner changes of an object, whatever else changed. `target` is
   * `KIND name` as COMMENT ON takes it; grants use `grantTarget`, owners `KIND name`.
   */
  docs(change: Change, target: string, grantTarget: string | undefined, ownerKind: string | undefined): void {
    if (attributeChanged(change, 'comment'))
      this.comment(target, (change.after as { comment?: string }).comment, change);
    if (grantTarget && attributeChanged(change, 'grants')) {
      this.grants(
        grantTarget,
        (change.before as { grants?: Grant[] }).grants,
        (change.after as { grants?: Grant[] }).grants,
        change,
      );
    }
    if (ownerKind && attributeChanged(change, 'owner')) {
      const name = target.startsWith(`${ownerKind} `)
        ? target.slice(ownerKind.length + 1)
        : target.split(' ').slice(1).join(' ');
      this.owner(ownerKind, name, change);
    }
  }

  private owner(kind: string, target: string, change: Change): void {
    // `target` is the object's name, without its kind: ALTER <kind> <target> OWNER TO …
    const owner = (change.after as { owner?: string }).owner;
    const before = (change.before as { owner?: string }).owner;
    if (owner !== undefined && before !== undefined && owner !== before) {
      this.emit('owners', `ALTER ${kind} ${target} OWNER TO ${quoteIdent(owner)};`, change);
    }
  }

  /** The quoted names of the types replaced rather than altered. */
  replacedTypeNames(): string[] {
    return [...this.replacedTypes.values()].map((t) => qualify(t.schema, t.name));
  }

  /** Columns (of tables in both schemas, not rebuilt) whose type is one of these, or an array of one. */
  columnsOfTypes(types: readonly string[]): ColumnUse[] {
    return this.columnsWhere((type) => types.includes(type.replace(/(\[\])+$/, '')));
  }

  /** Columns (of tables in both schemas, not rebuilt, declared there) whose `from` type passes the test. */
  columnsWhere(test: (type: string) => boolean): ColumnUse[] {
    const found: ColumnUse[] = [];
    for (const table of this.from.tables) {
      const target = this.toTable(qname(table));
      if (!target || this.wholeTables.has(qname(target)) || this.inheritsColumns(table)) continue;
      for (const column of table.columns) {
        const after = target.columns.find((col) => col.name === column.name);
        if (after && !column.inherited && test(column.type)) found.push({ table, target, column, after });
      }
    }
    return found;
  }

  /** Whether a column type is (an array of) a type dropped or replaced. */
  usesSwappedType(type: string): boolean {
    const base = type.replace(/(\[\])+$/, '');
    return [...this.swappedTypes].some((key) => {
      const [schema, name] = key.slice('type:'.length).split('.');
      return base === qualify(schema ?? '', name ?? '');
    });
  }

  /** Whether an object (by its `from` dependencies) must be dropped and recreated. */
  disturbed(dependsOn: readonly ObjectKey[] | undefined): boolean {
    return (dependsOn ?? []).some(
      (key) =>
        this.disturbedTables.has(key) ||
        this.rebuiltFunctions.has(key) ||
        this.rebuiltObjects.has(key) ||
        this.swappedTypes.has(key) ||
        this.viewDrops.has(key),
    );
  }

  /** Drops a column's default before a change (once) and sets the target's again after it (restoreDefaults in columns.ts). */
  setDefaultAside({ table, target, column, after }: ColumnUse, change: Change): void {
    const key = `${qname(target)}.${after.name}`;
    if (column.default === undefined) return;
    if (!this.defaultsToRestore.has(key)) {
      const sql = `ALTER TABLE ${this.table(table)} ALTER COLUMN ${quoteIdent(column.name)} DROP DEFAULT;`;
      this.emit('drop dependents', sql, change);
    }
    if (after.default !== undefined) this.defaultsToRestore.set(key, { table: target, column: after });
  }

  /**
   * Whether a member of a table (by name) may still be dropped and created again: the
   * diff does not change it itself and no other cause has rebuilt it yet. Claims it.
   */
  claimMember(target: TableDef, name: string): boolean {
    const path = `${qname(target)}.${name}`;
    if (this.rebuiltMembers.has(path) || this.changes.some((c) => c.path === path && c.objectType !== 'column'))
      return false;
    this.rebuiltMembers.add(path);
    return true;
  }
}
