import type { TableDef } from '../../schema/model.js';
import { qualify, quoteIdent } from './quote.js';

/**
 * How an `INHERITS` child reaches the target's split between inherited-only columns
 * and columns it also declares itself (`attislocal`), which `pg_dump` tells apart.
 * - `reattach`: columns only become local, and every column of the target is local:
 *   `NO INHERIT` (which makes every column local) then `INHERIT` again does it.
 * - `rebuild`: a local column must become inherited-only, which no ALTER can do, or
 *   some columns become local while others stay inherited-only: the table is created
 *   again, its rows kept (see {@link keepRowsSql}).
 */
export function columnLocality(before: TableDef, after: TableDef): 'reattach' | 'rebuild' | undefined {
  if (!after.inherits?.length) return undefined;
  const previous = new Map(before.columns.map((c) => [c.name, c]));
  const pairs = after.columns.flatMap((c) => {
    const old = previous.get(c.name);
    return old ? [[old.inherited === true, c.inherited === true] as const] : [];
  });
  const becomesInherited = pairs.some(([was, is]) => !was && is);
  const becomesLocal = pairs.some(([was, is]) => was && !is);
  const anyInherited = after.columns.some((c) => c.inherited === true);
  if (becomesInherited || (becomesLocal && anyInherited)) return 'rebuild';
  return becomesLocal ? 'reattach' : undefined;
}

const keptRowsTable = (t: TableDef) => `pg_temp.${quoteIdent(`schemaguard_rows_${t.schema}_${t.name}`.slice(0, 63))}`;

/**
 * Statements that keep a table's own rows while it is dropped and created again: a
 * temporary copy before the drop, and the rows put back (columns both versions have,
 * generated ones excepted) once the new table exists.
 */
export function keepRowsSql(before: TableDef, after: TableDef): { save: string; restore: string[] } {
  const kept = new Set(before.columns.filter((c) => c.generated === undefined).map((c) => c.name));
  const columns = after.columns
    .filter((c) => c.generated === undefined && kept.has(c.name))
    .map((c) => quoteIdent(c.name))
    .join(', ');
  const overriding = after.columns.some((c) => c.identity?.generation === 'ALWAYS') ? ' OVERRIDING SYSTEM VALUE' : '';
  const copy = keptRowsTable(before);
  return {
    save: `CREATE TEMPORARY TABLE ${copy.slice('pg_temp.'.length)} AS SELECT * FROM ONLY ${qualify(before.schema, before.name)};`,
    restore: [
      `INSERT INTO ${qualify(after.schema, after.name)} (${columns})${overriding} SELECT ${columns} FROM ${copy};`,
      `DROP TABLE ${copy};`,
    ],
  };
}
