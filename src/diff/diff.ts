import { SchemaguardError } from '../errors.js';
import { canonicalize } from '../schema/canonical.js';
import {
  LIST_NAMES,
  type ListName,
  RELATION_ERA_COLUMN_ATTRIBUTES,
  RELATION_ERA_TABLE_ATTRIBUTES,
  listKind,
  recordsRelationLists,
} from '../schema/kind-lists.js';
import type { ColumnDef, ConstraintDef, FunctionDef, IndexDef, Schema, TableDef, ViewDef } from '../schema/model.js';
import type { AttributeChange, Change, ChangeAction, ChangeDraft, Hazard, ObjectType } from './change.js';
import { type Equivalence, exactEquivalence } from './equivalence.js';
import { type SeverityRules, severityOf } from './severity.js';

export interface DiffOptions {
  /** The dialect's equivalence rules (default: exact text). */
  readonly equivalence?: Equivalence;
  /** The dialect's hazards of a change, with both schemas for context. */
  readonly hazards?: (change: ChangeDraft, from: Schema, to: Schema) => Hazard[];
  /** Column order is not a difference (default true). */
  readonly ignoreColumnOrder?: boolean;
  readonly ignoreComments?: boolean;
  /** Grants and owners are not differences. */
  readonly ignorePrivileges?: boolean;
  /** Constraints and indexes that differ only by name are the same object. */
  readonly ignoreNames?: boolean;
  /** Types of one family (the equivalence's `looseType`: SQLite's affinity) are one type. */
  readonly looseTypes?: boolean;
  /** The optional lists the dialect has (kind-lists.ts), in order (default: all). */
  readonly lists?: readonly ListName[];
  /** The dialect's severity rules (default: the core rules). */
  readonly severity?: SeverityRules;
  /** `OLD=NEW` renames: `schema.table=newname`, `schema.table=other.newname`, `[schema.]table.column=newname`. */
  readonly renames?: readonly string[];
}

/** A rename the user asked for, resolved against the `from` schema. */
interface Renames {
  /** `schema.table` in `from` → `schema.table` in `to`. */
  readonly tables: Map<string, { schema: string; name: string }>;
  /** `schema.table.column` in `from` (table as named in `from`) → new column name. */
  readonly columns: Map<string, string>;
}

const qualified = (o: { readonly schema: string; readonly name: string }) => `${o.schema}.${o.name}`;

function parseRenames(specs: readonly string[], from: Schema): Renames {
  const renames: Renames = { tables: new Map(), columns: new Map() };
  const tables = new Map(from.tables.map((t) => [qualified(t), t]));
  for (const spec of specs) {
    const [old, target, ...rest] = spec.split('=');
    if (!old || !target || rest.length > 0) {
      throw new SchemaguardError(`--rename takes OLD=NEW (e.g. public.asset.old_col=new_col), not "${spec}".`);
    }
    const parts = old.split('.');
    if (parts.length === 2 && tables.has(old)) {
      const [schema = '', name = ''] = target.includes('.') ? target.split('.') : [parts[0], target];
      renames.tables.set(old, { schema, name });
      continue;
    }
    const table =
      parts.length === 3
        ? tables.get(`${parts[0]}.${parts[1]}`)
        : parts.length === 2
          ? from.tables.find((t) => t.name === parts[0])
          : undefined;
    const column = parts.at(-1) ?? '';
    if (!table || !table.columns.some((c) => c.name === column)) {
      throw new SchemaguardError(`--rename ${spec}: there is no table or column ${old} in the "from" schema.`);
    }
    if (target.includes('.')) throw new SchemaguardError(`--rename ${spec}: a column's new name has no dots.`);
    renames.columns.set(`${qualified(table)}.${column}`, target);
  }
  return renames;
}

