/**
 * Reads what the pragmas do not say from the `CREATE TABLE`, `CREATE INDEX`, `CREATE VIEW`
 * and `CREATE TRIGGER` text SQLite keeps in `sqlite_schema`: constraint names, checks,
 * unique constraints, a foreign key's deferrability, column collations, `AUTOINCREMENT`,
 * generated expressions, `STRICT` and `WITHOUT ROWID`, index expressions and predicates,
 * a view's query and a trigger's timing, events, condition and body.
 */
import { type Token, significant, unquote } from './tokens.js';

/** A column as its definition writes it. */
export interface ParsedColumn {
  readonly name: string;
  readonly collation?: string;
  readonly autoIncrement?: boolean;
  readonly generated?: string;
  readonly unique?: { readonly name?: string };
  readonly primaryKey?: { readonly name?: string; readonly descending?: boolean };
  readonly checks: readonly { readonly name?: string; readonly expression: string }[];
  readonly references?: ParsedReference;
  /**
   * What `pragma_table_xinfo` says of the column, read from the text when the definition is
   * plain enough to be sure (else undefined, and the pragma is asked): the declared type as
   * SQLite keeps it, `NOT NULL`, the default's text, whether it is generated.
   */
  readonly pragma?: {
    readonly type: string;
    readonly notNull: boolean;
    readonly default?: string;
    /** 2: a virtual generated column, 3: a stored one. */
    readonly hidden: number;
  };
}

/** A `REFERENCES` clause with what the pragma does not say. */
export interface ParsedReference {
  readonly name?: string;
  readonly table: string;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

/** A table constraint as written. */
export type ParsedConstraint =
  | { readonly type: 'primary key'; readonly name?: string; readonly columns: readonly string[] }
  | { readonly type: 'unique'; readonly name?: string; readonly columns: readonly string[] }
  | { readonly type: 'check'; readonly name?: string; readonly expression: string }
  | ({ readonly type: 'foreign key'; readonly columns: readonly string[] } & ParsedReference);

/** What a `CREATE TABLE` says beyond the pragmas. */
export interface ParsedTable {
  readonly columns: readonly ParsedColumn[];
  readonly constraints: readonly ParsedConstraint[];
  readonly strict: boolean;
  readonly withoutRowid: boolean;
}

/** A cursor over the significant tokens of one statement. */
class Cursor {
  private at = 0;
  /** Where the cursor is, for `since`. */
  get position(): number {
    return this.at;
  }
  /** The tokens taken since `position`. */
  since(position: number): readonly Token[] {
    return this.tokens.slice(position, this.at);
  }
  constructor(
    readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }
  /** Whether the next token is this keyword (upper-case), without taking it. */
  is(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    // The length first: most tokens are not the keyword, and upper-casing each would allocate.
    return token?.kind === 'word' && token.text.length === word.length && token.text.toUpperCase() === word;
  }
  /** Takes the next token when it is this keyword. */
  take(word: string): boolean {
    if (!this.is(word)) return false;
    this.at++;
    return true;
  }
  next(): Token | undefined {
    return this.tokens[this.at++];
  }
  get done(): boolean {
    return this.at >= this.tokens.length;
  }
  /** A name (word, quoted identifier or string). */
  name(): string {
    const token = this.next();
    return token ? unquote(token) : '';
  }
  /** The text of a parenthesised group starting here (without its parentheses), the cursor after it. */
  group(): string {
    const open = this.next();
    if (open?.kind !== 'open') return '';
    let depth = 1;
    const start = open.end;
    for (;;) {
      const token = this.next();
      if (!token) return this.text.slice(start).trim();
      if (token.kind === 'open') depth++;
      else if (token.kind === 'close' && --depth === 0) return this.text.slice(start, token.start).trim();
    }
  }
  /** The text from here up to (not including) the first top-level token for which `stop` holds. */
  until(stop: (token: Token) => boolean): string {
    let depth = 0;
    const first = this.peek();
    let end = first?.start ?? this.text.length;
    for (;;) {
      const token = this.peek();
      if (!token) break;
      if (depth === 0 && stop(token)) break;
      if (token.kind === 'open') depth++;
      else if (token.kind === 'close') depth--;
      end = token.end;
      this.at++;
    }
    return first ? this.text.slice(first.start, end).trim() : '';
  }
  /**
   * The items of a parenthesised list starting here, the cursor after it: each item's tokens and
   * where its text starts (after the opening parenthesis or the comma before it). Read with the
   * statement's own tokens, not tokenized again.
   */
  items(): { readonly tokens: readonly Token[]; readonly from: number }[] {
    const open = this.next();
    if (open?.kind !== 'open') return [];
    const items: { tokens: Token[]; from: number }[] = [];
    let tokens: Token[] = [];
    let from = open.end;
    let depth = 1;
    for (;;) {
      const token = this.next();
      if (!token || (token.kind === 'close' && depth === 1)) {
        if (tokens.length > 0) items.push({ tokens, from });
        return items;
      }
      if (depth === 1 && token.text === ',') {
        if (tokens.length > 0) items.push({ tokens, from });
        tokens = [];
        from = token.end;
        continue;
      }
      if (token.kind === 'open') depth++;
      else if (token.kind === 'close') depth--;
      tokens.push(token);
    }
  }
  /** A parenthesised list of names: the name each item starts with (`"a b" COLLATE x DESC` → `a b`). */
  names(): string[] {
    return this.items().map((item) => unquote(item.tokens[0] as Token));
  }
}

const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
]);

