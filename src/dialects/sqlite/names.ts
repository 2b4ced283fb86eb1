/**
 * Names for SQLite constraints written without `CONSTRAINT name`: SQLite keeps none, the
 * model needs one. They follow PostgreSQL's pattern (`author_pkey`, `book_isbn_key`,
 * `book_author_id_fkey`, `book_check`, numbered on a clash), so that a schema read twice gets
 * the same names, and the DDL writer leaves out a name that is the generated one.
 */

/** The generated name of an unnamed constraint of a table, unique among `taken`. */
export function generatedConstraintName(
  table: string,
  type: 'primary key' | 'unique' | 'check' | 'foreign key',
  columns: readonly string[],
  taken: Set<string>,
): string {
  const suffix = { 'primary key': 'pkey', unique: 'key', check: 'check', 'foreign key': 'fkey' }[type];
  const base = [table, ...(type === 'primary key' ? [] : columns), suffix].join('_');
  let name = base;
  for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
