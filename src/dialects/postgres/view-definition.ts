/**
 * View definitions as PostgreSQL 16+ prints them, whatever the server's version.
 *
 * Up to PostgreSQL 15, `pg_get_viewdef` qualifies every column of the top-level query
 * with its relation's name (`SELECT asset.id FROM public.asset`); from 16 on, a
 * top-level query over a single FROM item prints bare columns (`SELECT id FROM
 * public.asset`). Nested queries print the same on both. Without this rule the same
 * view would differ between a PostgreSQL 15 production database and the embedded
 * PostgreSQL 18 shadow.
 */

import { sqlTokens } from './lexer.js';

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Identifier (bare or quoted), with its unquoted name. */
  readonly ident?: string;
}

/** The definition's tokens, read by the dialect's lexer, with the identifiers' names. */
function tokenize(sql: string): Token[] {
  return sqlTokens(sql).map(({ kind, text, start, end }) => {
    if (kind === 'word') return { text, start, end, ident: text.toLowerCase() };
    if (kind === 'quoted' && text.startsWith('"')) {
      return { text, start, end, ident: text.slice(1, -1).replaceAll('""', '"') };
    }
    return { text, start, end };
  });
}

const SUBQUERY_START = new Set(['select', 'with', 'values']);
const FROM_ITEM_END = new Set([
  'where',
  'group',
  'having',
  'window',
  'order',
  'limit',
  'offset',
  'fetch',
  'for',
  'union',
  'intersect',
  'except',
]);

/** For each token: is it in the top-level query (not inside a parenthesised subquery)? */
function topLevelScope(tokens: readonly Token[]): boolean[] {
  const stack: boolean[] = [];
  return tokens.map((t, i) => {
    const inTop = !stack.includes(true);
    if (t.text === '(') stack.push(SUBQUERY_START.has(tokens[i + 1]?.ident ?? ''));
    else if (t.text === ')') stack.pop();
    return inTop;
  });
}

/** The name the single top-level FROM item is referred to by, or undefined when there is not exactly one. */
function singleFromItemName(tokens: readonly Token[]): string | undefined {
  let depth = 0;
  let fromAt = -1;
  const item: { token: Token; group: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.text === '(') {
      if (depth === 0 && fromAt !== -1) item.push({ token: t, group: true });
      depth++;
      continue;
    }
    if (t.text === ')') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    const word = t.ident && !t.text.startsWith('"') ? t.ident : undefined;
    if (word === 'union' || word === 'intersect' || word === 'except') return undefined;
    if (fromAt === -1) {
      if (word === 'from') fromAt = i;
      continue;
    }
    if (word && FROM_ITEM_END.has(word)) break;
    if (t.text === ',' || word === 'join') return undefined;
    if (t.text === ';') break;
    item.push({ token: t, group: false });
  }
  const parts = item.filter(
    (p) => !(p.token.ident === 'only' && !p.token.text.startsWith('"')) && p.token.text !== '.',
  );
  if (parts.length === 0) return undefined;
  // A trailing column-alias list `g(i)` belongs to the alias before it.
  const last = parts.at(-1)?.group && parts.length >= 3 ? parts.slice(0, -1) : parts;
  const end = last.at(-1);
  const before = last.at(-2);
  if (!end || end.group || end.token.ident === undefined) {
    // `func(...)` without an alias is referred to by the function's name.
    return end?.group && before?.token.ident !== undefined ? before.token.ident : undefined;
  }
  return end.token.ident;
}

/**
 * Rewrites a definition printed by PostgreSQL 15 or older into the form PostgreSQL 16+
 * prints: top-level column references over a single FROM item lose their qualifier.
 */
export function normalizeLegacyViewDefinition(definition: string): string {
  const tokens = tokenize(definition);
  const refName = singleFromItemName(tokens);
  if (refName === undefined) return definition;
  const topLevel = topLevelScope(tokens);
  const cuts: [number, number][] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    const [ref, dot, column, after] = [tokens[i], tokens[i + 1], tokens[i + 2], tokens[i + 3]] as Token[];
    if (!topLevel[i] || ref?.ident !== refName || dot?.text !== '.' || column?.ident === undefined) continue;
    if (tokens[i - 1]?.text === '.' || after?.text === '(' || after?.text === '.') continue;
    cuts.push([ref.start, column.start]);
  }
  let out = definition;
  for (const [start, end] of cuts.reverse()) out = out.slice(0, start) + out.slice(end);
  return out;
}