/** Skips an `ON CONFLICT …` clause. */
function skipConflict(cursor: Cursor): void {
  if (cursor.is('ON') && cursor.is('CONFLICT', 1)) {
    cursor.next();
    cursor.next();
    cursor.next();
  }
}

/** A `REFERENCES` clause from after the keyword: the table, and deferrability (actions and columns come from the pragma). */
function readReference(cursor: Cursor, name: string | undefined): ParsedReference {
  const table = cursor.name();
  if (cursor.peek()?.kind === 'open') cursor.group();
  let deferrable: boolean | undefined;
  let initiallyDeferred: boolean | undefined;
  for (;;) {
    if (cursor.take('ON')) {
      cursor.next();
      if (cursor.take('SET')) cursor.next();
      else if (cursor.take('NO')) cursor.next();
      else cursor.next();
    } else if (cursor.take('MATCH')) cursor.next();
    else if (cursor.is('NOT') && cursor.is('DEFERRABLE', 1)) {
      cursor.next();
      cursor.next();
      deferrable = false;
    } else if (cursor.take('DEFERRABLE')) deferrable = true;
    else if (cursor.take('INITIALLY')) initiallyDeferred = cursor.name().toUpperCase() === 'DEFERRED';
    else break;
  }
  return {
    ...(name ? { name } : {}),
    table,
    ...(deferrable ? { deferrable } : {}),
    ...(deferrable && initiallyDeferred ? { initiallyDeferred } : {}),
  };
}

/** The type names SQLite keeps in upper case however they are written (its standard types). */
const STANDARD_TYPES = new Set(['ANY', 'BLOB', 'INT', 'INTEGER', 'REAL', 'TEXT']);

/** Tokens a declared type is read from the text with (a quoted one is left to the pragma). */
const plainTypeToken = (t: Token) =>
  t.kind === 'word' ||
  t.kind === 'number' ||
  t.kind === 'open' ||
  t.kind === 'close' ||
  t.text === ',' ||
  t.text === '+' ||
  t.text === '-';

