import type { TableDef } from '../schema/model.js';

/**
 * The query for up to `limit` sample rows of a table on an engine without schemas in its
 * names (MySQL, SQLite): its stored columns (generated ones cannot be inserted), ordered by
 * the primary key, else by every column, so the sample is deterministic.
 */
export function sampleRowsQuery(
  table: TableDef,
  limit: number,
  quoteIdent: (name: string) => string,
): { readonly columns: string[]; readonly sql: string } {
  const columns = table.columns.filter((c) => c.generated === undefined).map((c) => c.name);
  const pk = table.constraints?.find((c) => c.type === 'primary key');
  const order = pk?.type === 'primary key' ? pk.columns : columns;
  const sql = `SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table.name)} ORDER BY ${order
    .map(quoteIdent)
    .join(', ')} LIMIT ${Math.max(0, Math.floor(limit))}`;
  return { columns, sql };
}
