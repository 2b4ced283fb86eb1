/**
 * How big the tables of a live database are, as the server's statistics estimate it, and how a
 * plan's hazards say it: `about 12 M rows, 1.4 GB`.
 */

/** What the server's statistics estimate of one table. */
export interface TableSize {
  /** Rows, estimated; undefined when the server has no estimate (a table never analyzed). */
  readonly rows?: number;
  /** Bytes of its data and indexes, estimated; undefined when the server does not say. */
  readonly bytes?: number;
}

/** The sizes of a database's tables, by the path changes name a table with (`schema.table`). */
export type TableSizes = Readonly<Record<string, TableSize>>;

/** A number of three significant figures at most, with one decimal below 10: `3.4`, `12`, `812`. */
function scaled(value: number): string {
  return value < 10 ? (Math.round(value * 10) / 10).toString() : Math.round(value).toString();
}

/** A row count as people read it: `812 rows`, `3.4 K rows`, `12 M rows`, `1.2 G rows`. */
export function rowWords(rows: number): string {
  if (rows === 1) return '1 row';
  const units = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const;
  for (const [factor, unit] of units) {
    // 999 950 rounds to 1000 K: say 1 M instead.
    if (rows >= factor * 0.9995) return `${scaled(Math.max(rows / factor, 1))} ${unit} rows`;
  }
  return `${Math.round(rows)} rows`;
}

/** A size in bytes as people read it, in powers of 1024: `812 B`, `16 KB`, `220 MB`, `1.4 GB`. */
export function byteWords(bytes: number): string {
  const units = ['TB', 'GB', 'MB', 'KB'] as const;
  for (const [i, unit] of units.entries()) {
    const factor = 1024 ** (units.length - i);
    if (bytes >= factor * 0.9995) return `${scaled(Math.max(bytes / factor, 1))} ${unit}`;
  }
  return `${Math.round(bytes)} B`;
}

/**
 * What a hazard says of the size of the table it concerns: `about 12 M rows, 1.4 GB`; undefined
 * when the statistics have no row estimate, or count the table as empty (a table the server has
 * not counted yet reads as empty too, so a size would claim what is not known).
 */
export function sizeWords(size: TableSize | undefined): string | undefined {
  if (size?.rows === undefined || size.rows <= 0) return undefined;
  return `about ${rowWords(size.rows)}${size.bytes !== undefined && size.bytes > 0 ? `, ${byteWords(size.bytes)}` : ''}`;
}