/** One column definition. */
function readColumn(cursor: Cursor): ParsedColumn {
  const nameKind = cursor.peek()?.kind;
  const name = cursor.name();
  // The declared type: everything up to the first constraint keyword.
  const typeFrom = cursor.position;
  let type = cursor.until(
    (t) => t.text === ',' || (t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.text.toUpperCase())),
  );
  // Whether the pragma's facts can be read from the text: any clause not understood below leaves them to the pragma.
  let plain = (nameKind === 'word' || nameKind === 'identifier') && cursor.since(typeFrom).every(plainTypeToken);
  if (STANDARD_TYPES.has(type.toUpperCase())) type = type.toUpperCase();
  let notNull = false;
  let defaultText: string | undefined;
  let stored = false;
  const column: {
    name: string;
    collation?: string;
    autoIncrement?: boolean;
    generated?: string;
    unique?: { name?: string };
    primaryKey?: { name?: string; descending?: boolean };
    checks: { name?: string; expression: string }[];
    references?: ParsedReference;
    pragma?: ParsedColumn['pragma'];
  } = { name, checks: [] };
  let constraintName: string | undefined;
  while (!cursor.done && cursor.peek()?.text !== ',') {
    if (cursor.take('CONSTRAINT')) {
      constraintName = cursor.name();
      continue;
    }
    const named = constraintName ? { name: constraintName } : {};
    constraintName = undefined;
    if (cursor.take('PRIMARY')) {
      cursor.take('KEY');
      const descending = cursor.take('DESC');
      cursor.take('ASC');
      skipConflict(cursor);
      column.primaryKey = { ...named, ...(descending ? { descending } : {}) };
      if (cursor.take('AUTOINCREMENT')) column.autoIncrement = true;
    } else if (cursor.take('NOT')) {
      if (cursor.take('NULL')) notNull = true;
      else plain = false;
      skipConflict(cursor);
    } else if (cursor.take('NULL')) skipConflict(cursor);
    else if (cursor.take('UNIQUE')) {
      skipConflict(cursor);
      column.unique = named;
    } else if (cursor.take('CHECK')) column.checks.push({ ...named, expression: cursor.group() });
    else if (cursor.take('DEFAULT')) {
      // SQLite keeps a parenthesised default without its parentheses, any other as written.
      if (cursor.peek()?.kind === 'open') defaultText = cursor.group();
      else {
        const first = cursor.peek();
        if (first?.text === '-' || first?.text === '+') cursor.next();
        const last = cursor.next();
        if (first && last && (last.kind === 'word' || last.kind === 'number' || last.kind === 'string')) {
          defaultText = cursor.text.slice(first.start, last.end);
        } else plain = false;
      }
    } else if (cursor.take('COLLATE')) column.collation = cursor.name().toUpperCase();
    else if (cursor.take('REFERENCES')) column.references = readReference(cursor, named.name);
    else if (cursor.take('GENERATED') || cursor.is('AS')) {
      cursor.take('ALWAYS');
      cursor.take('AS');
      column.generated = cursor.group();
      stored = cursor.take('STORED');
      if (!stored) cursor.take('VIRTUAL');
    } else {
      cursor.next();
      plain = false;
    }
  }
  if (plain) {
    const hidden = column.generated === undefined ? 0 : stored ? 3 : 2;
    column.pragma = { type, notNull, hidden, ...(defaultText !== undefined ? { default: defaultText } : {}) };
  }
  return column;
}

/** Reads a stored `CREATE TABLE` statement. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = significant(sql);
  const open = tokens.findIndex((t) => t.kind === 'open');
  const as = tokens.findIndex((t) => t.kind === 'word' && t.text.length === 2 && t.text.toUpperCase() === 'AS');
  // `CREATE TABLE … AS SELECT`: no definitions to read (the pragmas give its columns).
  if (open < 0 || (as >= 0 && as < open)) return { columns: [], constraints: [], strict: false, withoutRowid: false };
  // The definitions: the items of the parenthesised list, and after it the table's options.
  const list = new Cursor(sql, tokens.slice(open));
  const parts = list.items().map((item) => item.tokens);
  const options = tokens
    .slice(open + list.position)
    .map((t) => t.text.toUpperCase())
    .join(' ');
  const columns: ParsedColumn[] = [];
  const constraints: ParsedConstraint[] = [];
  for (const definition of parts) {
    const cursor = new Cursor(sql, definition);
    let name: string | undefined;
    if (cursor.take('CONSTRAINT')) name = cursor.name();
    const named = name ? { name } : {};
    if (cursor.take('PRIMARY')) {
      cursor.take('KEY');
      constraints.push({ type: 'primary key', ...named, columns: cursor.names() });
    } else if (cursor.take('UNIQUE')) constraints.push({ type: 'unique', ...named, columns: cursor.names() });
    else if (cursor.take('CHECK')) constraints.push({ type: 'check', ...named, expression: cursor.group() });
    else if (cursor.take('FOREIGN')) {
      cursor.take('KEY');
      const columnNames = cursor.names();
      cursor.take('REFERENCES');
      constraints.push({ type: 'foreign key', columns: columnNames, ...readReference(cursor, name) });
    } else columns.push(readColumn(cursor));
  }
  return {
    columns,
    constraints,
    strict: /\bSTRICT\b/.test(options),
    withoutRowid: /\bWITHOUT ROWID\b/.test(options),
  };
}

/** One key of an index as written: a column or an expression, with its collation and direction. */
export interface ParsedIndexPart {
  readonly column?: string;
  readonly expression?: string;
  readonly collation?: string;
  readonly descending?: boolean;
}

