/**
 * What a statement run outside a transaction may leave behind when it fails or its run
 * is killed, and what rerunning it needs: `CREATE INDEX CONCURRENTLY` leaves an INVALID
 * index, `REINDEX CONCURRENTLY` leaves `…_ccnew` (and `…_ccold`) INVALID indexes, and
 * `DROP INDEX CONCURRENTLY` may have completed although its run did not record it.
 */
import type { Recovery } from '../dialect.js';
import type { PostgresClient } from './connection.js';

/** The index statements whose leftovers schemaguard knows, as parsed from their text. */
export type IndexStatement =
  | {
      readonly kind: 'create-index';
      /** The index name as PostgreSQL stores it (unquoted, case-folded unless quoted). */
      readonly index: string;
      /** The table as written (quoted as written), for `to_regclass`. */
      readonly table: string;
    }
  | {
      readonly kind: 'drop-index';
      /** The index as written, for `to_regclass`. */
      readonly index: string;
      /** Its name as PostgreSQL stores it, without the schema. */
      readonly stored: string;
    }
  | {
      readonly kind: 'reindex';
      readonly target: 'index' | 'table' | 'schema' | 'database' | 'system';
      /** The object as written, for `to_regclass` (index, table). */
      readonly name: string;
      /** The name as PostgreSQL stores it (schema). */
      readonly stored: string;
    };

interface Token {
  /** As written. */
  readonly raw: string;
  /** Upper-cased for a bare word (to match keywords), empty for others. */
  readonly keyword: string;
  /** An identifier as PostgreSQL stores it: a bare word lower-cased, a quoted one unquoted. */
  readonly stored: string;
}

const TOKEN = /\s+|--[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"]|"")*"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*|./y;

/** The first tokens of a statement (comments and blanks left out). */
function tokens(sql: string, limit = 40): Token[] {
  const found: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(sql); match && found.length < limit; match = TOKEN.exec(sql)) {
    const raw = match[0];
    if (/^\s/.test(raw) || raw.startsWith('--') || raw.startsWith('/*')) continue;
    if (raw.startsWith('"')) found.push({ raw, keyword: '', stored: raw.slice(1, -1).replaceAll('""', '"') });
    else if (/^[A-Za-z_\u0080-\uffff]/.test(raw)) {
      found.push({ raw, keyword: raw.toUpperCase(), stored: raw.toLowerCase() });
    } else found.push({ raw, keyword: '', stored: '' });
  }
  return found;
}

/** A reader over tokens: `accept` moves past the keywords when they come next. */
class Reader {
  private at = 0;
  constructor(private readonly list: readonly Token[]) {}

  accept(...keywords: string[]): boolean {
    if (!keywords.every((k, i) => this.list[this.at + i]?.keyword === k)) return false;
    this.at += keywords.length;
    return true;
  }

  /** A name, possibly qualified (`a.b`), as written; undefined when none comes next. */
  name(): { raw: string; stored: string } | undefined {
    const first = this.list[this.at];
    if (!first || (!first.keyword && !first.raw.startsWith('"'))) return undefined;
    let raw = first.raw;
    let stored = first.stored;
    this.at++;
    while (this.list[this.at]?.raw === '.' && this.list[this.at + 1]?.stored) {
      raw += `.${this.list[this.at + 1]?.raw}`;
      stored = this.list[this.at + 1]?.stored ?? stored;
      this.at += 2;
    }
    return { raw, stored };
  }

  /** Skips a parenthesised list; whether it held the keyword. */
  skipParentheses(keyword: string): boolean {
    if (this.list[this.at]?.raw !== '(') return false;
    let holds = false;
    for (let depth = 0; this.at < this.list.length; this.at++) {
      const token = this.list[this.at] as Token;
      if (token.keyword === keyword) holds = true;
      if (token.raw === '(') depth++;
      if (token.raw === ')' && --depth === 0) {
        this.at++;
        break;
      }
    }
    return holds;
  }
}

