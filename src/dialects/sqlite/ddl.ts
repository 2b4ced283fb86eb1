/**
 * SQLite DDL from the model: `CREATE TABLE` with its columns and constraints (SQLite
 * cannot add a constraint to an existing table, so everything is written in the table's
 * statement), `CREATE INDEX`, `CREATE VIEW` and `CREATE TRIGGER`, and the whole schema as
 * one script that recreates it in an empty database.
 */
import type {
  ColumnDef,
  ConstraintDef,
  ForeignKeyDef,
  IndexDef,
  Schema,
  TableData,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import { typeAffinity } from './equivalence.js';
import { byLowerCase, checkNameColumns, generatedConstraintName } from './names.js';
import { significant, quoteIdent, quoteString } from './tokens.js';

/**
 * A default as `DEFAULT` takes it: a literal, a signed number, `NULL`, `TRUE`/`FALSE` or
 * `CURRENT_TIME…` as it is; any other expression in parentheses.
 */
export function defaultClause(value: string): string {
  const text = value.trim();
  const tokens = significant(text);
  const single =
    tokens.length === 1 ||
    (tokens.length === 2 && (tokens[0]?.text === '-' || tokens[0]?.text === '+') && tokens[1]?.kind === 'number');
  const wrapped = text.startsWith('(') && text.endsWith(')');
  return single || wrapped ? text : `(${text})`;
}

/**
 * The constraints written without a name: those whose name is the one reading the table
 * back generates for an unnamed table constraint (`t_pkey`, `t_a_key`, `t_check`,
 * `t_a_fkey`); every other name is written.
 */
export function generatedNames(table: TableDef): Set<string> {
  const generated = new Set<string>();
  const columnNames = byLowerCase(table.columns.map((column) => column.name));
  for (const c of table.constraints ?? []) {
    const columns = c.type === 'check' ? checkNameColumns(c.expression, columnNames) : 'columns' in c ? c.columns : [];
    if (c.name === generatedConstraintName(table.name, c.type, columns, new Set())) generated.add(c.name);
  }
  return generated;
}

/** `CONSTRAINT name ` unless the name is the one SQLite's reading would generate. */
function constraintPrefix(c: ConstraintDef, generated: ReadonlySet<string>): string {
  return generated.has(c.name) ? '' : `CONSTRAINT ${quoteIdent(c.name)} `;
}

const names = (columns: readonly string[]) => columns.map(quoteIdent).join(', ');

/** A foreign key's `REFERENCES` clause: the target, its actions and deferrability. */
export function referencesSql(key: ForeignKeyDef): string {
  return [
    `REFERENCES ${quoteIdent(key.references.table)} (${names(key.references.columns)})`,
    key.onUpdate ? `ON UPDATE ${key.onUpdate}` : '',
    key.onDelete ? `ON DELETE ${key.onDelete}` : '',
    key.deferrable ? `DEFERRABLE INITIALLY ${key.initiallyDeferred ? 'DEFERRED' : 'IMMEDIATE'}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A constraint as a table constraint. */
function constraintSql(table: TableDef, c: ConstraintDef, generated: ReadonlySet<string>): string {
  const prefix = constraintPrefix(c, generated);
  switch (c.type) {
    case 'primary key':
      return `${prefix}PRIMARY KEY (${names(c.columns)})`;
    case 'unique':
      return `${prefix}UNIQUE (${names(c.columns)})`;
    case 'check':
      return `${prefix}CHECK (${c.expression})`;
    case 'foreign key':
      return `${prefix}FOREIGN KEY (${names(c.columns)}) ${referencesSql(c)}`;
    default:
      return `-- ${c.name}: not a SQLite constraint`;
  }
}

/** The column whose primary key must be written on the column: an `INTEGER PRIMARY KEY AUTOINCREMENT`. */
function inlinePrimaryKey(table: TableDef): string | undefined {
  const pk = table.constraints?.find((c) => c.type === 'primary key');
  if (pk?.type !== 'primary key' || pk.columns.length !== 1) return undefined;
  const column = table.columns.find((c) => c.name === pk.columns[0]);
  return column?.autoIncrement ? column.name : undefined;
}

/** One column definition. */
export function columnSql(column: ColumnDef, primaryKey = false): string {
  return [
    quoteIdent(column.name),
    column.type,
    primaryKey ? 'PRIMARY KEY AUTOINCREMENT' : '',
    column.notNull ? 'NOT NULL' : '',
    column.collation ? `COLLATE ${column.collation}` : '',
    column.default !== undefined && column.generated === undefined ? `DEFAULT ${defaultClause(column.default)}` : '',
    column.generated !== undefined
      ? `GENERATED ALWAYS AS (${column.generated}) ${column.virtual ? 'VIRTUAL' : 'STORED'}`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** `CREATE TABLE` for a table, under another name when given (a rebuild's temporary table). */
export function createTableSql(table: TableDef, name = table.name): string {
  const generated = generatedNames(table);
  const inline = inlinePrimaryKey(table);
  const lines = [
    ...table.columns.map((c) => columnSql(c, c.name === inline)),
    ...(table.constraints ?? [])
      .filter((c) => !(c.type === 'primary key' && inline !== undefined))
      .map((c) => constraintSql(table, c, generated)),
  ];
  const options = [table.withoutRowid ? 'WITHOUT ROWID' : '', table.strict ? 'STRICT' : ''].filter(Boolean).join(', ');
  return `CREATE TABLE ${quoteIdent(name)} (\n  ${lines.join(',\n  ')}\n)${options ? ` ${options}` : ''}`;
}

/** `CREATE INDEX` for an index of a table. */
export function createIndexSql(table: string, index: IndexDef): string {
  const keys = index.keys.map((k) =>
    [
      k.column !== undefined ? quoteIdent(k.column) : k.expression,
      k.collation ? `COLLATE ${k.collation}` : '',
      k.descending ? 'DESC' : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(index.name)} ON ${quoteIdent(table)} (${keys.join(', ')})${
    index.where ? ` WHERE ${index.where}` : ''
  }`;
}

/** `CREATE VIEW`. */
export function createViewSql(view: ViewDef): string {
  // A definition that starts with its column list (`(a, b) AS SELECT …`) carries its own `AS`.
  const definition = view.definition.replace(/;\s*$/, '');
  return `CREATE VIEW ${quoteIdent(view.name)} ${definition.startsWith('(') ? '' : 'AS '}${definition}`;
}

/** `CREATE TRIGGER` on a table or view. */
export function createTriggerSql(on: string, trigger: TriggerDef): string {
  return [
    `CREATE TRIGGER ${quoteIdent(trigger.name)} ${trigger.timing} ${trigger.events.join(' OR ')}`,
    trigger.columns ? ` OF ${names(trigger.columns)}` : '',
    ` ON ${quoteIdent(on)} FOR EACH ROW`,
    trigger.when ? ` WHEN ${trigger.when}` : '',
    `\n${trigger.body ?? 'BEGIN SELECT 1; END'}`,
  ].join('');
}

/** Views in an order where each comes after the views its query names. */
export function viewsInOrder(views: readonly ViewDef[]): ViewDef[] {
  const byName = new Map(views.map((v) => [v.name.toLowerCase(), v]));
  const done = new Set<string>();
  const ordered: ViewDef[] = [];
  const visit = (view: ViewDef, path: Set<string>) => {
    const key = view.name.toLowerCase();
    if (done.has(key) || path.has(key)) return;
    path.add(key);
    for (const token of significant(view.definition)) {
      const other = byName.get(token.text.replace(/^["`[]|["`\]]$/g, '').toLowerCase());
      if (other && other !== view) visit(other, path);
    }
    done.add(key);
    ordered.push(view);
  };
  for (const view of views) visit(view, new Set());
  return ordered;
}

/** A value as a SQL literal. */
function literal(value: unknown, column: ColumnDef | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  // A BLOB as sample rows hold it (`\x00ff`): written back as a BLOB literal.
  if (
    typeof value === 'string' &&
    column &&
    typeAffinity(column.type) === 'BLOB' &&
    /^\\x([0-9a-f]{2})*$/i.test(value)
  ) {
    return `X'${value.slice(2)}'`;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  // An integer beyond 2^53 is held as its digits: in a column of INTEGER or NUMERIC affinity (where
  // SQLite would have stored such text as an integer anyway) it is written back as the integer.
  if (
    typeof value === 'string' &&
    column &&
    /^-?\d{16,19}$/.test(value) &&
    ['INTEGER', 'NUMERIC'].includes(typeAffinity(column.type))
  ) {
    return value;
  }
  return quoteString(String(value));
}

/** The statements that recreate a schema (and rows, when given) in an empty database, in order. */
export function schemaStatements(schema: Schema, data?: Readonly<Record<string, TableData>>): string[] {
  const statements: string[] = [];
  for (const table of schema.tables) statements.push(createTableSql(table));
  for (const table of schema.tables) {
    const rows = data?.[`${table.schema}.${table.name}`];
    if (!rows || rows.rows.length === 0) continue;
    for (const row of rows.rows) {
      statements.push(
        `INSERT INTO ${quoteIdent(table.name)} (${names(rows.columns)}) VALUES (${row
          .map((value, i) =>
            literal(
              value,
              table.columns.find((c) => c.name === rows.columns[i]),
            ),
          )
          .join(', ')})`,
      );
    }
  }
  for (const table of schema.tables)
    for (const index of table.indexes ?? []) statements.push(createIndexSql(table.name, index));
  for (const view of viewsInOrder(schema.views)) statements.push(createViewSql(view));
  for (const table of schema.tables)
    for (const t of table.triggers ?? []) statements.push(createTriggerSql(table.name, t));
  for (const view of schema.views) for (const t of view.triggers ?? []) statements.push(createTriggerSql(view.name, t));
  return statements;
}

/** The whole schema as a SQLite script. */
export function sqliteSchemaToSql(
  schema: Schema,
  options: { readonly header?: string; readonly data?: Readonly<Record<string, TableData>> } = {},
): string {
  const header = options.header ? `-- ${options.header}\n\n` : '';
  const statements = schemaStatements(schema, options.data);
  if (statements.length === 0) return `${header}-- The schema is empty.\n`;
  return `${header}${statements.map((s) => `${s};`).join('\n\n')}\n`;
}