/** Pairs objects of two lists by key: what only `from` has, what only `to` has, and what both have. */
function match<T>(from: readonly T[], to: readonly T[], key: (item: T) => string, fromKey = key) {
  const toByKey = new Map(to.map((item) => [key(item), item]));
  const pairs: [T, T][] = [];
  const dropped: T[] = [];
  for (const item of from) {
    const other = toByKey.get(fromKey(item));
    if (other) {
      pairs.push([item, other]);
      toByKey.delete(fromKey(item));
    } else dropped.push(item);
  }
  return { pairs, dropped, added: [...toByKey.values()] };
}

type Normalizers = Readonly<Record<string, (value: unknown) => unknown>>;

/**
 * Whether two JSON values are equal member by member: the cheap test that skips the
 * attribute-by-attribute comparison for the (usually many) objects that did not change.
 * It allocates nothing. Equal means equal; unequal may still be equivalent (a `false`
 * flag against a missing one, another spelling), which the full comparison decides.
 */
function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!identical(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!identical((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * The attributes whose canonical values differ. `grants` and `owner` are compared only
 * when both sides have them: a side read without privileges has none to compare.
 */
function attributeChanges(
  before: object,
  after: object,
  skip: ReadonlySet<string>,
  normalizers: Normalizers = {},
): AttributeChange[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changes: AttributeChange[] = [];
  for (const attribute of [...keys].sort()) {
    if (skip.has(attribute)) continue;
    const b = (before as Record<string, unknown>)[attribute];
    const a = (after as Record<string, unknown>)[attribute];
    if ((attribute === 'grants' || attribute === 'owner') && (b === undefined || a === undefined)) continue;
    const normalize = normalizers[attribute] ?? ((v: unknown) => v);
    const canon = (v: unknown) =>
      JSON.stringify(canonicalize(v === undefined || v === false ? null : normalize(v)) ?? null);
    if (canon(b) !== canon(a)) changes.push({ attribute, before: b, after: a });
  }
  return changes;
}

/** Computes the differences between two schemas, classified, in a stable order. */
export function diffSchemas(from: Schema, to: Schema, options: DiffOptions = {}): Change[] {
  return new SchemaDiff(from, to, options).run();
}

class SchemaDiff {
  private readonly drafts: ChangeDraft[] = [];
  private readonly eq: Equivalence;
  private readonly renames: Renames;
  private readonly commonSkip: Set<string>;

  constructor(
    private readonly from: Schema,
    private readonly to: Schema,
    private readonly options: DiffOptions,
  ) {
    const eq = options.equivalence ?? exactEquivalence;
    const family = options.looseTypes ? eq.looseType : undefined;
    this.eq = family ? { ...eq, type: (name) => family(eq.type(name)) } : eq;
    this.renames = parseRenames(options.renames ?? [], from);
    this.commonSkip = new Set(['dependsOn']);
    if (options.ignoreComments) this.commonSkip.add('comment');
    if (options.ignorePrivileges) {
      this.commonSkip.add('grants');
      this.commonSkip.add('owner');
    }
  }

  run(): Change[] {
    this.simple('schema', this.from.schemas, this.to.schemas, (s) => s.name, ['name']);
    this.simple('extension', this.from.extensions, this.to.extensions, (x) => x.name, ['name']);
    this.simple('collation', this.from.collations, this.to.collations, qualified, ['schema', 'name']);
    this.simple('enum', this.from.enums, this.to.enums, qualified, ['schema', 'name']);
    this.simple('domain', this.from.domains, this.to.domains, qualified, ['schema', 'name'], {
      baseType: (t) => this.eq.type(String(t)),
      default: (d) => this.eq.expression(String(d)),
      checks: (checks) =>
        (checks as { name: string; expression: string }[]).map((c) => ({
          ...c,
          expression: this.eq.expression(c.expression),
        })),
    });
    this.simple('composite type', this.from.compositeTypes, this.to.compositeTypes, qualified, ['schema', 'name'], {
      attributes: (attributes) => (attributes as { type: string }[]).map((a) => ({ ...a, type: this.eq.type(a.type) })),
    });
    this.simple('sequence', this.from.sequences, this.to.sequences, qualified, ['schema', 'name'], {
      type: (t) => this.eq.type(String(t)),
    });
    this.tables();
    this.views();
    this.functions();
    this.simple('event trigger', this.from.eventTriggers, this.to.eventTriggers, (e) => e.name, ['name']);
    this.optionalLists();
    this.renameHints();
    return this.drafts.map((draft) => ({
      ...draft,
      severity: severityOf(draft, this.options.severity),
      hazards: this.options.hazards?.(draft, this.from, this.to) ?? [],
    }));
  }

  private add(draft: ChangeDraft): void {
    this.drafts.push(draft);
  }

  private skip(...names: string[]): Set<string> {
    return new Set([...this.commonSkip, ...names]);
  }

  /** Objects compared as a whole: add, drop, or alter with the attributes that differ. */
  private simple<T extends object>(
    objectType: ObjectType,
    from: readonly T[],
    to: readonly T[],
    key: (item: T) => string,
    identity: string[],
    normalizers: Normalizers = {},
    pathOf: (item: T) => string = key,
  ): void {
    const { pairs, dropped, added } = match(from, to, key);
    for (const item of dropped) this.add({ action: 'drop', objectType, path: pathOf(item), before: item });
    for (const item of added) this.add({ action: 'add', objectType, path: pathOf(item), after: item });
    for (const [before, after] of pairs) {
      if (identical(before, after)) continue;
      const attributes = attributeChanges(before, after, this.skip(...identity), normalizers);
      if (attributes.length > 0)
        this.add({ action: 'alter', objectType, path: pathOf(before), before, after, attributes });
    }
  }

  /**
   * The optional lists the dialect declares (kind-lists.ts), each compared only when both
   * schemas record it: a list one side lacks (an older snapshot) is not compared, and
   * report/not-compared.ts says so.
   */
  private optionalLists(): void {
    for (const list of this.options.lists ?? LIST_NAMES) {
      const from = this.from[list] as readonly object[] | undefined;
      const to = this.to[list] as readonly object[] | undefined;
      if (!from || !to) continue;
      const kind = listKind(list);
      const start = this.drafts.length;
      this.simple(kind.objectType, from, to, kind.path, [...kind.identity], kind.normalizers);
      const tableOf = kind.table;
      if (!tableOf) continue;
      for (let i = start; i < this.drafts.length; i++) {
        const draft = this.drafts[i] as ChangeDraft;
        this.drafts[i] = { ...draft, table: tableOf((draft.after ?? draft.before) as object) };
      }
    }
  }

  /** Attributes a side read by an older schemaguard did not record: not compared. */
  private unrecorded(attributes: readonly string[]): string[] {
    return recordsRelationLists(this.from) && recordsRelationLists(this.to) ? [] : [...attributes];
  }

  private tables(): void {
    const toKey = (t: TableDef) => qualified(t);
    const fromKey = (t: TableDef) => {
      const renamed = this.renames.tables.get(qualified(t));
      return renamed ? `${renamed.schema}.${renamed.name}` : qualified(t);
    };
    const { pairs, dropped, added } = match(this.from.tables, this.to.tables, toKey, fromKey);
    for (const t of dropped)
      this.add({ action: 'drop', objectType: 'table', path: qualified(t), table: qualified(t), before: t });
    for (const t of added)
      this.add({ action: 'add', objectType: 'table', path: qualified(t), table: qualified(t), after: t });
    for (const [before, after] of pairs) {
      const path = qualified(after);
      if (qualified(before) === path && identical(before, after)) continue;
      if (qualified(before) !== path) {
        this.add({ action: 'rename', objectType: 'table', path, table: path, before, after });
      }
      this.tableMembers(before, after);
      const attributes = attributeChanges(
        before,
        after,
        this.skip(
          'schema',
          'name',
          'columns',
          'constraints',
          'indexes',
          'triggers',
          'policies',
          ...this.unrecorded(RELATION_ERA_TABLE_ATTRIBUTES),
        ),
        {},
      );
      const order = this.columnOrderChange(before, after);
      if (order) attributes.push(order);
      if (attributes.length > 0)
        this.add({ action: 'alter', objectType: 'table', path, table: path, before, after, attributes });
    }
  }

  private columnOrderChange(before: TableDef, after: TableDef): AttributeChange | undefined {
    if (this.options.ignoreColumnOrder ?? true) return undefined;
    const renamed = (c: ColumnDef) => this.renames.columns.get(`${qualified(before)}.${c.name}`) ?? c.name;
    const afterNames = new Set(after.columns.map((c) => c.name));
    const common = before.columns.map(renamed).filter((n) => afterNames.has(n));
    const commonSet = new Set(common);
    const target = after.columns.map((c) => c.name).filter((n) => commonSet.has(n));
    return common.join('\u0000') === target.join('\u0000')
      ? undefined
      : { attribute: 'columnOrder', before: common, after: target };
  }

  /** How column attributes compare; `table` is the columns' table, whose name may qualify them in expressions. */
  private columnNormalizers(table?: string): Normalizers {
    return {
      type: (t) => this.eq.type(String(t)),
      generated: (g) => this.eq.expression(String(g), table),
      check: (e) => this.eq.expression(String(e), table),
      identity: (identity) => {
        const i = identity as NonNullable<ColumnDef['identity']>;
        return { ...i, sequence: { ...i.sequence, type: this.eq.type(i.sequence.type) } };
      },
    };
  }

  private tableMembers(before: TableDef, after: TableDef): void {
    const table = qualified(after);
    const member = (name: string) => `${table}.${name}`;

    // Columns, matched by name or by a requested rename.
    const newName = (c: ColumnDef) => this.renames.columns.get(`${qualified(before)}.${c.name}`) ?? c.name;
    const columns = match(before.columns, after.columns, (c) => c.name, newName);
    for (const c of columns.dropped)
      this.add({ action: 'drop', objectType: 'column', path: member(c.name), table, before: c });
    for (const c of columns.added)
      this.add({ action: 'add', objectType: 'column', path: member(c.name), table, after: c });
    for (const [b, a] of columns.pairs) {
      if (b.name !== a.name)
        this.add({ action: 'rename', objectType: 'column', path: member(a.name), table, before: b, after: a });
      const normalizers = {
        ...this.columnNormalizers(after.name),
        default: (d: unknown) => this.eq.defaultExpression(String(d), this.eq.type(a.type)),
      };
      const attributes = attributeChanges(
        b,
        a,
        this.skip('name', ...this.unrecorded(RELATION_ERA_COLUMN_ATTRIBUTES)),
        normalizers,
      );
      if (attributes.length > 0) {
        this.add({
          action: 'alter',
          objectType: 'column',
          path: member(a.name),
          table,
          before: b,
          after: a,
          attributes,
        });
      }
    }

    // RENAME COLUMN carries constraints and indexes along: compare them under the new names.
    this.members(
      'constraint',
      table,
      (before.constraints ?? []).map((c) => this.renamedInConstraint(before, c)),
      after.constraints ?? [],
      (c) => this.constraintSignature(c, after.name),
      {
        expression: (e) => this.eq.expression(String(e), after.name),
      },
    );
    const renamedIndexes = (before.indexes ?? []).map((i) => this.renamedInIndex(before, i));
    this.members('index', table, renamedIndexes, after.indexes ?? [], (i) => this.indexSignature(i, after.name), {
      where: (e) => this.eq.expression(String(e), after.name),
      keys: (keys) =>
        (keys as IndexDef['keys']).map((k) =>
          k.expression ? { ...k, expression: this.eq.expression(k.expression, after.name) } : k,
        ),
    });
    this.members('trigger', table, before.triggers ?? [], after.triggers ?? [], undefined, this.triggerNormalizers());
    this.members('policy', table, before.policies ?? [], after.policies ?? [], undefined, {
      using: (e) => this.eq.expression(String(e)),
      withCheck: (e) => this.eq.expression(String(e)),
    });
  }

  /** How trigger attributes compare: the condition as an expression, the body by the engine's rule when it has one. */
  private triggerNormalizers(): Normalizers {
    const body = this.eq.triggerBody?.bind(this.eq);
    return { when: (e) => this.eq.expression(String(e)), ...(body ? { body: (b: unknown) => body(String(b)) } : {}) };
  }

  /** A column's name after the renames asked for, in a table named as in the `from` schema. */
  private columnAfterRename(schema: string, table: string, column: string): string {
    return this.renames.columns.get(`${schema}.${table}.${column}`) ?? column;
  }

  /** A constraint of a `from` table with the column (and referenced table) renames applied. */
  private renamedInConstraint(table: TableDef, c: ConstraintDef): ConstraintDef {
    const own = (column: string) => this.columnAfterRename(table.schema, table.name, column);
    switch (c.type) {
      case 'primary key':
      case 'unique':
        return { ...c, columns: c.columns.map(own), ...(c.include ? { include: c.include.map(own) } : {}) };
      case 'foreign key': {
        const { schema, table: target } = c.references;
        const renamedTarget = this.renames.tables.get(`${schema}.${target}`);
        return {
          ...c,
          columns: c.columns.map(own),
          references: {
            schema: renamedTarget?.schema ?? schema,
            table: renamedTarget?.name ?? target,
            columns: c.references.columns.map((column) => this.columnAfterRename(schema, target, column)),
          },
          ...(c.onDeleteColumns ? { onDeleteColumns: c.onDeleteColumns.map(own) } : {}),
        };
      }
      default:
        return c;
    }
  }

  /** An index of a `from` table with the column renames applied to its plain keys. */
  private renamedInIndex(table: TableDef, index: IndexDef): IndexDef {
    const own = (column: string) => this.columnAfterRename(table.schema, table.name, column);
    return {
      ...index,
      keys: index.keys.map((k) => (k.column ? { ...k, column: own(k.column) } : k)),
      ...(index.include ? { include: index.include.map(own) } : {}),
    };
  }

  /** What a constraint is, without its name: for matching under `ignoreNames`. */
  private constraintSignature(c: ConstraintDef, table?: string): string {
    const { name: _name, comment: _comment, ...rest } = c;
    const normalized = c.type === 'check' ? { ...rest, expression: this.eq.expression(c.expression, table) } : rest;
    return JSON.stringify(canonicalize(normalized));
  }

  private indexSignature(i: IndexDef, table?: string): string {
    const { name: _name, comment: _comment, ...rest } = i;
    return JSON.stringify(canonicalize({ ...rest, where: rest.where && this.eq.expression(rest.where, table) }));
  }

  /** Named members of a table or view (constraints, indexes, triggers, policies). */
  private members<T extends { readonly name: string }>(
    objectType: ObjectType,
    table: string,
    from: readonly T[],
    to: readonly T[],
    signature: ((item: T) => string) | undefined,
    normalizers: Normalizers,
  ): void {
    let { pairs, dropped, added } = match(from, to, (x) => x.name);
    let renamed: [T, T][] = [];
    if (signature) {
      // Differently named but identical: the same object under another name (an ORM's naming
      // convention, a generated name), renamed rather than dropped and added; no change under ignoreNames.
      const bySignature = match(dropped, added, signature);
      if (this.options.ignoreNames) pairs = [...pairs, ...bySignature.pairs];
      else renamed = bySignature.pairs;
      dropped = bySignature.dropped;
      added = bySignature.added;
    }
    const path = (x: T) => `${table}.${x.name}`;
    for (const x of dropped) this.add({ action: 'drop', objectType, path: path(x), table, before: x });
    for (const x of added) this.add({ action: 'add', objectType, path: path(x), table, after: x });
    for (const [b, a] of renamed) this.add({ action: 'rename', objectType, path: path(a), table, before: b, after: a });
    for (const [b, a] of [...pairs, ...renamed]) {
      const attributes = attributeChanges(b, a, this.skip('name'), normalizers);
      if (attributes.length > 0)
        this.add({ action: 'alter', objectType, path: path(a), table, before: b, after: a, attributes });
    }
  }

  private views(): void {
    const objectType = (v: ViewDef): ObjectType => (v.materialized ? 'materialized view' : 'view');
    const { pairs, dropped, added } = match(this.from.views, this.to.views, qualified);
    for (const v of dropped)
      this.add({ action: 'drop', objectType: objectType(v), path: qualified(v), table: qualified(v), before: v });
    for (const v of added)
      this.add({ action: 'add', objectType: objectType(v), path: qualified(v), table: qualified(v), after: v });
    for (const [before, after] of pairs) {
      if (identical(before, after)) continue;
      const path = qualified(after);
      this.members('index', path, before.indexes ?? [], after.indexes ?? [], (i) => this.indexSignature(i), {
        where: (e) => this.eq.expression(String(e)),
      });
      this.members('trigger', path, before.triggers ?? [], after.triggers ?? [], undefined, this.triggerNormalizers());
      const attributes = attributeChanges(before, after, this.skip('schema', 'name', 'indexes', 'triggers'), {
        definition: (d) => this.eq.viewDefinition(String(d)),
        columns: (columns) => (columns as ViewDef['columns']).map((c) => ({ ...c, type: this.eq.type(c.type) })),
      });
      if (attributes.length > 0) {
        this.add({ action: 'alter', objectType: objectType(after), path, table: path, before, after, attributes });
      }
    }
  }

  private functions(): void {
    const key = (f: FunctionDef) => `${qualified(f)}(${f.identityArguments})`;
    this.simple(
      'function',
      this.from.functions,
      this.to.functions,
      key,
      ['schema', 'name', 'identityArguments'],
      {
        body: (b) => this.eq.functionBody(String(b)),
        returns: (r) => this.eq.type(String(r)),
      },
      key,
    );
    // Procedures are functions in the model; say which they are.
    for (let i = 0; i < this.drafts.length; i++) {
      const draft = this.drafts[i] as ChangeDraft;
      const fn = (draft.after ?? draft.before) as FunctionDef | undefined;
      if (draft.objectType === 'function' && fn?.kind === 'procedure')
        this.drafts[i] = { ...draft, objectType: 'procedure' };
    }
  }

  /** A dropped and an added column (or table) of the same shape: say it may be a rename. */
  private renameHints(): void {
    const hint = (draft: ChangeDraft, text: string) => {
      const index = this.drafts.indexOf(draft);
      this.drafts[index] = { ...draft, hints: [...(draft.hints ?? []), text] };
    };
    const shape = (c: ColumnDef) => `${this.eq.type(c.type)}|${c.notNull === true}`;
    const byAction = (action: ChangeAction, objectType: ObjectType) =>
      this.drafts.filter((d) => d.action === action && d.objectType === objectType);
    for (const drop of byAction('drop', 'column')) {
      const before = drop.before as ColumnDef;
      for (const add of byAction('add', 'column')) {
        const after = add.after as ColumnDef;
        if (add.table !== drop.table || shape(before) !== shape(after)) continue;
        const text = `possible rename of ${drop.path} to ${after.name}: --rename ${drop.path}=${after.name}`;
        hint(this.drafts.find((d) => d.path === drop.path && d.action === 'drop') as ChangeDraft, text);
        hint(this.drafts.find((d) => d.path === add.path && d.action === 'add') as ChangeDraft, text);
      }
    }
    const tableShape = (t: TableDef) => t.columns.map((c) => `${c.name}:${this.eq.type(c.type)}`).join(',');
    for (const drop of byAction('drop', 'table')) {
      for (const add of byAction('add', 'table')) {
        if (tableShape(drop.before as TableDef) !== tableShape(add.after as TableDef)) continue;
        const text = `possible rename of ${drop.path} to ${add.path}: --rename ${drop.path}=${add.path}`;
        hint(this.drafts.find((d) => d.path === drop.path && d.action === 'drop') as ChangeDraft, text);
        hint(this.drafts.find((d) => d.path === add.path && d.action === 'add') as ChangeDraft, text);
      }
    }
  }
}