/** The index statement a statement is, when it is one whose leftovers are known; else undefined. */
export function indexStatement(sql: string): IndexStatement | undefined {
  const r = new Reader(tokens(sql));
  if (r.accept('CREATE')) {
    r.accept('UNIQUE');
    if (!r.accept('INDEX', 'CONCURRENTLY')) return undefined;
    r.accept('IF', 'NOT', 'EXISTS');
    // An unnamed index gets a generated name: nothing to look for.
    if (r.accept('ON')) return undefined;
    const index = r.name();
    if (!index || !r.accept('ON')) return undefined;
    r.accept('ONLY');
    const table = r.name();
    return table && { kind: 'create-index', index: index.stored, table: table.raw };
  }
  if (r.accept('DROP', 'INDEX', 'CONCURRENTLY')) {
    r.accept('IF', 'EXISTS');
    const index = r.name();
    return index && { kind: 'drop-index', index: index.raw, stored: index.stored };
  }
  if (r.accept('REINDEX')) {
    let concurrently = r.skipParentheses('CONCURRENTLY');
    const target = (['index', 'table', 'schema', 'database', 'system'] as const).find((t) => r.accept(t.toUpperCase()));
    concurrently = r.accept('CONCURRENTLY') || concurrently;
    if (!target || !concurrently) return undefined;
    const name = r.name();
    return { kind: 'reindex', target, name: name?.raw ?? '', stored: name?.stored ?? '' };
  }
  return undefined;
}

/** INVALID indexes a `REINDEX … CONCURRENTLY` left: its new copies (`_ccnew`) and old ones (`_ccold`). */
const REINDEX_LEFTOVERS = `
SELECT format('%I.%I', n.nspname, c.relname) AS index
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT i.indisvalid AND c.relname ~ '_cc(new|old)[0-9]*$'
   AND CASE $1
     WHEN 'index' THEN i.indrelid = (SELECT x.indrelid FROM pg_catalog.pg_index x WHERE x.indexrelid = to_regclass($2))
     WHEN 'table' THEN i.indrelid = to_regclass($2)
     WHEN 'schema' THEN n.nspname = $3
     ELSE n.nspname NOT IN ('pg_catalog', 'information_schema') END
 ORDER BY 1`;

/**
 * What the catalog says about a statement that may have run before its run stopped:
 * for `CREATE INDEX CONCURRENTLY name ON t`, a VALID index `name` on `t` means it
 * completed and an INVALID one is the leftover of a failed or killed build; for `DROP
 * INDEX CONCURRENTLY`, an index already gone means it completed; for `REINDEX …
 * CONCURRENTLY`, INVALID `…_ccnew`/`…_ccold` indexes are its leftovers. Other
 * statements, and any catalog question that fails, get `rerun`.
 */
export async function recoveryOf(client: PostgresClient, sql: string): Promise<Recovery> {
  const statement = indexStatement(sql);
  if (!statement) return { kind: 'rerun' };
  try {
    switch (statement.kind) {
      case 'create-index': {
        const [found] = await client.query<{ index: string; valid: boolean }>(
          `SELECT format('%I.%I', n.nspname, c.relname) AS index, i.indisvalid AS valid
             FROM pg_catalog.pg_index i
             JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE i.indrelid = to_regclass($1) AND c.relname = $2`,
          [statement.table, statement.index],
        );
        if (!found) return { kind: 'rerun' };
        if (found.valid) return { kind: 'completed', evidence: `the index ${found.index} is there and VALID` };
        return { kind: 'drop-leftovers', indexes: [found.index], what: 'build' };
      }
      case 'drop-index': {
        const [row] = await client.query<{ gone: boolean }>('SELECT to_regclass($1) IS NULL AS gone', [
          statement.index,
        ]);
        return row?.gone ? { kind: 'completed', evidence: `the index ${statement.index} is gone` } : { kind: 'rerun' };
      }
      case 'reindex': {
        const rows = await client.query<{ index: string }>(REINDEX_LEFTOVERS, [
          statement.target,
          statement.name,
          statement.stored,
        ]);
        return rows.length === 0
          ? { kind: 'rerun' }
          : { kind: 'drop-leftovers', indexes: rows.map((r) => r.index), what: 'REINDEX CONCURRENTLY' };
      }
    }
  } catch {
    // A name the catalog cannot resolve: the statement itself will say what is wrong.
    return { kind: 'rerun' };
  }
}

/**
 * The names of the indexes a statement may leave behind INVALID when it is interrupted
 * (stored form): the index a `CREATE INDEX CONCURRENTLY` builds or a `DROP INDEX
 * CONCURRENTLY` drops, and for `REINDEX …
 * CONCURRENTLY` a pattern of its copies. Used so that pre-verification does not call
 * them drift.
 */
export function mayLeaveInvalid(sql: string): ((indexName: string) => boolean) | undefined {
  const statement = indexStatement(sql);
  if (statement?.kind === 'create-index') return (name) => name === statement.index;
  if (statement?.kind === 'drop-index') return (name) => name === statement.stored;
  if (statement?.kind === 'reindex') return (name) => /_cc(new|old)[0-9]*$/.test(name);
  return undefined;
}
