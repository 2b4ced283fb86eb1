/**
 * Schema assertions as written in the config: their shape, how their table and
 * foreign-key strings are read, and which combinations of keys are allowed.
 */

/**
 * One schema assertion, a "critical relationship" that must hold. Exactly one of
 * these shapes, each with an optional `name`:
 * - `{ table }`: the table exists;
 * - `{ table, column }`: the table has this column;
 * - `{ table, absentColumn }`: the table exists and has no such column;
 * - `{ table, index: [...] }`: an index (or primary key / unique constraint) on exactly these columns, in this order;
 * - `{ foreignKey: 'asset.resource_id -> resource.id' }`: a foreign key from those columns to those columns.
 *
 * Tables are `table` or `schema.table`; unqualified means `public`.
 */
export interface SchemaAssertion {
  /** What reports call it; a description such as `asset.resource_id exists` when not given. */
  readonly name?: string;
  readonly table?: string;
  readonly column?: string;
  readonly absentColumn?: string;
  readonly index?: readonly string[];
  /** `table.column -> table.column`, or `table.(a, b) -> table.(x, y)` for several columns. */
  readonly foreignKey?: string;
}

/** A table named in an assertion: where to find it, and how the user wrote it. */
export interface AssertedTable {
  readonly schema: string;
  readonly name: string;
  /** As written in the config (`asset`, `audit.log`), for messages. */
  readonly label: string;
}

/** One side of a foreign-key assertion. */
export interface AssertedColumns {
  readonly table: AssertedTable;
  readonly columns: readonly string[];
}

/** A parsed `foreignKey` assertion. */
export interface ForeignKeySpec {
  readonly from: AssertedColumns;
  readonly to: AssertedColumns;
}

/** Parses `table` or `schema.table`; undefined when it is neither. */
export function parseTableName(text: string): AssertedTable | undefined {
  const parts = text.split('.').map((part) => part.trim());
  if (parts.length > 2 || parts.some((part) => !isPlainName(part))) return undefined;
  const [first, second] = parts as [string, string | undefined];
  return second === undefined
    ? { schema: 'public', name: first, label: first }
    : { schema: first, name: second, label: `${first}.${second}` };
}

/** Parses `asset.resource_id -> resource.id` (also `→`, `a.(x, y) -> b.(x, y)`); a message saying what is wrong otherwise. */
export function parseForeignKeySpec(text: string): ForeignKeySpec | string {
  const sides = text.split(/->|→/);
  const expected = 'write it as "table.column -> table.column" or "table.(a, b) -> table.(x, y)"';
  if (sides.length !== 2) return `"${text}" is not a foreign key: ${expected}`;
  const [from, to] = sides.map(parseColumns) as [AssertedColumns | undefined, AssertedColumns | undefined];
  if (!from || !to) return `"${text}" is not a foreign key: ${expected}`;
  if (from.columns.length !== to.columns.length) {
    return `"${text}" has ${from.columns.length} column${from.columns.length === 1 ? '' : 's'} on the left and ${to.columns.length} on the right`;
  }
  return { from, to };
}

/** `table.column`, `schema.table.column`, `table.(a, b)` or `schema.table.(a, b)`. */
function parseColumns(text: string): AssertedColumns | undefined {
  const trimmed = text.trim();
  const list = /^(.+)\.\(([^()]*)\)$/.exec(trimmed);
  if (list) {
    const table = parseTableName(list[1] as string);
    const columns = (list[2] as string).split(',').map((column) => column.trim());
    if (!table || columns.some((column) => !isPlainName(column))) return undefined;
    return { table, columns };
  }
  const dot = trimmed.lastIndexOf('.');
  if (dot < 0) return undefined;
  const table = parseTableName(trimmed.slice(0, dot));
  const column = trimmed.slice(dot + 1).trim();
  if (!table || !isPlainName(column)) return undefined;
  return { table, columns: [column] };
}

function isPlainName(text: string): boolean {
  return text.length > 0 && !/[.(),]/.test(text);
}

/** A mistake in an assertion: which key (empty for the entry as a whole) and what is wrong. */
export interface AssertionProblem {
  readonly path: readonly string[];
  readonly message: string;
}

const TABLE_DETAILS = ['column', 'absentColumn', 'index'] as const;

/** What is wrong with an assertion's combination of keys or its names, if anything. */
export function assertionProblem(assertion: SchemaAssertion): AssertionProblem | undefined {
  const details = TABLE_DETAILS.filter((key) => assertion[key] !== undefined);
  if (assertion.foreignKey !== undefined) {
    const extra = [...(assertion.table !== undefined ? ['table'] : []), ...details];
    if (extra.length > 0) {
      return { path: [], message: `"foreignKey" stands alone: remove ${extra.map((key) => `"${key}"`).join(', ')}` };
    }
    const spec = parseForeignKeySpec(assertion.foreignKey);
    return typeof spec === 'string' ? { path: ['foreignKey'], message: spec } : undefined;
  }
  if (assertion.table === undefined) {
    return details.length > 0
      ? { path: [], message: `"${details[0]}" needs "table"` }
      : { path: [], message: 'give "table" (with "column", "absentColumn" or "index") or "foreignKey"' };
  }
  if (details.length > 1) {
    return {
      path: [],
      message: `give one of "column", "absentColumn" and "index" per assertion, not ${details.map((key) => `"${key}"`).join(' and ')}`,
    };
  }
  if (!parseTableName(assertion.table)) {
    return { path: ['table'], message: `"${assertion.table}" is not a table name: write "table" or "schema.table"` };
  }
  if (assertion.index?.length === 0) return { path: ['index'], message: 'name at least one column' };
  return undefined;
}
