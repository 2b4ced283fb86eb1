import { SchemaguardError } from '../errors.js';
import type { ForeignKeyDef, IndexDef, Schema, TableDef } from '../schema/model.js';
import {
  type AssertedColumns,
  type AssertedTable,
  type ForeignKeySpec,
  type SchemaAssertion,
  assertionProblem,
  parseForeignKeySpec,
  parseTableName,
} from './assertion-spec.js';

/** The outcome of one schema assertion. */
export interface AssertionResult {
  /** The assertion's `name`, or a description such as `asset.resource_id exists`. */
  readonly name: string;
  readonly passed: boolean;
  /** One line saying what was found, e.g. `asset has no column resource_id`. */
  readonly message: string;
}

/**
 * Checks schema assertions against a loaded schema (live database, snapshot, models…).
 * Pure: no I/O. Results are in the order of `assertions`. Throws a
 * {@link SchemaguardError} for a malformed assertion (see {@link SchemaAssertion}).
 * `namespaces` is the engine's capability of the same name: an unqualified table is in
 * `public` when the engine has namespaces, else (MySQL) in the database's own, the schema's only one.
 */
export function checkAssertions(
  schema: Schema,
  assertions: readonly SchemaAssertion[],
  namespaces = true,
): AssertionResult[] {
  const catalog = new SchemaCatalog(schema, namespaces ? undefined : schema.schemas[0]?.name);
  return assertions.map((assertion, index) => {
    const problem = assertionProblem(assertion);
    if (problem) {
      const where = [`assertions[${index}]`, ...problem.path].join('.');
      throw new SchemaguardError(`The assertion at ${where} is invalid: ${problem.message}.`);
    }
    return checkOne(catalog, assertion);
  });
}

/** Tables and views by qualified name. */
class SchemaCatalog {
  private readonly tables = new Map<string, TableDef>();
  private readonly views = new Map<string, { readonly materialized?: boolean }>();

  /** `unqualified`: the namespace of an unqualified name when it is not `public`. */
  constructor(
    schema: Schema,
    private readonly unqualified: string | undefined,
  ) {
    for (const table of schema.tables) this.tables.set(`${table.schema}.${table.name}`, table);
    for (const view of schema.views) this.views.set(`${view.schema}.${view.name}`, view);
  }

  table(name: AssertedTable): TableDef | undefined {
    return this.tables.get(this.key(name));
  }

  /** Why the table is not there: `there is no table asset`, or that it is a view. */
  missing(name: AssertedTable): string {
    const view = this.views.get(this.key(name));
    if (view) return `${name.label} is a ${view.materialized ? 'materialized view' : 'view'}, not a table`;
    return `there is no table ${name.label}`;
  }

  /** A table as found in the schema: unqualified when in the namespace of unqualified names. */
  label(schema: string, name: string): string {
    return schema === (this.unqualified ?? 'public') ? name : `${schema}.${name}`;
  }

  private key(name: AssertedTable): string {
    const written = name.label.includes('.');
    return `${!written && this.unqualified !== undefined ? this.unqualified : name.schema}.${name.name}`;
  }
}

function checkOne(catalog: SchemaCatalog, assertion: SchemaAssertion): AssertionResult {
  if (assertion.foreignKey !== undefined) {
    const spec = parseForeignKeySpec(assertion.foreignKey) as ForeignKeySpec;
    return named(assertion, `foreign key ${formatColumns(spec.from)} -> ${formatColumns(spec.to)}`, () =>
      checkForeignKey(catalog, spec),
    );
  }
  const tableName = parseTableName(assertion.table as string) as AssertedTable;
  const label = tableName.label;
  if (assertion.column !== undefined) {
    const column = assertion.column;
    return named(assertion, `${label}.${column} exists`, () => {
      const table = catalog.table(tableName);
      if (!table) return fail(catalog.missing(tableName));
      const found = table.columns.find((c) => c.name === column);
      if (!found) return fail(`${label} has no column ${column}`);
      return pass(`${label}.${column} exists (${found.type}${found.notNull ? ', not null' : ''})`);
    });
  }
  if (assertion.absentColumn !== undefined) {
    const column = assertion.absentColumn;
    return named(assertion, `${label}.${column} does not exist`, () => {
      // A missing table fails: a misspelt table name must not make the assertion pass.
      const table = catalog.table(tableName);
      if (!table) return fail(catalog.missing(tableName));
      if (table.columns.some((c) => c.name === column)) return fail(`${label}.${column} still exists`);
      return pass(`${label} has no column ${column}`);
    });
  }
  if (assertion.index !== undefined) {
    const columns = assertion.index;
    return named(assertion, `index on ${label} (${columns.join(', ')})`, () => {
      const table = catalog.table(tableName);
      return table ? checkIndex(table, label, columns) : fail(catalog.missing(tableName));
    });
  }
  return named(assertion, `table ${label} exists`, () => {
    const table = catalog.table(tableName);
    return table ? pass(`table ${label} exists`) : fail(catalog.missing(tableName));
  });
}

