/**
 * Reads what the pragmas do not say from the `CREATE TABLE`, `CREATE INDEX`, `CREATE VIEW`
 * and `CREATE TRIGGER` text SQLite keeps in `sqlite_schema`: constraint names, checks,
 * unique constraints, a foreign key's deferrability, column collations, `AUTOINCREMENT`,
 * generated expressions, `STRICT` and `WITHOUT ROWID`, index expressions and predicates,
 * a view's query and a trigger's timing, events, condition and body.
 */
import type { ColumnDef } from '../../schema/model.js';
import { CLOSE, IDENTIFIER, NUMBER, OPEN, OTHER, type Scan, STRING, WORD, scan, unquoteText } from './tokens.js';

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
   * The column in the model, read from the text when the definition is plain enough to be sure
   * of what `pragma_table_xinfo` would say (else undefined, and the pragma is asked): the
   * declared type as SQLite keeps it, `NOT NULL`, the default's text, whether it is generated.
   */
  readonly model?: ColumnDef;
}

/**
 * A column of the model, its members in canonical order (see introspect.ts): what
 * `pragma_table_xinfo` says (type, NOT NULL, default, hidden: 2 for a virtual generated
 * column, 3 for a stored one) and what only the text says.
 */
export function columnDef(
  name: string,
  type: string,
  notNull: boolean,
  defaultText: string | undefined,
  hidden: number,
  written: Omit<ParsedColumn, 'checks' | 'name'> | undefined,
): ColumnDef {
  const column: { -readonly [K in keyof ColumnDef]: ColumnDef[K] } = { name, type };
  if (written?.autoIncrement) column.autoIncrement = true;
  if (written?.collation) column.collation = written.collation;
  if (defaultText !== undefined) column.default = defaultText;
  if (written?.generated !== undefined) column.generated = written.generated;
  if (notNull) column.notNull = true;
  if (hidden === 2) column.virtual = true;
  return column;
}

/**
 * A `REFERENCES` clause: what the pragma does not say (the name, deferrability), and what
 * `pragma_foreign_key_list` would say, read from the text.
 */
