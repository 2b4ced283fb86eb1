import type { Change, Hazard, Plan, Statement } from '../../diff/change.js';
import { functionKey, objectKey } from '../../schema/keys.js';
import type { PlanOptions } from '../dialect.js';
import type {
  CollationDef,
  ColumnDef,
  CompositeTypeDef,
  ConstraintDef,
  DomainDef,
  EnumDef,
  EventTriggerDef,
  ExtensionDef,
  FunctionDef,
  Grant,
  IndexDef,
  ObjectKey,
  PolicyDef,
  Schema,
  SequenceDef,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import { emptySchema } from '../../schema/model.js';
import { emptyLists } from '../../schema/kind-lists.js';
import {
  type Node,
  TRIGGER_ENABLE,
  EVENT_TRIGGER_ENABLE,
  addConstraintSql,
  addDomainCheckSql,
  createExtensionSql,
  columnSql,
  createFunctionSql,
  createIndexSql,
  createPolicySql,
  createTriggerSql,
  createViewSql,
  functionSignature,
  grantSql,
  schemaPhases,
  sequenceOptionsSql,
  sequenceOwnershipSql,
  topologicalOrder,
  createCollationSql,
} from './ddl.js';
import { catalogKindHandlers, planCatalogKindChange } from './kinds/index.js';
import {
  addColumnHazards,
  addConstraintHazards,
  createIndexHazards,
  enumOnlyAddsValues,
  typeChangeEffect,
} from './hazards.js';
import {
  type KindPlanContext,
  kindHazardMessage,
  planColumnStorage,
  planKindChange,
  planRebuiltTableKinds,
  planRulesAroundColumnType,
  planTableStorage,
} from './kinds/index.js';
import { extensionTypeTest, isExtensionDowngrade } from './extension-versions.js';
import { columnLocality, keepRowsSql } from './inheritance.js';
import { dollarQuote, qualify, quoteIdent, quoteLiteral } from './quote.js';

/** The steps of a migration, in the order they run. */
const STEPS = [
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
type Step = (typeof STEPS)[number];

const DOC_ATTRIBUTES = new Set(['comment', 'grants', 'owner']);

type SequenceOptionsLike = { readonly min: string; readonly max: string };

const qname = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;

/** A column of a table in both schemas: the `from` and `to` table and column. */
interface ColumnUse {
  readonly table: TableDef;
  readonly target: TableDef;
  readonly column: ColumnDef;
  readonly after: ColumnDef;
}

/** Whether an expression names an identifier (a column), as a whole word, quoted or not. */
function mentionsIdentifier(expression: string | undefined, name: string): boolean {
  if (expression === undefined) return false;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (
    new RegExp(`(^|[^A-Za-z0-9_$"])("?)${escaped}\\2($|[^A-Za-z0-9_$"])`).test(expression) ||
    expression.includes(`"${name}"`)
  );
}

const onlyDocs = (change: Change) => (change.attributes ?? []).every((a) => DOC_ATTRIBUTES.has(a.attribute));

const attributeChanged = (change: Change, name: string) => (change.attributes ?? []).some((a) => a.attribute === name);

const VERB: Record<Change['action'], string> = { add: 'adds', drop: 'drops', alter: 'changes', rename: 'renames' };

/** The sentence a plan prints above a statement for each of its hazards. */
function hazardMessage(hazard: Hazard, change: Change): string {
  const object = `${change.objectType} ${change.path}`;
  const kindMessage = kindHazardMessage(hazard, change, VERB[change.action]);
  if (kindMessage) return kindMessage;
  switch (hazard) {
    case 'data-loss':
      return `${VERB[change.action]} ${object}; its data is lost`;
    case 'table-rewrite':
      return `${VERB[change.action]} ${object}, rewriting table ${change.table ?? change.path}`;
    case 'long-lock':
      return `${VERB[change.action]} ${object}, locking table ${change.table ?? change.path} while it checks every row`;
    case 'may-fail':
      return change.objectType === 'extension'
        ? `${VERB[change.action]} ${object} by dropping and creating it; fails while objects the plan does not move aside use it`
        : `${VERB[change.action]} ${object}; fails if existing rows do not fit`;
    case 'backward-incompatible':
      return `${VERB[change.action]} ${object}; running code that uses it breaks`;
    case 'not-transactional':
      return `${VERB[change.action]} ${object}; runs outside a transaction`;
  }
}

/** Turns schema changes into ordered PostgreSQL statements. */
export function planPostgres(changes: readonly Change[], from: Schema, to: Schema, options: PlanOptions = {}): Plan {
  return new Planner(changes, from, to, options).run();
}

class Planner {
  private readonly steps = new Map<Step, Statement[]>(STEPS.map((s) => [s, []]));
  /** Objects created whole, new or rebuilt, as they are in `to`. */
  private readonly created: { -readonly [K in keyof Schema]-?: NonNullable<Schema[K]>[number][] } = {
    schemas: [],
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    tables: [],
    views: [],
    functions: [],
    eventTriggers: [],
    ...emptyLists(),
  };
  /** Objects dropped in the "drop objects" step, ordered later by their dependencies. */
  private readonly drops: { key: ObjectKey; dependsOn: readonly ObjectKey[]; statement: Statement }[] = [];
  private readonly viewDrops = new Map<string, ViewDef>();
  private readonly rebuiltFunctions = new Set<string>();
  /** Operators (and other objects of ./kinds) dropped and created again: views using them are rebuilt. */
  private readonly rebuiltObjects = new Set<ObjectKey>();
  private readonly swappedTypes = new Set<string>();
  private readonly disturbedTables = new Set<string>();
  /** Tables (re)created whole: their member changes are covered by the creation. */
  private readonly wholeTables = new Set<string>();
  private readonly wholeViews = new Set<string>();
  private readonly defaultsToRestore = new Map<string, { table: TableDef; column: ColumnDef }>();
  /** Types replaced rather than altered, with the domains and composite types built on them. */
  private readonly replacedTypes = new Map<ObjectKey, { readonly schema: string; readonly name: string }>();
  /** Members of tables already dropped and created again, so that no cause rebuilds them twice. */
  private readonly rebuiltMembers = new Set<string>();
  /** Extensions going to an older version (dropped and created again), with the columns of their types. */
  private readonly downgradedExtensions = new Map<Change, ColumnUse[]>();
  /** Tables rebuilt whose rows are copied aside and put back (see columnLocality). */
  private readonly keptRows = new Set<string>();
  /** Inheritance children detached and attached again so that their columns become local. */
  private readonly reattachedTables = new Set<string>();
  /** Views changed in a way CREATE OR REPLACE can do, unless a dependency forces a rebuild. */
  private readonly replacedViews = new Map<string, Change>();

  private readonly fromTables: ReadonlyMap<string, TableDef>;
  private readonly toTables: ReadonlyMap<string, TableDef>;

  constructor(
    private readonly changes: readonly Change[],
    private readonly from: Schema,
    private readonly to: Schema,
    private readonly options: PlanOptions,
  ) {
    this.fromTables = new Map(from.tables.map((t) => [qname(t), t]));
    this.toTables = new Map(to.tables.map((t) => [qname(t), t]));
  }

  run(): Plan {
    this.analyse();
    for (const change of this.changes) this.plan(change);
    this.planRebuiltTables();
    this.planTypeReplacements();
    this.planExtensionDowngrades();
    this.planColumnTypeUsers();
    this.planFunctionUsers();
    this.planDependents();
    this.planCreated();
    this.planDrops();
    const ordered = STEPS.flatMap((step) => this.steps.get(step) ?? []);
    const needsSettings = ordered.length > 0 && (this.created.functions.length > 0 || this.hasReplacedFunctions());
    const statements = needsSettings ? [this.statement('SET check_function_bodies = false;'), ...ordered] : ordered;
    if (!this.options.safe) return { statements, withheld: [] };
    const destructive = (s: Statement) => s.hazards.some((h) => h.hazard === 'data-loss');
    return { statements: statements.filter((s) => !destructive(s)), withheld: statements.filter(destructive) };
  }

  private hasReplacedFunctions(): boolean {
    return (this.steps.get('replace functions') ?? []).length > 0;
  }

  // ---- helpers ----

  private statement(sql: string, change?: Change, hazards: readonly Hazard[] = [], transactional = true): Statement {
    return {
      sql,
      hazards: change ? hazards.map((hazard) => ({ hazard, message: hazardMessage(hazard, change) })) : [],
      transactional: transactional && !hazards.includes('not-transactional'),
      change: change?.path,
    };
  }

  private emit(step: Step, sql: string | readonly string[], change?: Change, hazards: readonly Hazard[] = []): void {
    const list = this.steps.get(step) as Statement[];
    const sqls = typeof sql === 'string' ? [sql] : sql;
    sqls.forEach((s, i) => list.push(this.statement(s, change, i === 0 ? hazards : [])));
  }

  private fromTable(name: string | undefined): TableDef | undefined {
    return name === undefined ? undefined : this.fromTables.get(name);
  }

  private toTable(name: string | undefined): TableDef | undefined {
    return name === undefined ? undefined : this.toTables.get(name);
  }

  /** The `from` name of a table given by its `to` name (they differ after a rename). */
  private fromTableOf(toName: string | undefined): TableDef | undefined {
    const renamed = this.changes.find((c) => c.action === 'rename' && c.objectType === 'table' && c.path === toName);
    return renamed ? (renamed.before as TableDef) : this.fromTable(toName);
  }

  private table(t: { readonly schema: string; readonly name: string }): string {
    return qualify(t.schema, t.name);
  }

  /** A partition or a child table whose columns come from its parent. */
  private inheritsColumns(t: TableDef | undefined): boolean {
    return t?.partitionOf !== undefined;
  }

  // ---- analysis: what must be rebuilt because something it depends on changes ----

  private analyse(): void {
    for (const c of this.changes) {
      if (c.action === 'alter' && (c.objectType === 'function' || c.objectType === 'procedure') && !onlyDocs(c)) {
        const b = c.before as FunctionDef;
        const a = c.after as FunctionDef;
        if (b.returns !== a.returns || b.arguments !== a.arguments || b.kind !== a.kind)
          this.rebuiltFunctions.add(functionKey(b));
      }
      if (c.action === 'add' && c.objectType === 'table') this.wholeTables.add(c.path);
      if (c.objectType === 'column' && c.table) {
        const structural =
          c.action === 'drop' ||
          (c.action === 'alter' && ['type', 'collation', 'generated', 'virtual'].some((a) => attributeChanged(c, a)));
        if (structural) this.disturbedTables.add(objectKey('table', ...this.split(this.fromTableOf(c.table))));
      }
    }
    for (const c of this.changes) {
      if (c.action === 'drop' && c.objectType === 'table')
        this.disturbedTables.add(objectKey('table', ...this.split(c.before as TableDef)));
      if (c.action === 'drop' && (c.objectType === 'function' || c.objectType === 'procedure')) {
        this.rebuiltFunctions.add(functionKey(c.before as FunctionDef));
      }
      if (c.action === 'drop' && ['enum', 'domain', 'composite type'].includes(c.objectType)) {
        const t = c.before as { schema: string; name: string };
        this.swappedTypes.add(objectKey('type', t.schema, t.name));
      }
    }
    for (const c of this.changes) {
      if (c.objectType !== 'extension' || c.action !== 'alter' || !attributeChanged(c, 'version')) continue;
      if (!isExtensionDowngrade(c.before as ExtensionDef, c.after as ExtensionDef)) continue;
      const uses = this.columnsWhere(extensionTypeTest(this.from, c.before as ExtensionDef));
      this.downgradedExtensions.set(c, uses);
      for (const { table } of uses) this.disturbedTables.add(objectKey('table', table.schema, table.name));
    }
    this.findReplacedTypes();
    for (const key of this.replacedTypes.keys()) this.swappedTypes.add(key);
    this.findRebuiltTables();
    // Tables with columns of a swapped type are converted, which disturbs their views.
    for (const t of this.swappedTypes.size > 0 ? this.from.tables : []) {
      if (t.columns.some((col) => this.usesSwappedType(col.type)))
        this.disturbedTables.add(objectKey('table', t.schema, t.name));
    }
  }

  /**
   * Types PostgreSQL cannot alter in place (enum values removed or reordered, a domain's
   * base type or collation, a composite's attribute types while columns use it), and
   * every domain or composite type built on one of them.
   */
  private findReplacedTypes(): void {
    const replace = (t: { schema: string; name: string }) =>
      this.replacedTypes.set(objectKey('type', t.schema, t.name), t);
    for (const c of this.changes) {
      if (c.action !== 'alter') continue;
      if (c.objectType === 'enum' && !enumOnlyAddsValues(c.before as EnumDef, c.after as EnumDef))
        replace(c.after as EnumDef);
      if (c.objectType === 'domain' && (attributeChanged(c, 'baseType') || attributeChanged(c, 'collation'))) {
        replace(c.after as DomainDef);
      }
      if (c.objectType === 'composite type' && attributeChanged(c, 'attributes')) {
        const before = new Map((c.before as CompositeTypeDef).attributes.map((a) => [a.name, a]));
        const type = c.after as CompositeTypeDef;
        const retyped = type.attributes.some((a) => {
          const previous = before.get(a.name);
          return previous !== undefined && (previous.type !== a.type || previous.collation !== a.collation);
        });
        // ALTER ATTRIBUTE … TYPE is refused while a column uses the type.
        if (retyped && this.columnsOfTypes([qualify(type.schema, type.name)]).length > 0) replace(type);
      }
    }
    const inTo = (t: { schema: string; name: string }, list: readonly { schema: string; name: string }[]) =>
      list.some((x) => qname(x) === qname(t));
    for (let grew = true; grew;) {
      grew = false;
      const names = this.replacedTypeNames();
      const builtOn = (type: string) => names.includes(type.replace(/(\[\])+$/, ''));
      for (const d of this.from.domains) {
        if (
          !this.replacedTypes.has(objectKey('type', d.schema, d.name)) &&
          inTo(d, this.to.domains) &&
          builtOn(d.baseType)
        ) {
          replace(d);
          grew = true;
        }
      }
      for (const t of this.from.compositeTypes) {
        const key = objectKey('type', t.schema, t.name);
        if (
          !this.replacedTypes.has(key) &&
          inTo(t, this.to.compositeTypes) &&
          t.attributes.some((a) => builtOn(a.type))
        ) {
          replace(t);
          grew = true;
        }
      }
    }
  }

  private replacedTypeNames(): string[] {
    return [...this.replacedTypes.values()].map((t) => qualify(t.schema, t.name));
  }

  /** Columns (of tables in both schemas, not rebuilt) whose type is one of these, or an array of one. */
  private columnsOfTypes(types: readonly string[]): ColumnUse[] {
    return this.columnsWhere((type) => types.includes(type.replace(/(\[\])+$/, '')));
  }

  /** Columns (of tables in both schemas, not rebuilt, declared there) whose `from` type passes the test. */
  private columnsWhere(test: (type: string) => boolean): ColumnUse[] {
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

  /**
   * Tables PostgreSQL cannot alter into their new shape, dropped and created again (their
   * data is lost, and the hazard says so): a new partition key, or a new type for a
   * column of the partition key. Their partitions go with them.
   */
  private findRebuiltTables(): void {
    for (const c of this.changes) {
      const table = this.toTable(c.table);
      if (!table || !this.fromTable(qname(table))) continue;
      const keyColumnRetyped =
        c.objectType === 'column' &&
        c.action === 'alter' &&
        attributeChanged(c, 'type') &&
        table.partitionBy !== undefined &&
        mentionsIdentifier(table.partitionBy, (c.after as ColumnDef).name);
      const newKey = c.objectType === 'table' && c.action === 'alter' && attributeChanged(c, 'partitionBy');
      if (keyColumnRetyped || newKey) this.rebuildTable(table);
    }
    for (const table of this.to.tables) {
      const before = this.fromTable(qname(table));
      const locality = before && !this.wholeTables.has(qname(table)) ? columnLocality(before, table) : undefined;
      if (locality === 'reattach') this.reattachedTables.add(qname(table));
      if (locality === 'rebuild') {
        this.rebuildTable(table);
        this.keptRows.add(qname(table));
      }
    }
  }

  private rebuildTable(table: TableDef): void {
    if (this.wholeTables.has(qname(table))) return;
    this.wholeTables.add(qname(table));
    this.disturbedTables.add(objectKey('table', table.schema, table.name));
    for (const child of this.to.tables) {
      if (child.partitionOf && `${child.partitionOf.schema}.${child.partitionOf.table}` === qname(table))
        this.rebuildTable(child);
    }
  }

  private split(t: { readonly schema: string; readonly name: string } | undefined): [string, string] {
    return [t?.schema ?? '', t?.name ?? ''];
  }

  private usesSwappedType(type: string): boolean {
    const base = type.replace(/(\[\])+$/, '');
    return [...this.swappedTypes].some((key) => {
      const [schema, name] = key.slice('type:'.length).split('.');
      return base === qualify(schema ?? '', name ?? '');
    });
  }

  /** Whether an object (by its `from` dependencies) must be dropped and recreated. */
  private disturbed(dependsOn: readonly ObjectKey[] | undefined): boolean {
    return (dependsOn ?? []).some(
      (key) =>
        this.disturbedTables.has(key) ||
        this.rebuiltFunctions.has(key) ||
        this.rebuiltObjects.has(key) ||
        this.swappedTypes.has(key) ||
        this.viewDrops.has(key),
    );
  }

  // ---- one change ----

  private plan(change: Change): void {
    const handlers: Record<Change['objectType'], (c: Change) => void> = {
      schema: (c) => this.schema(c),
      extension: (c) => this.extension(c),
      collation: (c) => this.collation(c),
      enum: (c) => this.enumType(c),
      domain: (c) => this.domain(c),
      'composite type': (c) => this.compositeType(c),
      sequence: (c) => this.sequence(c),
      table: (c) => this.tableChange(c),
      column: (c) => this.column(c),
      constraint: (c) => this.constraint(c),
      index: (c) => this.index(c),
      trigger: (c) => this.trigger(c),
      policy: (c) => this.policy(c),
      view: (c) => this.view(c),
      'materialized view': (c) => this.view(c),
      function: (c) => this.fn(c),
      procedure: (c) => this.fn(c),
      'event trigger': (c) => this.eventTrigger(c),
      'foreign data wrapper': (c) => planKindChange(this.kindContext(c)),
      'foreign server': (c) => planKindChange(this.kindContext(c)),
      'user mapping': (c) => planKindChange(this.kindContext(c)),
      'foreign table': (c) => planKindChange(this.kindContext(c)),
      rule: (c) => planKindChange(this.kindContext(c)),
      statistics: (c) => planKindChange(this.kindContext(c)),
      publication: (c) => planKindChange(this.kindContext(c)),
      ...catalogKindHandlers((c) => this.catalogKind(c)),
    };
    handlers[change.objectType](change);
  }

  /** What the planners of kinds/ plan one change with. */
  private kindContext(change: Change): KindPlanContext {
    return {
      change,
      changes: this.changes,
      from: this.from,
      to: this.to,
      emit: (step, sql, hazards = []) => this.emit(step, sql, change, hazards),
      drop: (sql, key, dependsOn = []) => this.dropLast(sql, change, key, dependsOn),
    };
  }

  private comment(target: string, comment: string | undefined, change: Change): void {
    this.emit('comments', `COMMENT ON ${target} IS ${comment === undefined ? 'NULL' : quoteLiteral(comment)};`, change);
  }

  /** GRANT/REVOKE to go from one grant list to another; nothing when either side was read without privileges. */
  private grants(
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

  private owner(kind: string, target: string, change: Change): void {
    // `target` is the object's name, without its kind: ALTER <kind> <target> OWNER TO …
    const owner = (change.after as { owner?: string }).owner;
    const before = (change.before as { owner?: string }).owner;
    if (owner !== undefined && before !== undefined && owner !== before) {
      this.emit('owners', `ALTER ${kind} ${target} OWNER TO ${quoteIdent(owner)};`, change);
    }
  }

  /**
   * Comment, grants and owner changes of an object, whatever else changed. `target` is
   * `KIND name` as COMMENT ON takes it; grants use `grantTarget`, owners `KIND name`.
   */
  private docs(change: Change, target: string, grantTarget: string | undefined, ownerKind: string | undefined): void {
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

  private schema(c: Change): void {
    const s = (c.after ?? c.before) as { name: string };
    const name = quoteIdent(s.name);
    if (c.action === 'add') this.created.schemas.push(c.after as Schema['schemas'][number]);
    else if (c.action === 'drop') this.dropLast(`DROP SCHEMA ${name};`, c, objectKey('type', s.name, '\u0000schema'));
    else this.docs(c, `SCHEMA ${name}`, `SCHEMA ${name}`, 'SCHEMA');
  }

  private extension(c: Change): void {
    const x = (c.after ?? c.before) as Schema['extensions'][number];
    if (c.action === 'add') this.created.extensions.push(x);
    else if (c.action === 'drop') this.dropLast(`DROP EXTENSION ${quoteIdent(x.name)};`, c, `extension:${x.name}`);
    else if (this.downgradedExtensions.has(c)) {
      this.emit('create early', [`DROP EXTENSION ${quoteIdent(x.name)};`, createExtensionSql(x)], c, c.hazards);
      this.docs(c, `EXTENSION ${quoteIdent(x.name)}`, undefined, undefined);
    } else {
      if (attributeChanged(c, 'schema'))
        this.emit('create early', `ALTER EXTENSION ${quoteIdent(x.name)} SET SCHEMA ${quoteIdent(x.schema)};`, c);
      if (attributeChanged(c, 'version'))
        this.emit('create early', `ALTER EXTENSION ${quoteIdent(x.name)} UPDATE TO ${quoteLiteral(x.version)};`, c);
      this.docs(c, `EXTENSION ${quoteIdent(x.name)}`, undefined, undefined);
    }
  }

  private collation(c: Change): void {
    const x = (c.after ?? c.before) as Schema['collations'][number];
    const name = qualify(x.schema, x.name);
    if (c.action === 'add') this.created.collations.push(x);
    else if (c.action === 'drop') this.dropLast(`DROP COLLATION ${name};`, c, `collation:${name}`);
    else {
      this.docs(c, `COLLATION ${name}`, undefined, undefined);
      if (!onlyDocs(c)) this.replaceCollation(c, c.before as CollationDef, c.after as CollationDef);
    }
  }

  /**
   * A collation is redefined by replacing it: the old one set aside under another name,
   * the new one created, the columns that use it moved over, the old one dropped last.
   */
  private replaceCollation(change: Change, before: CollationDef, after: CollationDef): void {
    const name = qualify(after.schema, after.name);
    const aside = `${before.name}__schemaguard_old`;
    this.emit(
      'drop dependents',
      `ALTER COLLATION ${qualify(before.schema, before.name)} RENAME TO ${quoteIdent(aside)};`,
      change,
    );
    this.emit('create early', createCollationSql(after), change);
    for (const table of this.from.tables) {
      const target = this.toTable(qname(table));
      if (!target || this.wholeTables.has(qname(target)) || this.inheritsColumns(table)) continue;
      for (const column of table.columns) {
        const next = target.columns.find((x) => x.name === column.name);
        if (column.collation !== name || !next || column.inherited) continue;
        this.emit(
          'alter tables',
          `ALTER TABLE ${this.table(target)} ALTER COLUMN ${quoteIdent(next.name)} TYPE ${next.type}${next.collation ? ` COLLATE ${next.collation}` : ''};`,
          change,
          ['long-lock'],
        );
      }
    }
    this.emit('drop last', `DROP COLLATION ${qualify(before.schema, aside)};`, change);
  }

  /** Drops that run after everything that could use the object is gone. */
  private dropLast(sql: string, change: Change, key: ObjectKey, dependsOn: readonly ObjectKey[] = []): void {
    this.drops.push({ key, dependsOn, statement: this.statement(sql, change, change.hazards) });
  }

  private enumType(c: Change): void {
    const e = (c.after ?? c.before) as EnumDef;
    const name = qualify(e.schema, e.name);
    if (c.action === 'add') return void this.created.enums.push(e);
    if (c.action === 'drop') return this.dropLast(`DROP TYPE ${name};`, c, objectKey('type', e.schema, e.name));
    this.docs(c, `TYPE ${name}`, undefined, 'TYPE');
    if (!attributeChanged(c, 'values')) return;
    const before = c.before as EnumDef;
    const after = c.after as EnumDef;
    if (enumOnlyAddsValues(before, after)) {
      // New values, each placed next to its neighbour; ADD VALUE cannot share a transaction with their use.
      const present = new Set(before.values);
      after.values.forEach((value, i) => {
        if (present.has(value)) return;
        const next = after.values.slice(i + 1).find((v) => present.has(v));
        const position = next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : '';
        (this.steps.get('alter types') as Statement[]).push(
          this.statement(
            `ALTER TYPE ${name} ADD VALUE ${quoteLiteral(value)}${position};`,
            c,
            ['not-transactional'],
            false,
          ),
        );
        present.add(value);
      });
      return;
    }
    // Values removed or reordered: the type is replaced (planTypeReplacements).
  }

  private domain(c: Change): void {
    const d = (c.after ?? c.before) as DomainDef;
    const name = qualify(d.schema, d.name);
    if (c.action === 'add') return void this.created.domains.push(d);
    if (c.action === 'drop')
      return this.dropLast(`DROP DOMAIN ${name};`, c, objectKey('type', d.schema, d.name), d.dependsOn);
    if (this.replacedTypes.has(objectKey('type', d.schema, d.name))) return;
    this.docs(c, `DOMAIN ${name}`, undefined, 'DOMAIN');
    const before = c.before as DomainDef;
    const after = c.after as DomainDef;
    // A new base type or collation: the domain is replaced (planTypeReplacements).
    if (this.replacedTypes.has(objectKey('type', d.schema, d.name))) return;
    if (attributeChanged(c, 'default')) {
      this.emit(
        'alter types',
        after.default === undefined
          ? `ALTER DOMAIN ${name} DROP DEFAULT;`
          : `ALTER DOMAIN ${name} SET DEFAULT ${after.default};`,
        c,
      );
    }
    if (attributeChanged(c, 'notNull'))
      this.emit('alter types', `ALTER DOMAIN ${name} ${after.notNull ? 'SET' : 'DROP'} NOT NULL;`, c, c.hazards);
    if (attributeChanged(c, 'checks')) {
      const key = (x: NonNullable<DomainDef['checks']>[number]) => `${x.expression}|${x.notValid === true}`;
      const afterChecks = new Map((after.checks ?? []).map((x) => [x.name, x]));
      const beforeChecks = new Map((before.checks ?? []).map((x) => [x.name, x]));
      // Old checks go early, new ones come once the functions they may call exist.
      for (const [checkName, check] of beforeChecks) {
        const next = afterChecks.get(checkName);
        if (!next || key(next) !== key(check))
          this.emit('drop dependents', `ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(checkName)};`, c);
      }
      for (const [checkName, check] of afterChecks) {
        const previous = beforeChecks.get(checkName);
        if (!previous || key(previous) !== key(check))
          this.emit('alter tables', addDomainCheckSql(after, check), c, c.hazards);
        if (previous?.comment !== check.comment)
          this.comment(`CONSTRAINT ${quoteIdent(checkName)} ON DOMAIN ${name}`, check.comment, c);
      }
    }
  }

  private compositeType(c: Change): void {
    const t = (c.after ?? c.before) as CompositeTypeDef;
    const name = qualify(t.schema, t.name);
    if (c.action === 'add') return void this.created.compositeTypes.push(t);
    if (c.action === 'drop')
      return this.dropLast(`DROP TYPE ${name};`, c, objectKey('type', t.schema, t.name), t.dependsOn);
    if (this.replacedTypes.has(objectKey('type', t.schema, t.name))) return;
    this.docs(c, `TYPE ${name}`, undefined, 'TYPE');
    if (!attributeChanged(c, 'attributes')) return;
    const before = new Map((c.before as CompositeTypeDef).attributes.map((a) => [a.name, a]));
    const after = (c.after as CompositeTypeDef).attributes;
    if (this.replacedTypes.has(objectKey('type', t.schema, t.name))) return;
    const actions: string[] = [];
    for (const [attr] of before)
      if (!after.some((a) => a.name === attr)) actions.push(`DROP ATTRIBUTE ${quoteIdent(attr)}`);
    for (const a of after) {
      const previous = before.get(a.name);
      const collate = a.collation ? ` COLLATE ${a.collation}` : '';
      if (!previous) actions.push(`ADD ATTRIBUTE ${quoteIdent(a.name)} ${a.type}${collate}`);
      else if (previous.type !== a.type || previous.collation !== a.collation)
        actions.push(`ALTER ATTRIBUTE ${quoteIdent(a.name)} TYPE ${a.type}${collate}`);
      if (previous?.comment !== a.comment) this.comment(`COLUMN ${name}.${quoteIdent(a.name)}`, a.comment, c);
    }
    if (actions.length > 0) this.emit('alter types', `ALTER TYPE ${name} ${actions.join(', ')};`, c, c.hazards);
  }

  private sequence(c: Change): void {
    const s = (c.after ?? c.before) as SequenceDef;
    const name = qualify(s.schema, s.name);
    if (c.action === 'add') return void this.created.sequences.push(s);
    if (c.action === 'drop') {
      // A sequence owned by a column goes with it: with a dropped table, or a dropped column.
      const owner = s.ownedBy;
      const ownerGone =
        owner &&
        this.changes.some(
          (x) =>
            x.action === 'drop' &&
            ((x.objectType === 'table' && x.path === `${owner.schema}.${owner.table}`) ||
              (x.objectType === 'column' && x.path === `${owner.schema}.${owner.table}.${owner.column}`)),
        );
      if (!ownerGone) this.dropLast(`DROP SEQUENCE ${name};`, c, objectKey('sequence', s.schema, s.name));
      return;
    }
    this.docs(c, `SEQUENCE ${name}`, `SEQUENCE ${name}`, 'SEQUENCE');
    const after = c.after as SequenceDef;
    if (['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle'].some((a) => attributeChanged(c, a))) {
      const restart = this.restart(c.before as SequenceDef, after);
      this.emit(
        'alter types',
        `ALTER SEQUENCE ${name} ${sequenceOptionsSql(after, true)}${after.cycle ? '' : ' NO CYCLE'}${restart ? ` RESTART WITH ${after.start}` : ''};`,
        c,
        restart ? ['may-fail'] : [],
      );
    }
    if (attributeChanged(c, 'unlogged'))
      this.emit('alter types', `ALTER SEQUENCE ${name} SET ${after.unlogged ? 'UNLOGGED' : 'LOGGED'};`, c);
    if (attributeChanged(c, 'ownedBy')) this.emit('sequence ownership', sequenceOwnershipSql(after), c);
  }

  /**
   * A narrower range may exclude the sequence's current value, which PostgreSQL refuses:
   * then the sequence restarts at its new start (new values may collide with old ones).
   */
  private restart(before: SequenceOptionsLike, after: SequenceOptionsLike): boolean {
    return BigInt(after.min) > BigInt(before.min) || BigInt(after.max) < BigInt(before.max);
  }

  private tableChange(c: Change): void {
    if (c.action === 'add') return void this.created.tables.push(c.after as TableDef);
    if (c.action === 'drop') return this.dropTable(c, c.before as TableDef);
    if (c.action === 'rename') {
      const before = c.before as TableDef;
      const after = c.after as TableDef;
      let current = this.table(before);
      if (before.schema !== after.schema) {
        this.emit('renames', `ALTER TABLE ${current} SET SCHEMA ${quoteIdent(after.schema)};`, c, c.hazards);
        current = qualify(after.schema, before.name);
      }
      if (before.name !== after.name)
        this.emit('renames', `ALTER TABLE ${current} RENAME TO ${quoteIdent(after.name)};`, c, c.hazards);
      return;
    }
    const before = c.before as TableDef;
    const after = c.after as TableDef;
    const name = this.table(after);
    // Rebuilt whole (planRebuiltTables): nothing to alter.
    if (this.wholeTables.has(c.path)) return;
    this.docs(c, `TABLE ${name}`, `TABLE ${name}`, 'TABLE');
    planTableStorage(this.kindContext(c), after);
    if (attributeChanged(c, 'unlogged'))
      this.emit('alter tables', `ALTER TABLE ${name} SET ${after.unlogged ? 'UNLOGGED' : 'LOGGED'};`, c, c.hazards);
    if (attributeChanged(c, 'options')) {
      const keyOf = (o: string) => o.split('=')[0] ?? o;
      const removed = (before.options ?? [])
        .map(keyOf)
        .filter((k) => !(after.options ?? []).some((o) => keyOf(o) === k));
      if (removed.length > 0) this.emit('alter tables', `ALTER TABLE ${name} RESET (${removed.join(', ')});`, c);
      if (after.options) this.emit('alter tables', `ALTER TABLE ${name} SET (${after.options.join(', ')});`, c);
    }
    if (attributeChanged(c, 'rowLevelSecurity')) {
      this.emit(
        'row-level security',
        `ALTER TABLE ${name} ${after.rowLevelSecurity ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY;`,
        c,
        c.hazards,
      );
    }
    if (attributeChanged(c, 'forceRowLevelSecurity')) {
      this.emit(
        'row-level security',
        `ALTER TABLE ${name} ${after.forceRowLevelSecurity ? '' : 'NO '}FORCE ROW LEVEL SECURITY;`,
        c,
      );
    }
    if (attributeChanged(c, 'partitionOf')) {
      if (before.partitionOf) this.emit('drop dependents', this.detachSql(before), c);
      if (after.partitionOf) {
        const p = after.partitionOf;
        this.emit(
          'alter tables',
          `ALTER TABLE ${qualify(p.schema, p.table)} ATTACH PARTITION ${name} ${p.bound};`,
          c,
          c.hazards,
        );
      }
    }
    if (attributeChanged(c, 'inherits')) {
      const key = (p: { schema: string; table: string }) => qualify(p.schema, p.table);
      const old = new Set((before.inherits ?? []).map(key));
      const next = new Set((after.inherits ?? []).map(key));
      const checksOf = (schema: Schema, p: string) =>
        (schema.tables.find((t) => this.table(t) === p)?.constraints ?? []).filter(
          (x) => x.type === 'check' && !x.noInherit,
        );
      const has = (t: TableDef, constraint: string) => (t.constraints ?? []).some((x) => x.name === constraint);
      for (const p of old) {
        if (next.has(p)) continue;
        this.emit('alter tables', `ALTER TABLE ${name} NO INHERIT ${p};`, c);
        // The parent's checks stay behind as the table's own; the target may not have them.
        for (const check of checksOf(this.from, p)) {
          if (!has(after, check.name))
            this.emit('alter tables', `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(check.name)};`, c);
        }
      }
      for (const p of next) {
        if (old.has(p)) continue;
        // INHERIT requires the child to have the parent's checks already.
        for (const check of checksOf(this.to, p)) {
          if (!has(before, check.name)) this.emit('alter tables', addConstraintSql(after, check), c);
        }
        this.emit('alter tables', `ALTER TABLE ${name} INHERIT ${p};`, c);
      }
    }
    if (attributeChanged(c, 'columnOrder')) {
      this.emit(
        'comments',
        `-- column order of ${name} differs; PostgreSQL cannot reorder columns without rebuilding the table`,
        c,
      );
    }
  }

  /**
   * DETACH PARTITION leaves behind, as the table's own, the constraints, indexes and
   * triggers it had from its parent. They are dropped so that the table ends up with
   * exactly the objects the target schema gives it.
   */
  private detachSql(t: TableDef): string {
    const parent = t.partitionOf as NonNullable<TableDef['partitionOf']>;
    const table = this.table(t);
    const body = `
DECLARE
  table_oid oid := ${quoteLiteral(table)}::regclass;
  inherited_constraints text[];
  inherited_indexes text[];
  inherited_triggers text[];
  item text;
BEGIN
  SELECT coalesce(array_agg(conname), '{}') INTO inherited_constraints FROM pg_catalog.pg_constraint
    WHERE conrelid = table_oid AND contype <> 'n' AND (conparentid <> 0 OR coninhcount > 0);
  SELECT coalesce(array_agg(c.relname), '{}') INTO inherited_indexes FROM pg_catalog.pg_index x
    JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid JOIN pg_catalog.pg_inherits i ON i.inhrelid = x.indexrelid
    WHERE x.indrelid = table_oid AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid);
  SELECT coalesce(array_agg(tgname), '{}') INTO inherited_triggers FROM pg_catalog.pg_trigger
    WHERE tgrelid = table_oid AND tgparentid <> 0;
  ALTER TABLE ${qualify(parent.schema, parent.table)} DETACH PARTITION ${table};
  FOREACH item IN ARRAY inherited_constraints LOOP
    EXECUTE format('ALTER TABLE ${table.replaceAll("'", "''")} DROP CONSTRAINT IF EXISTS %I', item);
  END LOOP;
  FOREACH item IN ARRAY inherited_indexes LOOP
    EXECUTE format('DROP INDEX IF EXISTS ${quoteIdent(t.schema).replaceAll("'", "''")}.%I', item);
  END LOOP;
  FOREACH item IN ARRAY inherited_triggers LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON ${table.replaceAll("'", "''")}', item);
  END LOOP;
END`;
    return `DO ${dollarQuote(body, 'detach')};`;
  }

  private dropTable(c: Change, t: TableDef): void {
    // Foreign keys between tables that all go are dropped first, or a cycle could not be dropped.
    const going = (schema: string, table: string) =>
      this.wholeTables.has(`${schema}.${table}`) ||
      this.changes.some((x) => x.action === 'drop' && x.objectType === 'table' && x.path === `${schema}.${table}`);
    for (const fk of t.constraints ?? []) {
      if (fk.type !== 'foreign key' || !going(fk.references.schema, fk.references.table)) continue;
      if (fk.references.schema === t.schema && fk.references.table === t.name) continue;
      this.emit('drop foreign keys', `ALTER TABLE ${this.table(t)} DROP CONSTRAINT ${quoteIdent(fk.name)};`, c);
    }
    const parent = t.partitionOf ? [objectKey('table', t.partitionOf.schema, t.partitionOf.table)] : [];
    const parents = [...parent, ...(t.inherits ?? []).map((p) => objectKey('table', p.schema, p.table))];
    // A child depends on its parent: it is dropped first (the reverse order of creation).
    this.dropLast(`DROP TABLE ${this.table(t)};`, c, objectKey('table', t.schema, t.name), [
      ...parents,
      ...(t.dependsOn ?? []),
    ]);
  }

  private column(c: Change): void {
    if (this.wholeTables.has(c.table ?? '')) return;
    const table = this.toTable(c.table) ?? (this.fromTableOf(c.table) as TableDef);
    const fromTable = this.fromTableOf(c.table);
    const name = this.table(table);
    const before = c.before as ColumnDef | undefined;
    const after = c.after as ColumnDef | undefined;
    // A partition's (or child's) inherited columns change with the parent's.
    const inherited = this.inheritsColumns(table) || (after?.inherited ?? before?.inherited ?? false);
    if (c.action === 'add') {
      if (!inherited)
        this.emit(
          'alter tables',
          `ALTER TABLE ${name} ADD COLUMN ${columnSql(after as ColumnDef)};`,
          c,
          addColumnHazards(after as ColumnDef),
        );
      if (after?.comment !== undefined) this.comment(`COLUMN ${name}.${quoteIdent(after.name)}`, after.comment, c);
      if (after?.grants) this.grants(`TABLE ${name}`, [], after.grants, c, after.name);
      if (!inherited) planColumnStorage(this.kindContext(c), table, undefined, after as ColumnDef);
      return;
    }
    if (c.action === 'drop') {
      if (!inherited)
        this.emit(
          'drop objects',
          `ALTER TABLE ${this.table(fromTable as TableDef)} DROP COLUMN ${quoteIdent((before as ColumnDef).name)};`,
          c,
          c.hazards,
        );
      return;
    }
    if (c.action === 'rename') {
      if (!inherited)
        this.emit(
          'renames',
          `ALTER TABLE ${name} RENAME COLUMN ${quoteIdent((before as ColumnDef).name)} TO ${quoteIdent((after as ColumnDef).name)};`,
          c,
          c.hazards,
        );
      return;
    }
    this.alterColumn(c, table, before as ColumnDef, after as ColumnDef, inherited);
  }

  private alterColumn(c: Change, table: TableDef, before: ColumnDef, after: ColumnDef, inherited: boolean): void {
    const name = this.table(table);
    const col = quoteIdent(after.name);
    const alter = (sql: string, hazards: readonly Hazard[] = []) =>
      this.emit('alter tables', `ALTER TABLE ${name} ALTER COLUMN ${col} ${sql};`, c, hazards);
    if (attributeChanged(c, 'comment')) this.comment(`COLUMN ${name}.${col}`, after.comment, c);
    if (attributeChanged(c, 'grants'))
      this.grants(`TABLE ${name}`, before.grants ?? [], after.grants ?? [], c, after.name);
    if (
      ['generated', 'virtual'].some((a) => attributeChanged(c, a)) &&
      (before.generated !== undefined || after.generated !== undefined)
    ) {
      if (before.generated !== undefined && after.generated === undefined && !before.virtual) {
        alter('DROP EXPRESSION');
      } else if (!inherited) {
        // A generated column cannot be altered into another: it is dropped and added again.
        this.emit(
          'drop objects',
          `ALTER TABLE ${this.table(this.fromTableOf(c.table) as TableDef)} DROP COLUMN ${quoteIdent(before.name)};`,
          c,
          c.hazards,
        );
        this.emit('alter tables', `ALTER TABLE ${name} ADD COLUMN ${columnSql(after)};`, c);
        return;
      }
    }
    const typeChanged = attributeChanged(c, 'type') || attributeChanged(c, 'collation');
    const identityChanged = attributeChanged(c, 'identity');
    const defaultChanged = attributeChanged(c, 'default');
    // The old default goes first (early): it may use a sequence, function or type that changes.
    if (
      before.default !== undefined &&
      (defaultChanged || typeChanged || identityChanged || this.defaultsToRestore.has(`${qname(table)}.${after.name}`))
    ) {
      this.emit(
        'drop dependents',
        `ALTER TABLE ${this.table(this.fromTableOf(c.table) as TableDef)} ALTER COLUMN ${quoteIdent(before.name)} DROP DEFAULT;`,
        c,
      );
    }
    if (identityChanged && before.identity && !after.identity) {
      this.emit(
        'drop dependents',
        `ALTER TABLE ${this.table(this.fromTableOf(c.table) as TableDef)} ALTER COLUMN ${quoteIdent(before.name)} DROP IDENTITY;`,
        c,
      );
    }
    if (typeChanged && !inherited) {
      planRulesAroundColumnType(this.kindContext(c), this.fromTableOf(c.table) as TableDef, before.name);
      const effect = typeChangeEffect(before.type, after.type);
      const hazards: Hazard[] = [
        ...(effect.rewrite ? (['table-rewrite'] as const) : []),
        ...(effect.narrowing ? (['data-loss', 'may-fail'] as const) : []),
      ];
      const collate = after.collation ? ` COLLATE ${after.collation}` : '';
      alter(`TYPE ${after.type}${collate} USING ${this.conversion(col, before.type, after.type)}`, hazards);
    }
    if (attributeChanged(c, 'notNull') && !(inherited && !after.notNull)) {
      alter(after.notNull ? 'SET NOT NULL' : 'DROP NOT NULL', after.notNull ? ['may-fail', 'long-lock'] : []);
    }
    if (identityChanged && after.identity) {
      const seq = after.identity.sequence;
      if (!before.identity) {
        alter(`ADD GENERATED ${after.identity.generation} AS IDENTITY (${sequenceOptionsSql(seq, false)})`);
      } else {
        const generation =
          after.identity.generation !== before.identity.generation ? `SET GENERATED ${after.identity.generation} ` : '';
        const restart = this.restart(before.identity.sequence, seq) ? ` RESTART WITH ${seq.start}` : '';
        alter(
          `${generation}SET START WITH ${seq.start} SET INCREMENT BY ${seq.increment} SET MINVALUE ${seq.min} SET MAXVALUE ${seq.max} SET CACHE ${seq.cache} SET ${seq.cycle ? '' : 'NO '}CYCLE${restart}`,
          restart ? ['may-fail'] : [],
        );
      }
    }
    if (
      after.default !== undefined &&
      (defaultChanged || typeChanged || identityChanged || this.defaultsToRestore.has(`${qname(table)}.${after.name}`))
    ) {
      alter(`SET DEFAULT ${after.default}`);
      this.defaultsToRestore.delete(`${qname(table)}.${after.name}`);
    }
    if (!inherited) planColumnStorage(this.kindContext(c), table, before, after);
  }

  /**
   * The USING expression of a column's new type. PostgreSQL has no cast from one enum to
   * another (nor between their arrays): such values go through text.
   */
  private conversion(col: string, before: string, after: string): string {
    const arrays = (type: string) => /(\[\])*$/.exec(type)?.[0] ?? '';
    const isEnum = (schema: Schema, type: string) =>
      schema.enums.some((e) => qualify(e.schema, e.name) === type.slice(0, type.length - arrays(type).length));
    const viaText = isEnum(this.from, before) && isEnum(this.to, after) && arrays(before) === arrays(after);
    return `${col}${viaText ? `::text${arrays(before)}` : ''}::${after}`;
  }

  private member<T>(c: Change): {
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

  private constraint(c: Change): void {
    if (this.wholeTables.has(c.table ?? '')) return;
    const { table, fromTable, before, after } = this.member<ConstraintDef>(c);
    if (c.action === 'rename') {
      const sql = `ALTER TABLE ${this.table(table)} RENAME CONSTRAINT ${quoteIdent((before as ConstraintDef).name)} TO ${quoteIdent((after as ConstraintDef).name)};`;
      return this.emit('renames', sql, c, c.hazards);
    }
    if (c.action === 'alter' && onlyDocs(c)) {
      return this.comment(
        `CONSTRAINT ${quoteIdent((after as ConstraintDef).name)} ON ${this.table(table)}`,
        after?.comment,
        c,
      );
    }
    if (before) this.dropConstraint(fromTable, before, c);
    if (after) this.addConstraint(table, after, c);
  }

  private dropConstraint(table: { schema: string; name: string }, constraint: ConstraintDef, change: Change): void {
    // Foreign keys first: a primary key or unique constraint cannot go while one references it.
    // Primary keys after the views, which may group by them.
    const step: Step =
      constraint.type === 'foreign key'
        ? 'drop foreign keys'
        : constraint.type === 'primary key'
          ? 'drop keys'
          : 'drop dependents';
    this.emit(
      step,
      `ALTER TABLE ${this.table(table)} DROP CONSTRAINT ${quoteIdent(constraint.name)};`,
      change,
      change.action === 'drop' ? change.hazards : [],
    );
  }

  private addConstraint(table: { schema: string; name: string }, constraint: ConstraintDef, change: Change): void {
    const step: Step = constraint.type === 'foreign key' ? 'foreign keys' : 'keys';
    this.emit(step, addConstraintSql(table, constraint), change, addConstraintHazards(constraint));
    if (constraint.comment !== undefined)
      this.comment(`CONSTRAINT ${quoteIdent(constraint.name)} ON ${this.table(table)}`, constraint.comment, change);
  }

  private index(c: Change): void {
    if (this.wholeTables.has(c.table ?? '') || this.wholeViews.has(c.table ?? '')) return;
    const { table, fromTable, before, after } = this.member<IndexDef>(c);
    if (c.action === 'rename') {
      const sql = `ALTER INDEX ${qualify(table.schema, (before as IndexDef).name)} RENAME TO ${quoteIdent((after as IndexDef).name)};`;
      return this.emit('renames', sql, c, c.hazards);
    }
    if (c.action === 'alter' && onlyDocs(c))
      return this.comment(`INDEX ${qualify(table.schema, (after as IndexDef).name)}`, after?.comment, c);
    const concurrently = this.options.concurrently === true;
    if (before) {
      const sql = `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${qualify(fromTable.schema, before.name)};`;
      (this.steps.get('drop dependents') as Statement[]).push(
        this.statement(sql, c, concurrently ? ['not-transactional'] : [], !concurrently),
      );
    }
    if (after) {
      (this.steps.get('indexes') as Statement[]).push(
        this.statement(
          createIndexSql(table.schema, table.name, after, concurrently),
          c,
          createIndexHazards(after, concurrently),
          !concurrently,
        ),
      );
      if (after.comment !== undefined) this.comment(`INDEX ${qualify(table.schema, after.name)}`, after.comment, c);
    }
  }

  private trigger(c: Change): void {
    if (this.wholeTables.has(c.table ?? '') || this.wholeViews.has(c.table ?? '')) return;
    const { table, fromTable, before, after } = this.member<TriggerDef>(c);
    const target = (t: TriggerDef, on: { schema: string; name: string }) =>
      `TRIGGER ${quoteIdent(t.name)} ON ${this.table(on)}`;
    if (
      c.action === 'alter' &&
      (c.attributes ?? []).every((a) => a.attribute === 'enabled' || a.attribute === 'comment')
    ) {
      const a = after as TriggerDef;
      if (attributeChanged(c, 'enabled')) {
        this.emit(
          'triggers',
          `ALTER TABLE ${this.table(table)} ${a.enabled ? TRIGGER_ENABLE[a.enabled] : 'ENABLE TRIGGER'} ${quoteIdent(a.name)};`,
          c,
        );
      }
      if (attributeChanged(c, 'comment')) this.comment(target(a, table), a.comment, c);
      return;
    }
    if (before) this.emit('drop dependents', `DROP ${target(before, fromTable)};`, c);
    if (after) this.createTrigger(table, after, c);
  }

  private createTrigger(table: { schema: string; name: string }, trigger: TriggerDef, change: Change): void {
    this.emit('triggers', createTriggerSql(table.schema, table.name, trigger), change);
    if (trigger.comment !== undefined)
      this.comment(`TRIGGER ${quoteIdent(trigger.name)} ON ${this.table(table)}`, trigger.comment, change);
  }

  private policy(c: Change): void {
    if (this.wholeTables.has(c.table ?? '')) return;
    const { table, fromTable, before, after } = this.member<PolicyDef>(c);
    const target = (p: PolicyDef, on: { schema: string; name: string }) =>
      `POLICY ${quoteIdent(p.name)} ON ${this.table(on)}`;
    if (c.action === 'alter' && before && after) {
      if (onlyDocs(c)) return this.comment(target(after, table), after.comment, c);
      const alterable =
        before.command === after.command &&
        before.restrictive === after.restrictive &&
        (after.using !== undefined || before.using === undefined) &&
        (after.withCheck !== undefined || before.withCheck === undefined);
      if (alterable) {
        const roles = after.roles.map((r) => (r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r))).join(', ');
        let sql = `ALTER ${target(after, table)} TO ${roles}`;
        if (after.using !== undefined) sql += ` USING (${after.using})`;
        if (after.withCheck !== undefined) sql += ` WITH CHECK (${after.withCheck})`;
        this.emit('row-level security', `${sql};`, c);
        if (attributeChanged(c, 'comment')) this.comment(target(after, table), after.comment, c);
        return;
      }
    }
    if (before) this.emit('drop dependents', `DROP ${target(before, fromTable)};`, c);
    if (after) {
      this.emit('row-level security', createPolicySql(table, after), c);
      if (after.comment !== undefined) this.comment(target(after, table), after.comment, c);
    }
  }

  private view(c: Change): void {
    const v = (c.after ?? c.before) as ViewDef;
    if (c.action === 'add') {
      this.created.views.push(v);
      this.wholeViews.add(c.path);
      return;
    }
    if (c.action === 'drop') {
      this.viewDrops.set(objectKey('view', v.schema, v.name), c.before as ViewDef);
      return;
    }
    const before = c.before as ViewDef;
    const after = c.after as ViewDef;
    const name = qualify(after.schema, after.name);
    const kind = after.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
    const structural = (c.attributes ?? []).filter(
      (a) => !DOC_ATTRIBUTES.has(a.attribute) && !(a.attribute === 'columns' && this.sameViewColumns(before, after)),
    );
    if (structural.length === 0) {
      this.docs(c, `${kind} ${name}`, `TABLE ${name}`, kind);
      for (const column of after.columns) {
        const previous = before.columns.find((x) => x.name === column.name);
        if (previous?.comment !== column.comment)
          this.comment(`COLUMN ${name}.${quoteIdent(column.name)}`, column.comment, c);
      }
      return;
    }
    if (this.replaceable(before, after)) {
      this.replacedViews.set(objectKey('view', before.schema, before.name), c);
      this.docs(c, `${kind} ${name}`, `TABLE ${name}`, kind);
      return;
    }
    this.rebuildView(before, after);
  }

  private rebuildView(before: ViewDef, after: ViewDef): void {
    this.replacedViews.delete(objectKey('view', before.schema, before.name));
    this.viewDrops.set(objectKey('view', before.schema, before.name), before);
    if (!this.created.views.includes(after)) this.created.views.push(after);
    this.wholeViews.add(qname(after));
  }

  private sameViewColumns(before: ViewDef, after: ViewDef): boolean {
    const shape = (v: ViewDef) => v.columns.map((c) => `${c.name}:${c.type}`).join(',');
    return shape(before) === shape(after);
  }

  /** CREATE OR REPLACE VIEW keeps the old columns (same names and types) and may only add new ones at the end. */
  private replaceable(before: ViewDef, after: ViewDef): boolean {
    if (before.materialized || after.materialized) return false;
    if (
      JSON.stringify(before.options ?? []) !== JSON.stringify(after.options ?? []) ||
      before.checkOption !== after.checkOption
    )
      return false;
    return before.columns.every((c, i) => after.columns[i]?.name === c.name && after.columns[i]?.type === c.type);
  }

  private fn(c: Change): void {
    const f = (c.after ?? c.before) as FunctionDef;
    if (c.action === 'add') return void this.created.functions.push(f);
    if (c.action === 'drop') return this.dropFunction(c.before as FunctionDef, c);
    const signature = functionSignature(c.after as FunctionDef);
    if (onlyDocs(c)) return this.docs(c, signature, signature, signature.split(' ')[0] as string);
    if (this.rebuiltFunctions.has(functionKey(c.before as FunctionDef))) {
      this.dropFunction(c.before as FunctionDef, c);
      this.created.functions.push(c.after as FunctionDef);
      return;
    }
    this.emit('replace functions', createFunctionSql(c.after as FunctionDef, true), c, c.hazards);
    this.docs(c, signature, signature, signature.split(' ')[0] as string);
  }

  /** Aggregates, operators, casts, text search objects…: their rules are in ./kinds. */
  private catalogKind(c: Change): void {
    planCatalogKindChange(c, {
      create: (list, object) => void ((this.created[list] ??= []) as object[]).push(object),
      drop: (sql, key, dependsOn) => this.dropLast(sql, c, key, dependsOn),
      emit: (when, sql) => this.emit(when === 'first' ? 'drop dependents' : 'replace functions', sql, c, c.hazards),
      docs: (target, ownerKind) => this.docs(c, target, undefined, ownerKind),
      rebuilt: (key) => (key.startsWith('function:') ? this.rebuiltFunctions : this.rebuiltObjects).add(key),
    });
  }

  private dropFunction(f: FunctionDef, change: Change): void {
    this.dropLast(`DROP ${functionSignature(f)};`, change, functionKey(f), f.dependsOn);
  }

  private eventTrigger(c: Change): void {
    const e = (c.after ?? c.before) as EventTriggerDef;
    const name = quoteIdent(e.name);
    if (c.action === 'add') return void this.created.eventTriggers.push(e);
    if (c.action === 'drop') return this.emit('drop dependents', `DROP EVENT TRIGGER ${name};`, c);
    if ((c.attributes ?? []).every((a) => a.attribute === 'enabled' || a.attribute === 'comment')) {
      if (attributeChanged(c, 'enabled'))
        this.emit(
          'event triggers',
          `ALTER EVENT TRIGGER ${name} ${e.enabled ? EVENT_TRIGGER_ENABLE[e.enabled] : 'ENABLE'};`,
          c,
        );
      if (attributeChanged(c, 'comment')) this.comment(`EVENT TRIGGER ${name}`, e.comment, c);
      return;
    }
    this.emit('drop dependents', `DROP EVENT TRIGGER ${name};`, c);
    this.created.eventTriggers.push(e);
  }

  // ---- objects that depend on what changes ----

  /** Tables dropped and created again whole (see findRebuiltTables). */
  private planRebuiltTables(): void {
    for (const name of this.wholeTables) {
      const before = this.fromTable(name);
      const after = this.toTable(name);
      if (!before || !after) continue;
      const kept = this.keptRows.has(name);
      const change: Change = {
        ...this.syntheticChange('table', name, name),
        severity: 'breaking',
        hazards: [kept ? 'table-rewrite' : 'data-loss', 'backward-incompatible'],
      };
      if (kept) {
        const { save, restore } = keepRowsSql(before, after);
        this.emit('drop dependents', save, change);
        this.emit('alter tables', restore, change);
      }
      this.dropTable(change, before);
      this.created.tables.push(after);
      planRebuiltTableKinds(this.kindContext(change), after);
    }
    for (const name of this.reattachedTables) {
      const before = this.fromTable(name) as TableDef;
      const after = this.toTable(name) as TableDef;
      const change = this.syntheticChange('table', name, name);
      for (const parent of after.inherits ?? []) {
        const p = qualify(parent.schema, parent.table);
        if (!(before.inherits ?? []).some((x) => qualify(x.schema, x.table) === p)) continue;
        this.emit(
          'alter tables',
          [`ALTER TABLE ${this.table(after)} NO INHERIT ${p};`, `ALTER TABLE ${this.table(after)} INHERIT ${p};`],
          change,
        );
      }
    }
  }

  /**
   * Replaces types in one move: every column using one goes to text (composites to
   * jsonb, which keeps attributes by name), the old types are dropped, the new ones
   * created, and the columns converted to them; what names the types in an expression is
   * rebuilt around it.
   */
  private planTypeReplacements(): void {
    if (this.replacedTypes.size === 0) return;
    const names = this.replacedTypeNames();
    const change: Change = {
      ...this.syntheticChange('enum', names.join(', ')),
      hazards: ['may-fail', 'backward-incompatible'],
    };
    const composites = new Set(this.from.compositeTypes.map((t) => qualify(t.schema, t.name)));
    const columns = this.columnsOfTypes(names);
    for (const { table, target, column, after } of columns) {
      const col = quoteIdent(column.name);
      const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
      const composite = composites.has(column.type.replace(/(\[\])+$/, '')) && arrays === '';
      this.setDefaultAside({ table, target, column, after }, change);
      const staging = composite ? `jsonb USING to_jsonb(${col})` : `text${arrays} USING ${col}::text${arrays}`;
      this.emit(
        'alter types',
        `ALTER TABLE ${this.table(target)} ALTER COLUMN ${col} TYPE ${staging};`,
        change,
        change.hazards,
      );
    }
    const key = (t: { schema: string; name: string }) => objectKey('type', t.schema, t.name);
    const replaced = (t: { schema: string; name: string }) => this.replacedTypes.has(key(t));
    const dropNodes: Node[] = [...this.from.enums, ...this.from.domains, ...this.from.compositeTypes]
      .filter(replaced)
      .map((t) => ({
        key: key(t),
        rank: 0,
        sortName: qname(t),
        dependsOn: (t as { dependsOn?: readonly ObjectKey[] }).dependsOn ?? [],
        statements: [
          `DROP ${this.from.domains.includes(t as DomainDef) ? 'DOMAIN' : 'TYPE'} ${qualify(t.schema, t.name)};`,
        ],
      }));
    for (const node of topologicalOrder(dropNodes).reverse()) this.emit('alter types', node.statements, change);
    const created = schemaPhases({
      ...emptySchema(),
      enums: this.to.enums.filter(replaced),
      domains: this.to.domains.filter(replaced),
      compositeTypes: this.to.compositeTypes.filter(replaced),
    });
    this.emit(
      'alter types',
      [...created['Types, sequences, functions, tables and views'], ...created.Comments, ...created.Owners],
      change,
    );
    for (const { target, column, after } of columns) {
      const col = quoteIdent(column.name);
      const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
      const composite = composites.has(column.type.replace(/(\[\])+$/, '')) && arrays === '';
      const using = composite
        ? `CASE WHEN ${col} IS NULL THEN NULL ELSE jsonb_populate_record(NULL::${after.type}, ${col}) END`
        : `${col}::${after.type}`;
      this.emit(
        'alter types',
        `ALTER TABLE ${this.table(target)} ALTER COLUMN ${col} TYPE ${after.type} USING ${using};`,
        change,
      );
    }
    const mentions = (text: string | undefined) => text !== undefined && names.some((n) => text.includes(n));
    this.rebuildUsers(mentions, change, { defaults: true, generated: true });
  }

  /**
   * Columns of a downgraded extension's types go to text before the extension is dropped
   * and come back once it is created again; their defaults and indexes go and come back
   * around it (an index may use the extension's operator classes).
   */
  private planExtensionDowngrades(): void {
    for (const [change, uses] of this.downgradedExtensions) {
      for (const { table, target, column, after } of uses) {
        const col = quoteIdent(column.name);
        const arrays = /(\[\])*$/.exec(column.type)?.[0] ?? '';
        this.setDefaultAside({ table, target, column, after }, change);
        const mentions = (e: string | undefined) => mentionsIdentifier(e, column.name);
        this.rebuildIndexes(
          table,
          target,
          (i) => mentions(i.where) || i.keys.some((k) => k.column === column.name || mentions(k.expression)),
          change,
        );
        const alter = `ALTER TABLE ${this.table(target)} ALTER COLUMN ${col} TYPE`;
        const moved = this.syntheticChange('column', `${qname(target)}.${after.name}`, qname(target));
        this.emit('drop objects', `${alter} text${arrays} USING ${col}::text${arrays};`, moved, ['table-rewrite']);
        this.emit('alter types', `${alter} ${after.type} USING ${col}::${after.type};`, moved, ['table-rewrite']);
      }
    }
  }

  /**
   * Columns whose type changes: PostgreSQL refuses while a generated column, a policy or a
   * trigger's condition uses them, so those are rebuilt around the change.
   */
  private planColumnTypeUsers(): void {
    for (const c of this.changes) {
      if (c.objectType !== 'column' || c.action !== 'alter' || !attributeChanged(c, 'type') || !c.table) continue;
      const column = (c.before as ColumnDef).name;
      this.rebuildUsers((text) => mentionsIdentifier(text, column), c, {
        table: c.table,
        generated: true,
        skipOwn: column,
      });
      // A policy of another table may read the column through a subquery.
      const owner = this.fromTableOf(c.table);
      const readsColumn = (text: string | undefined) =>
        mentionsIdentifier(text, owner?.name ?? '') && mentionsIdentifier(text, column);
      for (const table of this.from.tables) {
        const target = this.toTable(qname(table));
        if (table !== owner && target && !this.wholeTables.has(qname(target)))
          this.rebuildPolicies(table, target, readsColumn, c);
      }
    }
  }

  /** Functions dropped and created again: their users in defaults, checks, indexes, policies and triggers go first. */
  private planFunctionUsers(): void {
    const names = [...this.rebuiltFunctions].map((key) => {
      const name = key.slice('function:'.length, key.indexOf('('));
      const [schema = '', fn = ''] = name.split('.');
      return `${qualify(schema.replaceAll('"', ''), fn.replaceAll('"', ''))}(`;
    });
    if (names.length === 0) return;
    const change = this.syntheticChange('function', names.join(', '));
    const calls = (text: string | undefined) => text !== undefined && names.some((n) => text.includes(n));
    this.rebuildUsers(calls, change, { defaults: true, generated: true });
    // Domain checks calling them, unless the domain's own change already drops and adds them.
    for (const domain of this.from.domains) {
      const key = objectKey('type', domain.schema, domain.name);
      const target = this.to.domains.find((d) => qname(d) === qname(domain));
      if (!target || this.replacedTypes.has(key)) continue;
      for (const check of domain.checks ?? []) {
        const next = target.checks?.find((x) => x.name === check.name);
        if (!next || next.expression !== check.expression || !calls(check.expression)) continue;
        if ((next.notValid === true) !== (check.notValid === true)) continue;
        const name = qualify(domain.schema, domain.name);
        this.emit('drop dependents', `ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(check.name)};`, change);
        this.emit('alter tables', addDomainCheckSql(target, next), change);
      }
    }
  }

  /**
   * Drops, before the change, the members of existing tables whose expressions match, and
   * creates them again (as the target has them) after it: check constraints, indexes,
   * policies, triggers, and optionally column defaults and generated columns.
   */
  private rebuildUsers(
    matches: (text: string | undefined) => boolean,
    change: Change,
    scope: { table?: string; defaults?: boolean; generated?: boolean; skipOwn?: string },
  ): void {
    const tables = scope.table ? [this.fromTableOf(scope.table)].filter((t) => t !== undefined) : this.from.tables;
    for (const table of tables) {
      const target = scope.table ? this.toTable(scope.table) : this.toTable(qname(table));
      if (!target || this.wholeTables.has(qname(target))) continue;
      const fresh = (name: string) => this.claimMember(target, name);
      for (const check of table.constraints ?? []) {
        const next = target.constraints?.find((x) => x.name === check.name);
        if (check.type !== 'check' || !next || !matches(check.expression) || !fresh(check.name)) continue;
        this.dropConstraint(table, check, change);
        this.addConstraint(target, next, change);
      }
      // PostgreSQL rebuilds the indexes of a column whose type changes by itself.
      if (scope.skipOwn === undefined)
        this.rebuildIndexes(
          table,
          target,
          (i) => matches(i.where) || i.keys.some((k) => matches(k.expression)),
          change,
        );
      this.rebuildPolicies(table, target, matches, change);
      for (const trigger of table.triggers ?? []) {
        const next = target.triggers?.find((x) => x.name === trigger.name);
        const usesColumn = scope.skipOwn !== undefined && (trigger.columns ?? []).includes(scope.skipOwn);
        if (!next || !(matches(trigger.when) || usesColumn) || !fresh(trigger.name)) continue;
        this.emit('drop dependents', `DROP TRIGGER ${quoteIdent(trigger.name)} ON ${this.table(table)};`, change);
        this.createTrigger(target, next, change);
      }
      for (const column of table.columns) {
        const after = target.columns.find((x) => x.name === column.name);
        if (!after || column.name === scope.skipOwn || column.inherited || this.inheritsColumns(table)) continue;
        // A column whose own change sets its expression or default again needs no rebuild.
        const own = this.changes.find((c) => c.objectType === 'column' && c.path === `${qname(target)}.${after.name}`);
        const redone = (...attributes: string[]) =>
          own !== undefined && attributes.some((a) => attributeChanged(own, a));
        if (
          scope.generated &&
          !redone('generated', 'virtual') &&
          column.generated !== undefined &&
          matches(column.generated) &&
          fresh(`${column.name}#generated`)
        ) {
          // A generated column is derived data: drop it and add it back, computed anew.
          this.emit('drop objects', `ALTER TABLE ${this.table(table)} DROP COLUMN ${quoteIdent(column.name)};`, change);
          this.emit('alter tables', `ALTER TABLE ${this.table(target)} ADD COLUMN ${columnSql(after)};`, change);
        } else if (
          scope.defaults &&
          !redone('default', 'type', 'collation', 'identity') &&
          column.default !== undefined &&
          matches(column.default)
        ) {
          this.setDefaultAside({ table, target, column, after }, change);
        }
      }
    }
  }

  /** Drops a column's default before a change (once) and sets the target's again after it (planDependents). */
  private setDefaultAside({ table, target, column, after }: ColumnUse, change: Change): void {
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
  private claimMember(target: TableDef, name: string): boolean {
    const path = `${qname(target)}.${name}`;
    if (this.rebuiltMembers.has(path) || this.changes.some((c) => c.path === path && c.objectType !== 'column'))
      return false;
    this.rebuiltMembers.add(path);
    return true;
  }

  /** Drops a table's indexes that pass the test before the change and creates them again after it. */
  private rebuildIndexes(table: TableDef, target: TableDef, uses: (index: IndexDef) => boolean, change: Change): void {
    for (const index of table.indexes ?? []) {
      const next = target.indexes?.find((x) => x.name === index.name);
      if (!next || !uses(index) || !this.claimMember(target, index.name)) continue;
      this.emit('drop dependents', `DROP INDEX ${qualify(table.schema, index.name)};`, change);
      this.emit('indexes', createIndexSql(target.schema, target.name, next), change);
    }
  }

  /** Drops a table's policies whose expressions match before the change and creates them again after it. */
  private rebuildPolicies(
    table: TableDef,
    target: TableDef,
    matches: (text: string | undefined) => boolean,
    change: Change,
  ): void {
    for (const policy of table.policies ?? []) {
      const next = target.policies?.find((x) => x.name === policy.name);
      if (!next || !(matches(policy.using) || matches(policy.withCheck)) || !this.claimMember(target, policy.name))
        continue;
      this.emit('drop dependents', `DROP POLICY ${quoteIdent(policy.name)} ON ${this.table(table)};`, change);
      this.emit('row-level security', createPolicySql(target, next), change);
    }
  }

  private planDependents(): void {
    this.rebuildGroupingViews();
    // Views reading what is dropped, converted or rebuilt are dropped and created again, transitively.
    let grew = true;
    while (grew) {
      grew = false;
      for (const view of this.from.views) {
        const key = objectKey('view', view.schema, view.name);
        if (this.viewDrops.has(key) || !this.disturbed(view.dependsOn)) continue;
        const after = this.to.views.find((v) => qname(v) === qname(view));
        this.viewDrops.set(key, view);
        if (after) this.rebuildView(view, after);
        grew = true;
      }
    }
    for (const change of this.replacedViews.values()) {
      this.emit(
        'views',
        createViewSql(change.after as ViewDef).replace(/^CREATE VIEW/, 'CREATE OR REPLACE VIEW'),
        change,
        change.hazards,
      );
    }
    this.rebuildForeignKeys();
    // Triggers whose function is dropped and created again.
    for (const table of this.to.tables) {
      const fromTable = this.fromTable(qname(table));
      if (!fromTable || this.wholeTables.has(qname(table))) continue;
      for (const trigger of table.triggers ?? []) {
        const previous = fromTable.triggers?.find((t) => t.name === trigger.name);
        if (
          !previous ||
          this.changes.some((c) => c.objectType === 'trigger' && c.path === `${qname(table)}.${trigger.name}`)
        )
          continue;
        const rebuilt = [...this.rebuiltFunctions].some((key) => key.startsWith(`function:${previous.function}(`));
        if (!rebuilt) continue;
        const change = this.syntheticChange('trigger', `${qname(table)}.${trigger.name}`, qname(table));
        this.emit('drop dependents', `DROP TRIGGER ${quoteIdent(previous.name)} ON ${this.table(fromTable)};`, change);
        this.createTrigger(table, trigger, change);
      }
    }
    // Functions whose SQL body reads what is converted or dropped.
    for (const fn of this.from.functions) {
      const after = this.to.functions.find((f) => functionKey(f) === functionKey(fn));
      if (!after || this.rebuiltFunctions.has(functionKey(fn)) || !this.disturbed(fn.dependsOn)) continue;
      if (this.created.functions.includes(after)) continue;
      this.rebuiltFunctions.add(functionKey(fn));
      const change = this.syntheticChange('function', functionKey(fn).slice('function:'.length));
      this.dropFunction(fn, change);
      this.created.functions.push(after);
    }
    // Defaults dropped before a type or function changed, set again after it.
    for (const [key, { table, column }] of this.defaultsToRestore) {
      const change = this.syntheticChange('column', key, qname(table));
      this.emit(
        'alter tables',
        `ALTER TABLE ${this.table(table)} ALTER COLUMN ${quoteIdent(column.name)} SET DEFAULT ${column.default};`,
        change,
      );
    }
    this.defaultsToRestore.clear();
    // Views to drop, dependents first.
    const nodes: Node[] = [...this.viewDrops.values()].map((v) => ({
      key: objectKey('view', v.schema, v.name),
      rank: 0,
      sortName: qname(v),
      dependsOn: v.dependsOn ?? [],
      statements: [`DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qualify(v.schema, v.name)};`],
    }));
    for (const node of topologicalOrder(nodes).reverse()) {
      const change =
        this.changes.find((c) => c.path === node.sortName && c.action === 'drop') ??
        this.syntheticChange('view', node.sortName);
      this.emit('drop dependents', node.statements, change, change.hazards);
    }
  }

  /**
   * A view that groups by a primary key may select the table's other columns, and then
   * depends on the key itself: views with GROUP BY over a table whose primary key is
   * dropped or replaced go before the key and come back after it.
   */
  private rebuildGroupingViews(): void {
    const tables = new Set<ObjectKey>();
    for (const c of this.changes) {
      const before = c.before as ConstraintDef | undefined;
      if (c.objectType !== 'constraint' || before?.type !== 'primary key' || c.action === 'add' || onlyDocs(c))
        continue;
      const table = this.fromTableOf(c.table);
      if (table) tables.add(objectKey('table', table.schema, table.name));
    }
    for (const view of this.from.views) {
      if (!/\bGROUP\s+BY\b/i.test(view.definition) || !(view.dependsOn ?? []).some((k) => tables.has(k))) continue;
      const key = objectKey('view', view.schema, view.name);
      const after = this.to.views.find((v) => qname(v) === qname(view));
      if (this.viewDrops.has(key)) continue;
      this.viewDrops.set(key, view);
      if (after) this.rebuildView(view, after);
    }
  }

  /** Foreign keys whose referenced primary key or unique constraint (or index) is dropped and created again. */
  private rebuildForeignKeys(): void {
    const rebuiltKeys = new Set<string>();
    for (const c of this.changes) {
      if (c.action === 'add' || c.action === 'rename' || onlyDocs(c)) continue;
      const before = c.before as (ConstraintDef & IndexDef) | undefined;
      const key = c.objectType === 'constraint' && (before?.type === 'primary key' || before?.type === 'unique');
      if ((key || (c.objectType === 'index' && before?.unique)) && c.table)
        rebuiltKeys.add(qname(this.fromTableOf(c.table) ?? { schema: '', name: '' }));
    }
    for (const name of this.wholeTables) if (this.fromTable(name)) rebuiltKeys.add(name);
    if (rebuiltKeys.size === 0) return;
    for (const table of this.from.tables) {
      const target = this.toTable(qname(table));
      if (!target || this.wholeTables.has(qname(target))) continue;
      for (const fk of table.constraints ?? []) {
        if (fk.type !== 'foreign key' || !rebuiltKeys.has(`${fk.references.schema}.${fk.references.table}`)) continue;
        const path = `${qname(target)}.${fk.name}`;
        const next = target.constraints?.find((x) => x.name === fk.name);
        if (!next || this.changes.some((c) => c.objectType === 'constraint' && c.path === path)) continue;
        const change = this.syntheticChange('constraint', path, qname(target));
        this.dropConstraint(table, fk, change);
        this.addConstraint(target, next, change);
      }
    }
  }

  private syntheticChange(objectType: Change['objectType'], path: string, table?: string): Change {
    return { action: 'alter', objectType, path, table, severity: 'warning', hazards: [] };
  }

  /** Objects created whole (new or rebuilt) go through the same phases as a full schema. */
  private planCreated(): void {
    const { views, enums, ...rest } = this.created;
    const objects = schemaPhases({ ...rest, enums: [], views: [] });
    const onlyEnums = schemaPhases({ ...emptySchema(), enums });
    const onlyViews = schemaPhases({ ...emptySchema(), views });
    const put = (step: Step, statements: readonly string[]) => {
      for (const sql of statements) (this.steps.get(step) as Statement[]).push(this.statement(sql));
    };
    // Schemas, extensions, collations and new enums (a replaced domain may be built on one) first of all;
    // the rest after the type changes.
    (this.steps.get('create early') as Statement[]).unshift(
      ...[
        ...objects.Schemas,
        ...objects.Extensions,
        ...objects.Collations,
        ...onlyEnums['Types, sequences, functions, tables and views'],
      ].map((sql) => this.statement(sql)),
    );
    put('create objects', objects['Types, sequences, functions, tables and views']);
    put('views', onlyViews['Types, sequences, functions, tables and views']);
    for (const phases of [onlyEnums, objects, onlyViews]) {
      put('rules, statistics and publications', phases['Rules, statistics and publications']);
      put('sequence ownership', phases['Sequence ownership']);
      put('keys', phases['Primary keys, unique and exclusion constraints']);
      put('indexes', phases.Indexes);
      put('foreign keys', phases['Foreign keys']);
      put('triggers', phases.Triggers);
      put('event triggers', phases['Event triggers']);
      put('row-level security', phases['Row-level security']);
      put('comments', phases.Comments);
      put('owners', phases.Owners);
      put('privileges', phases.Privileges);
    }
  }

  /**
   * Drops of whole objects, each after everything that depends on it. Tables, functions
   * and sequences go early; types, collations, extensions and schemas at the very end,
   * when no column can still use them (a column may change away from a type late).
   */
  private planDrops(): void {
    const nodes: Node[] = this.drops.map((d, i) => ({
      key: d.key,
      rank: 0,
      sortName: String(i).padStart(6, '0'),
      dependsOn: d.dependsOn,
      statements: [],
    }));
    const byIndex = new Map(this.drops.map((d, i) => [String(i).padStart(6, '0'), d]));
    const ordered = topologicalOrder(nodes)
      .reverse()
      .map((node) => (byIndex.get(node.sortName) as (typeof this.drops)[number]).statement);
    const last = /^DROP (TYPE|DOMAIN|COLLATION|EXTENSION|SCHEMA) /;
    (this.steps.get('drop objects') as Statement[]).push(...ordered.filter((st) => !last.test(st.sql)));
    const rank = (sql: string) => (sql.startsWith('DROP EXTENSION') ? 1 : sql.startsWith('DROP SCHEMA') ? 2 : 0);
    const finals = ordered.filter((st) => last.test(st.sql)).sort((a, b) => rank(a.sql) - rank(b.sql));
    (this.steps.get('drop last') as Statement[]).push(...finals);
  }
}
