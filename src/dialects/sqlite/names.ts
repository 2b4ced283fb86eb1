/**
 * Names for SQLite constraints written without `CONSTRAINT name`: SQLite keeps none, the
 * model needs one. They follow PostgreSQL's pattern (`author_pkey`, `book_isbn_key`,
 * `book_author_id_fkey`, `book_check`, numbered on a clash), so that a schema read twice gets
 * the same names, and the DDL writer leaves out a name that is the generated one.
 */
import type { ConstraintDef } from '../../schema/model.js';
import { IDENTIFIER, WORD, scan, unquoteText } from './tokens.js';

/** The suffix of a generated name, by the constraint's type. */
const SUFFIXES: Readonly<Record<ConstraintDef['type'], string>> = {
  'primary key': 'pkey',
  unique: 'key',
  check: 'check',
  'foreign key': 'fkey',
  exclusion: 'excl',
};

/** The generated name of an unnamed constraint of a table, unique among `taken`. */
export function generatedConstraintName(
  table: string,
  type: ConstraintDef['type'],
  columns: readonly string[],
  taken: Set<string>,
): string {
  let base = table;
  if (type !== 'primary key') for (let i = 0; i < columns.length; i++) base += `_${columns[i]}`;
  base += `_${SUFFIXES[type]}`;
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** Names by their lower case (SQLite's names are case-insensitive), for {@link checkNameColumns}. */
export function byLowerCase(names: readonly string[]): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    map.set(name.toLowerCase(), name);
  }
  return map;
}

/**
 * The columns a check's generated name takes: the first of the table's columns its expression
 * names (`t_born_check`), whether it was written on the column or on the table; none for a
 * check that names no column (`t_check`). `columns`: the table's, by their lower case
 * ({@link byLowerCase}).
 */
export function checkNameColumns(expression: string, columns: ReadonlyMap<string, string>): string[] {
  const scanned = scan(expression);
  for (let i = 0; i < scanned.count; i++) {
    const kind = scanned.kinds[i] as number;
    if (kind !== WORD && kind !== IDENTIFIER) continue;
    const written = expression.slice(scanned.starts[i], scanned.ends[i]);
    const column = columns.get(unquoteText(kind, written).toLowerCase());
    if (column !== undefined) return [column];
  }
  return [];
}