export interface ParsedReference {
  readonly name?: string;
  readonly table: string;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** The referenced columns as written; absent when the clause names none (the table's primary key). */
  readonly targetColumns?: readonly string[];
  /** The actions as the pragma names them (`CASCADE`, `SET NULL`, `NO ACTION`…), when written. */
  readonly onDelete?: string;
  readonly onUpdate?: string;
  /** False when a clause was not understood: the pragma is asked for the table's foreign keys. */
  readonly understood: boolean;
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

/** Where an item of a parenthesised list is: its tokens `[from, to)`, and where its text starts. */
interface Item {
  readonly from: number;
  readonly to: number;
  /** After the opening parenthesis or the comma before the item. */
  readonly textFrom: number;
}

/**
 * A cursor over the significant tokens `[from, to)` of one scanned statement (tokens.ts's
 * `scan`), by their numbers: read before anything else is scanned.
 */
class Cursor {
  private at: number;
  private readonly kinds: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  constructor(
    private readonly scanned: Scan,
    from = 0,
    private to = scanned.count,
  ) {
    this.at = from;
    this.kinds = scanned.kinds;
    this.starts = scanned.starts;
    this.ends = scanned.ends;
  }
  get text(): string {
    return this.scanned.text;
  }
  /** Where the cursor is: the number of the next token. */
  get position(): number {
    return this.at;
  }
  get done(): boolean {
    return this.at >= this.to;
  }
  /** The number of tokens the cursor reads up to. */
  get count(): number {
    return this.to;
  }
  /** Moves the cursor to token `i`. */
  skipTo(i: number): void {
    this.at = i;
  }
  /** The kind of token `i` (-1 past the end). */
  kindAt(i: number): number {
    return i < this.to ? (this.kinds[i] as number) : -1;
  }
  /** The kind of the token `offset` ahead (-1 past the end). */
  kind(offset = 0): number {
    return this.kindAt(this.at + offset);
  }
  /** Where token `i` starts and ends. */
  startAt(i: number): number {
    return this.starts[i] as number;
  }
  endAt(i: number): number {
    return this.ends[i] as number;
  }
  /** Where the next token starts and ends. */
  start(): number {
    return this.starts[this.at] as number;
  }
  end(): number {
    return this.ends[this.at] as number;
  }
  /** Whether token `i` is the one character `code` (`,`, `.`, `-`, `+`). */
  isCharAt(i: number, code: number): boolean {
    return (
      i < this.to &&
      this.kinds[i] === OTHER &&
      (this.ends[i] as number) - (this.starts[i] as number) === 1 &&
      this.text.charCodeAt(this.starts[i] as number) === code
    );
  }
  /** Whether the token `offset` ahead is the one character `code`. */
  isChar(code: number, offset = 0): boolean {
    return this.isCharAt(this.at + offset, code);
  }
  /** Whether token `i` is this keyword (upper-case), compared code by code: ASCII letters in any case. */
  isWordAt(i: number, word: string): boolean {
    if (i >= this.to || this.kinds[i] !== WORD) return false;
    const start = this.starts[i] as number;
    if ((this.ends[i] as number) - start !== word.length) return false;
    for (let k = 0; k < word.length; k++) {
      let code = this.text.charCodeAt(start + k);
      if (code >= 97 && code <= 122) code -= 32;
      if (code !== word.charCodeAt(k)) return false;
    }
    return true;
  }
  /** Whether the next token is this keyword (upper-case), without taking it. */
  is(word: string, offset = 0): boolean {
    return this.isWordAt(this.at + offset, word);
  }
  /** Takes the next token when it is this keyword. */
  take(word: string): boolean {
    if (!this.is(word)) return false;
    this.at++;
    return true;
  }
  /** Takes the next token; false past the end. */
  next(): boolean {
    return this.at++ < this.to;
  }
  /** A name (word, quoted identifier or string), taken. */
  name(): string {
    if (this.done) {
      this.at++;
      return '';
    }
    const kind = this.kinds[this.at] as number;
    const text = this.text.slice(this.start(), this.end());
    this.at++;
    return unquoteText(kind, text);
  }
  /** The text of a parenthesised group starting here (without its parentheses), the cursor after it. */
  group(): string {
    if (this.kind() !== OPEN) {
      this.at++;
      return '';
    }
    const start = this.end();
    this.at++;
    let depth = 1;
    for (; this.at < this.to; this.at++) {
      const kind = this.kinds[this.at];
      if (kind === OPEN) depth++;
      else if (kind === CLOSE && --depth === 0) {
        const end = this.start();
        this.at++;
        return this.text.slice(start, end).trim();
      }
    }
    this.at++;
    return this.text.slice(start).trim();
  }
  /** The text from here up to (not including) the first top-level token for which `stop` holds. */
  until(stop: (cursor: Cursor, token: number) => boolean): string {
    let depth = 0;
    const first = this.at;
    let end = first < this.to ? this.start() : this.text.length;
    for (; this.at < this.to; this.at++) {
      if (depth === 0 && stop(this, this.at)) break;
      const kind = this.kinds[this.at];
      if (kind === OPEN) depth++;
      else if (kind === CLOSE) depth--;
      end = this.end();
    }
    return first < this.to ? this.text.slice(this.starts[first], end).trim() : '';
  }
  /** A cursor over the same tokens, for the items of {@link items} one after the other ({@link reset}). */
  sub(): Cursor {
    return new Cursor(this.scanned, this.at, this.to);
  }
  /** Moves the cursor to an item of {@link items}: it reads that item's tokens only. */
  reset(item: Item): void {
    this.at = item.from;
    this.to = item.to;
  }
  /**
   * The items of a parenthesised list starting here, the cursor after it: where each item's
   * tokens are (without the commas) and where its text starts.
   */
  items(): Item[] {
    if (this.kind() !== OPEN) {
      this.at++;
      return [];
    }
    const items: Item[] = [];
    let textFrom = this.end();
    this.at++;
    let from = this.at;
    let depth = 1;
    for (; ; this.at++) {
      const kind = this.kind();
      if (kind === -1 || (kind === CLOSE && depth === 1)) {
        if (this.at > from) items.push({ from, to: this.at, textFrom });
        this.at++;
        return items;
      }
      if (depth === 1 && this.isChar(COMMA)) {
        if (this.at > from) items.push({ from, to: this.at, textFrom });
        textFrom = this.end();
        from = this.at + 1;
        continue;
      }
      if (kind === OPEN) depth++;
      else if (kind === CLOSE) depth--;
    }
  }
  /** The unquoted text of token `i`. */
  nameAt(i: number): string {
    return unquoteText(this.kinds[i] as number, this.text.slice(this.starts[i], this.ends[i]));
  }
  /** A parenthesised list of names: the name each item starts with (`"a b" COLLATE x DESC` → `a b`). */
  names(): string[] {
    return this.items().map((item) => this.nameAt(item.from));
  }
}

const COMMA = 44;
const DOT = 46;

/** Whether token `i` starts a column constraint (or ends the column: a comma). */
function endsColumnType(cursor: Cursor, i: number): boolean {
  if (cursor.isCharAt(i, COMMA)) return true;
  for (let k = 0; k < COLUMN_CONSTRAINT_START.length; k++) {
    if (cursor.isWordAt(i, COLUMN_CONSTRAINT_START[k] as string)) return true;
  }
  return false;
}

const COLUMN_CONSTRAINT_START = [
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
];

/** Skips an `ON CONFLICT …` clause. */
function skipConflict(cursor: Cursor): void {
  if (cursor.is('ON') && cursor.is('CONFLICT', 1)) {
    cursor.next();
    cursor.next();
    cursor.next();
  }
}

/** A `REFERENCES` clause from after the keyword: the table, its columns, the actions and deferrability. */
function readReference(cursor: Cursor, name: string | undefined): ParsedReference {
  const tableKind = cursor.kind();
  const table = cursor.name();
  let understood = tableKind === WORD || tableKind === IDENTIFIER || tableKind === STRING;
  const targetColumns = cursor.kind() === OPEN ? cursor.names() : undefined;
  let deferrable: boolean | undefined;
  let initiallyDeferred: boolean | undefined;
  const actions: { onDelete?: string; onUpdate?: string } = {};
  for (;;) {
    if (cursor.take('ON')) {
      // `ON DELETE`, `ON UPDATE`; SQLite reads and ignores `ON INSERT`.
      const on = cursor.is('DELETE') ? 'onDelete' : cursor.is('UPDATE') ? 'onUpdate' : undefined;
      if (!on && !cursor.is('INSERT')) understood = false;
      cursor.next();
      let action: string | undefined;
      if (cursor.take('SET'))
        action = cursor.is('NULL') ? 'SET NULL' : cursor.is('DEFAULT') ? 'SET DEFAULT' : undefined;
      else if (cursor.take('NO')) action = cursor.is('ACTION') ? 'NO ACTION' : undefined;
      else action = cursor.is('CASCADE') ? 'CASCADE' : cursor.is('RESTRICT') ? 'RESTRICT' : undefined;
      cursor.next();
      if (action === undefined) understood = false;
      else if (on) actions[on] = action;
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
    ...(targetColumns ? { targetColumns } : {}),
    ...actions,
    understood,
  };
}

/** The type names SQLite keeps in upper case however they are written (its standard types). */
const STANDARD_TYPES = new Set(['ANY', 'BLOB', 'INT', 'INTEGER', 'REAL', 'TEXT']);

/** Tokens a declared type is read from the text with (a quoted one is left to the pragma). */
function plainTypeToken(cursor: Cursor, i: number): boolean {
  const kind = cursor.kindAt(i);
  return (
    kind === WORD ||
    kind === NUMBER ||
    kind === OPEN ||
    kind === CLOSE ||
    cursor.isCharAt(i, COMMA) ||
    cursor.isCharAt(i, PLUS) ||
    cursor.isCharAt(i, MINUS)
  );
}
const PLUS = 43;
const MINUS = 45;

/** The checks of a column that has none: one array for all of them. */
const NO_CHECKS: { name?: string; expression: string }[] = [];

/** One column definition. */
function readColumn(cursor: Cursor): ParsedColumn {
  const nameKind = cursor.kind();
  const columnName = cursor.name();
  // The declared type: everything up to the first constraint keyword.
  const typeFrom = cursor.position;
  let type = cursor.until(endsColumnType);
  // Whether the pragma's facts can be read from the text: any clause not understood below leaves them to the pragma.
  let plain = nameKind === WORD || nameKind === IDENTIFIER;
  for (let i = typeFrom; plain && i < cursor.position; i++) plain = plainTypeToken(cursor, i);
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
    model?: ColumnDef;
  } = { name: columnName, checks: NO_CHECKS };
  let constraintName: string | undefined;
  while (!cursor.done && !cursor.isChar(COMMA)) {
    if (cursor.take('CONSTRAINT')) {
      constraintName = cursor.name();
      continue;
    }
    const name = constraintName;
    constraintName = undefined;
    if (cursor.take('PRIMARY')) {
      cursor.take('KEY');
      const descending = cursor.take('DESC');
      cursor.take('ASC');
      skipConflict(cursor);
      column.primaryKey = { ...(name ? { name } : {}), ...(descending ? { descending } : {}) };
      if (cursor.take('AUTOINCREMENT')) column.autoIncrement = true;
    } else if (cursor.take('NOT')) {
      if (cursor.take('NULL')) notNull = true;
      else plain = false;
      skipConflict(cursor);
    } else if (cursor.take('NULL')) skipConflict(cursor);
    else if (cursor.take('UNIQUE')) {
      skipConflict(cursor);
      column.unique = name ? { name } : {};
    } else if (cursor.take('CHECK')) {
      if (column.checks === NO_CHECKS) column.checks = [];
      column.checks.push({ ...(name ? { name } : {}), expression: cursor.group() });
    } else if (cursor.take('DEFAULT')) {
      // SQLite keeps a parenthesised default without its parentheses, any other as written.
      if (cursor.kind() === OPEN) defaultText = cursor.group();
      else {
        const first = cursor.position;
        if (cursor.isChar(MINUS) || cursor.isChar(PLUS)) cursor.next();
        const last = cursor.position;
        const lastKind = cursor.kind();
        cursor.next();
        if (lastKind === WORD || lastKind === NUMBER || lastKind === STRING) {
          defaultText = cursor.text.slice(cursor.startAt(first), cursor.endAt(last));
        } else plain = false;
      }
    } else if (cursor.take('COLLATE')) column.collation = cursor.name().toUpperCase();
    else if (cursor.take('REFERENCES')) column.references = readReference(cursor, name);
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
    column.model = columnDef(columnName, type, notNull, defaultText, hidden, column);
  }
  return column;
}

/** Reads a stored `CREATE TABLE` statement. */
export function parseCreateTable(sql: string): ParsedTable {
  const cursor = new Cursor(scan(sql));
  let open = -1;
  for (let i = 0; i < cursor.count && open < 0; i++) {
    if (cursor.kindAt(i) === OPEN) open = i;
    // `CREATE TABLE … AS SELECT`: no definitions to read (the pragmas give its columns).
    else if (cursor.isWordAt(i, 'AS')) break;
  }
  if (open < 0) return { columns: [], constraints: [], strict: false, withoutRowid: false };
  // The definitions: the items of the parenthesised list, and after it the table's options.
  cursor.skipTo(open);
  const parts = cursor.items();
  let strict = false;
  let withoutRowid = false;
  for (let i = cursor.position; i < cursor.count; i++) {
    if (cursor.isWordAt(i, 'STRICT')) strict = true;
    else if (cursor.isWordAt(i, 'WITHOUT') && cursor.isWordAt(i + 1, 'ROWID')) withoutRowid = true;
  }
  const columns: ParsedColumn[] = [];
  const constraints: ParsedConstraint[] = [];
  const definition = cursor.sub();
  for (let at = 0; at < parts.length; at++) {
    definition.reset(parts[at] as Item);
    // Table constraints may follow one another without a comma: SQLite's grammar takes them so.
    for (let first = true; !definition.done; first = false) {
      let name: string | undefined;
      if (definition.take('CONSTRAINT')) name = definition.name();
      const named = name ? { name } : {};
      if (definition.take('PRIMARY')) {
        definition.take('KEY');
        constraints.push({ type: 'primary key', ...named, columns: definition.names() });
        skipConflict(definition);
      } else if (definition.take('UNIQUE')) {
        constraints.push({ type: 'unique', ...named, columns: definition.names() });
        skipConflict(definition);
      } else if (definition.take('CHECK')) {
        constraints.push({ type: 'check', ...named, expression: definition.group() });
      } else if (definition.take('FOREIGN')) {
        definition.take('KEY');
        const columnNames = definition.names();
        definition.take('REFERENCES');
        constraints.push({ type: 'foreign key', columns: columnNames, ...readReference(definition, name) });
      } else {
        // A column's definition is the whole item.
        if (first) columns.push(readColumn(definition));
        break;
      }
    }
  }
  return { columns, constraints, strict, withoutRowid };
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
  const cursor = new Cursor(scan(sql));
  // `CREATE UNIQUE INDEX`.
  const unique = cursor.is('UNIQUE', 1);
  while (!cursor.done && !cursor.is('ON')) cursor.next();
  cursor.next();
  cursor.name();
  const items = cursor.items();
  const where = cursor.take('WHERE') ? cursor.until(() => false) : undefined;
  const parts = items.map(({ from, to, textFrom }): ParsedIndexPart => {
    let last = to;
    let descending = false;
    let collation: string | undefined;
    if (last - 1 >= from && (cursor.isWordAt(last - 1, 'DESC') || cursor.isWordAt(last - 1, 'ASC'))) {
      descending = cursor.isWordAt(last - 1, 'DESC');
      last--;
    }
    if (last - 2 >= from && cursor.isWordAt(last - 2, 'COLLATE')) {
      collation = cursor.nameAt(last - 1).toUpperCase();
      last -= 2;
    }
    const text = sql.slice(textFrom, cursor.endAt(last - 1)).trim();
    const single = last === from + 1 && (cursor.kindAt(from) === WORD || cursor.kindAt(from) === IDENTIFIER);
    return {
      ...(single ? { column: cursor.nameAt(from) } : { expression: text }),
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
  const cursor = new Cursor(scan(sql));
  let depth = 0;
  let list: number | undefined;
  for (let i = 0; i < cursor.count; i++) {
    const kind = cursor.kindAt(i);
    if (kind === OPEN) {
      if (depth === 0 && list === undefined) list = cursor.startAt(i);
      depth++;
    } else if (kind === CLOSE) depth--;
    else if (depth === 0 && cursor.isWordAt(i, 'AS')) {
      return list === undefined ? sql.slice(cursor.endAt(i)).trim() : sql.slice(list).trim();
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
  const cursor = new Cursor(scan(sql));
  cursor.take('CREATE');
  if (!cursor.take('TEMP')) cursor.take('TEMPORARY');
  cursor.take('TRIGGER');
  if (cursor.take('IF')) {
    cursor.take('NOT');
    cursor.take('EXISTS');
  }
  cursor.name();
  if (cursor.isChar(DOT)) {
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
    while (cursor.isChar(COMMA) && cursor.next());
  }
  cursor.take('ON');
  cursor.name();
  if (cursor.take('FOR')) {
    cursor.take('EACH');
    cursor.take('ROW');
  }
  const when = cursor.take('WHEN') ? cursor.until((c, i) => c.isWordAt(i, 'BEGIN')) : undefined;
  const body = cursor.done ? '' : sql.slice(cursor.start()).trim();
  return { timing, events: [event], ...(columns ? { columns } : {}), ...(when ? { when } : {}), body };
}
