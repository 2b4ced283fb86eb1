/**
 * Names for SQLite constraints written without `CONSTRAINT name`: SQLite keeps none, the
 * model needs one. They follow PostgreSQL's pattern (`author_pkey`, `book_isbn_key`,
 * `book_author_id_fkey`, `book_check`, numbered on a clash), so that a schema read twice gets
 * the same names, and the DDL writer leaves out a name that is the generated one.
 */
import type { ConstraintDef } from '../../schema/model.js';
import { significant, unquote } from './tokens.js';

/** The generated name of an unnamed constraint of a table, unique among `taken`. */
export function generatedConstraintName(
  table: string,
  type: ConstraintDef['type'],
  columns: readonly string[],
  taken: Set<string>,
): string {
  const suffix = { 'primary key': 'pkey', unique: 'key', check: 'check', 'foreign key': 'fkey', exclusion: 'excl' }[
    type
  ];
  const base = [table, ...(type === 'primary key' ? [] : columns), suffix].join('_');
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/**
 * The columns a check's generated name takes: the first of the table's columns its expression
 * names (`t_born_check`), whether it was written on the column or on the table; none for a
 * check that names no column (`t_check`).
 */
export function checkNameColumns(expression: string, columns: readonly string[]): string[] {
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const token of significant(expression)) {
    if (token.kind !== 'word' && token.kind !== 'identifier') continue;
    const column = lower.get(unquote(token).toLowerCase());
    if (column !== undefined) return [column];
  }
  return [];
}