type Outcome = Omit<AssertionResult, 'name'>;

function named(assertion: SchemaAssertion, description: string, check: () => Outcome): AssertionResult {
  return { name: assertion.name ?? description, ...check() };
}

function pass(message: string): Outcome {
  return { passed: true, message };
}

function fail(message: string): Outcome {
  return { passed: false, message };
}

/** `asset.resource_id` for one column, `asset.(a, b)` for several. */
function formatColumns(side: AssertedColumns): string {
  return side.columns.length === 1
    ? `${side.table.label}.${side.columns[0]}`
    : `${side.table.label}.(${side.columns.join(', ')})`;
}

function checkForeignKey(catalog: SchemaCatalog, spec: ForeignKeySpec): Outcome {
  const from = catalog.table(spec.from.table);
  if (!from) return fail(catalog.missing(spec.from.table));
  const to = catalog.table(spec.to.table);
  if (!to) return fail(catalog.missing(spec.to.table));
  for (const [table, side] of [
    [from, spec.from],
    [to, spec.to],
  ] as const) {
    const absent = side.columns.find((column) => !table.columns.some((c) => c.name === column));
    if (absent !== undefined) return fail(`${side.table.label} has no column ${absent}`);
  }
  const wanted = pairs(spec.from.columns, spec.to.columns);
  const onColumns = (from.constraints ?? []).filter(
    (c): c is ForeignKeyDef => c.type === 'foreign key' && sameSet(c.columns, spec.from.columns),
  );
  const match = onColumns.find(
    (fk) =>
      fk.references.schema === to.schema &&
      fk.references.table === to.name &&
      sameSet(pairs(fk.columns, fk.references.columns), wanted),
  );
  if (match) {
    const caveats = [match.notValid ? 'NOT VALID' : '', match.notEnforced ? 'NOT ENFORCED' : ''].filter(Boolean);
    return pass(
      `${formatColumns(spec.from)} references ${formatColumns(spec.to)} (${[match.name, ...caveats].join(', ')})`,
    );
  }
  const other = onColumns[0];
  if (other) {
    const target: AssertedColumns = {
      table: {
        schema: other.references.schema,
        name: other.references.table,
        label: catalog.label(other.references.schema, other.references.table),
      },
      columns: other.references.columns,
    };
    return fail(`${formatColumns(spec.from)} references ${formatColumns(target)} instead (${other.name})`);
  }
  return fail(`${formatColumns(spec.from)} has no foreign key`);
}

function pairs(left: readonly string[], right: readonly string[]): string[] {
  return left.map((column, i) => JSON.stringify([column, right[i]]));
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}

/** An index, primary key or unique constraint of a table, with its keys as text. */
interface TableIndex {
  readonly name: string;
  readonly kind?: string;
  /** Plain column names, or undefined for a key that is an expression. */
  readonly columns: readonly (string | undefined)[];
  /** The keys as shown in messages: column names and expressions. */
  readonly keys: readonly string[];
  readonly invalid?: boolean;
}

function tableIndexes(table: TableDef): TableIndex[] {
  const fromConstraints: TableIndex[] = (table.constraints ?? []).flatMap((c) =>
    c.type === 'primary key' || c.type === 'unique'
      ? [{ name: c.name, kind: c.type === 'unique' ? 'unique' : 'primary key', columns: c.columns, keys: c.columns }]
      : [],
  );
  const fromIndexes = (table.indexes ?? []).map((index: IndexDef) => ({
    name: index.name,
    kind: [index.unique ? 'unique' : '', index.where !== undefined ? 'partial' : ''].filter(Boolean).join(', '),
    columns: index.keys.map((key) => key.column),
    keys: index.keys.map((key) => key.column ?? key.expression ?? '?'),
    invalid: index.invalid,
  }));
  return [...fromConstraints, ...fromIndexes];
}

function checkIndex(table: TableDef, label: string, columns: readonly string[]): Outcome {
  const indexes = tableIndexes(table);
  const exact = (index: TableIndex) =>
    index.columns.length === columns.length && index.columns.every((column, i) => column === columns[i]);
  const match = indexes.find((index) => exact(index) && !index.invalid);
  if (match) {
    return pass(`${match.name}${match.kind ? ` (${match.kind})` : ''} is on ${label} (${columns.join(', ')})`);
  }
  const invalid = indexes.find(exact);
  if (invalid) {
    return fail(`${invalid.name} on ${label} (${columns.join(', ')}) is invalid (a failed CREATE INDEX CONCURRENTLY)`);
  }
  const existing = indexes.length
    ? `its indexes: ${indexes.map((index) => `${index.name} (${index.keys.join(', ')})`).join(', ')}`
    : 'it has no indexes';
  return fail(`${label} has no index on (${columns.join(', ')}); ${existing}`);
}