/** Reads a stored `CREATE INDEX`: its parts and its `WHERE` predicate. */
export function parseCreateIndex(sql: string): { unique: boolean; parts: ParsedIndexPart[]; where?: string } {
  const tokens = significant(sql);
  const cursor = new Cursor(sql, tokens);
  // `CREATE UNIQUE INDEX`.
  const unique = cursor.is('UNIQUE', 1);
  while (!cursor.done && !cursor.is('ON')) cursor.next();
  cursor.next();
  cursor.name();
  const items = cursor.items();
  const where = cursor.take('WHERE') ? cursor.until(() => false) : undefined;
  const parts = items.map(({ tokens: itemTokens, from }): ParsedIndexPart => {
    let last = itemTokens.length;
    let descending = false;
    let collation: string | undefined;
    const word = (i: number) => itemTokens[i]?.kind === 'word' && itemTokens[i]?.text.toUpperCase();
    if (word(last - 1) === 'DESC' || word(last - 1) === 'ASC') {
      descending = word(last - 1) === 'DESC';
      last--;
    }
    if (word(last - 2) === 'COLLATE') {
      collation = unquote(itemTokens[last - 1] as Token).toUpperCase();
      last -= 2;
    }
    const text = sql.slice(from, (itemTokens[last - 1] as Token).end).trim();
    const single = last === 1 && (itemTokens[0]?.kind === 'word' || itemTokens[0]?.kind === 'identifier');
    return {
      ...(single ? { column: unquote(itemTokens[0] as Token) } : { expression: text }),
      ...(collation ? { collation } : {}),
      ...(descending ? { descending } : {}),
    };
  });
  return { unique, parts, ...(where ? { where } : {}) };
}

/**
 * A view's query: the text after the top-level `AS`; with the column list a view names its
 * columns with (`CREATE VIEW v (a, b) AS SELECT …`), that list and the query
 * (`(a, b) AS SELECT …`), so that the view is written back with the names it gives.
 */
export function parseViewQuery(sql: string): string {
  const tokens = significant(sql);
  let depth = 0;
  let list: number | undefined;
  for (const token of tokens) {
    if (token.kind === 'open') {
      if (depth === 0 && list === undefined) list = token.start;
      depth++;
    } else if (token.kind === 'close') depth--;
    else if (depth === 0 && token.kind === 'word' && token.text.toUpperCase() === 'AS') {
      return list === undefined ? sql.slice(token.end).trim() : sql.slice(list).trim();
    }
  }
  return sql;
}

/** What a trigger's text says. */
export interface ParsedTrigger {
  readonly timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  readonly events: string[];
  readonly columns?: string[];
  readonly when?: string;
  /** `BEGIN … END`. */
  readonly body: string;
}

/** Reads a stored `CREATE TRIGGER`. */
export function parseCreateTrigger(sql: string): ParsedTrigger {
  const cursor = new Cursor(sql, significant(sql));
  cursor.take('CREATE');
  if (!cursor.take('TEMP')) cursor.take('TEMPORARY');
  cursor.take('TRIGGER');
  if (cursor.take('IF')) {
    cursor.take('NOT');
    cursor.take('EXISTS');
  }
  cursor.name();
  if (cursor.peek()?.text === '.') {
    cursor.next();
    cursor.name();
  }
  let timing: ParsedTrigger['timing'] = 'BEFORE';
  if (cursor.take('AFTER')) timing = 'AFTER';
  else if (cursor.take('INSTEAD')) {
    cursor.take('OF');
    timing = 'INSTEAD OF';
  } else cursor.take('BEFORE');
  const event = cursor.name().toUpperCase();
  let columns: string[] | undefined;
  if (cursor.take('OF')) {
    columns = [];
    do columns.push(cursor.name());
    while (cursor.peek()?.text === ',' && cursor.next());
  }
  cursor.take('ON');
  cursor.name();
  if (cursor.take('FOR')) {
    cursor.take('EACH');
    cursor.take('ROW');
  }
  const when = cursor.take('WHEN')
    ? cursor.until((t) => t.kind === 'word' && t.text.toUpperCase() === 'BEGIN')
    : undefined;
  const begin = cursor.peek();
  const body = begin ? sql.slice(begin.start).trim() : '';
  return { timing, events: [event], ...(columns ? { columns } : {}), ...(when ? { when } : {}), body };
}
