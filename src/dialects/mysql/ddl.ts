/**
 * MySQL's and MariaDB's DDL for the objects of the model: what `dump --format sql` writes
 * and what the planner builds its statements from. Objects of the connected database (the
 * model's namespace `db`) are written unqualified; identifiers in backticks.
 *
 * Where the two servers spell an attribute differently, the script uses MariaDB's spelling
 * inside a MariaDB-only executable comment (`/*M!…*\/`): a geometry column's
 * `REF_SYSTEM_ID` and an index's `IGNORED`. MySQL reads those comments as comments.
 */
import type {
  ColumnDef,
  ConstraintDef,
  Grant,
  ForeignKeyDef,
  FunctionDef,
  IndexDef,
  IndexKey,
  PartitionDef,
  Schema,
  SequenceDef,
  TableData,
  TableDef,
  TriggerDef,
  ViewDef,
} from '../../schema/model.js';
import type { EventDef } from '../../schema/model-kinds.js';
import { NAMESPACE, quoteIdent } from './introspect.js';

/** A string literal, with quotes doubled and backslashes escaped. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** An object's name: unqualified in the connected database, `other`.`name` elsewhere. */
export function qualified(schema: string, name: string): string {
  return schema === NAMESPACE ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

const list = (names: readonly string[]) => names.map(quoteIdent).join(', ');

/** `DEFINER=`user`@`host` ` for an object read with its owner (`user@host`); nothing otherwise. */
export function definerSql(owner: string | undefined): string {
  if (!owner) return '';
  const at = owner.lastIndexOf('@');
  const user = at < 0 ? owner : owner.slice(0, at);
  const host = at < 0 ? '%' : owner.slice(at + 1);
  return `DEFINER=${quoteIdent(user)}@${quoteIdent(host)} `;
}

/**
 * `GRANT` (or with `revoke`, `REVOKE`) of privileges on a table or view (its backticked
 * name) or on the whole connected database (`*`), for a column when `column` is given.
 * Grantees are kept as information_schema writes them, already quoted (`'app'@'%'`).
 */
export function grantSql(target: string, grants: readonly Grant[], column?: string, revoke = false): string[] {
  const columns = column ? ` (${quoteIdent(column)})` : '';
  return grants.map((g) =>
    revoke
      ? `REVOKE ${g.privilege}${columns} ON ${target} FROM ${g.grantee};`
      : `GRANT ${g.privilege}${columns} ON ${target} TO ${g.grantee}${g.grantable ? ' WITH GRANT OPTION' : ''};`,
  );
}

/** Every grant of a schema read with privileges: on the database, its tables, columns and views. */
function grantStatements(schema: Schema): string[] {
  return [
    ...schema.schemas.flatMap((s) => grantSql('*', s.grants ?? [])),
    ...schema.tables.flatMap((t) => [
      ...grantSql(qualified(t.schema, t.name), t.grants ?? []),
      ...t.columns.flatMap((c) => grantSql(qualified(t.schema, t.name), c.grants ?? [], c.name)),
    ]),
    ...schema.views.flatMap((v) => grantSql(qualified(v.schema, v.name), v.grants ?? [])),
  ];
}

/**
 * A default as `DEFAULT` takes it: a literal, `NULL` or the current time as it is, any
 * other expression in parentheses (MariaDB reads some without them; `SET DEFAULT` needs them).
 */
export function defaultSql(value: string): string {
  const literal =
    /^'(?:[^'\\]|''|\\.)*'$/s.test(value) ||
    /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ||
    /^(null|true|false)$/i.test(value) ||
    /^(current_timestamp|now|localtimestamp|localtime)(\(\d*\))?$/i.test(value) ||
    /^[bx]'[0-9a-f]*'$/i.test(value) ||
    /^_[a-z0-9]+'/i.test(value);
  return literal || (value.startsWith('(') && value.endsWith(')')) ? value : `(${value})`;
}

/** A column's definition after its name: type, charset, generation, nullability, default, … comment. */
export function columnDefinition(c: ColumnDef): string {
  const parts = [c.type];
  if (c.srid !== undefined) parts.push(`/*M!100502 REF_SYSTEM_ID=${c.srid} */`);
  if (c.charset) parts.push(`CHARACTER SET ${c.charset}`);
  if (c.collation) parts.push(`COLLATE ${c.collation}`);
  if (c.generated) {
    parts.push(`GENERATED ALWAYS AS (${c.generated}) ${c.virtual ? 'VIRTUAL' : 'STORED'}`);
    // MySQL keeps a generated column's NOT NULL; MariaDB's are always nullable.
    if (c.notNull) parts.push('NOT NULL');
  } else parts.push(c.notNull ? 'NOT NULL' : 'NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${defaultSql(c.default)}`);
  if (c.onUpdate) parts.push(`ON UPDATE ${c.onUpdate}`);
  if (c.autoIncrement) parts.push('AUTO_INCREMENT');
  if (c.invisible) parts.push('INVISIBLE');
  if (c.comment) parts.push(`COMMENT ${quoteLiteral(c.comment)}`);
  if (c.check) parts.push(`CHECK (${c.check})`);
  return parts.join(' ');
}

/** A column as `CREATE TABLE` and `ADD COLUMN` write it. */
export function columnSql(c: ColumnDef): string {
  return `${quoteIdent(c.name)} ${columnDefinition(c)}`;
}

function keyPart(k: IndexKey): string {
  const base = k.expression !== undefined ? `(${k.expression})` : quoteIdent(k.column ?? '');
  return `${base}${k.length !== undefined ? `(${k.length})` : ''}${k.descending ? ' DESC' : ''}`;
}

/** Whether an index is ignored by the optimiser (MariaDB `IGNORED`, MySQL `INVISIBLE`). */
const isInvisible = (i: IndexDef) => (i as IndexDef & { readonly invisible?: boolean }).invisible === true;

/**
 * An index as a `CREATE TABLE` element or after `ADD`: `UNIQUE KEY name (a(10) DESC) COMMENT '…'`.
 * An index the optimiser ignores is `INVISIBLE` on MySQL, `IGNORED` on MariaDB, and MariaDB's
 * word in a MariaDB-only comment where the server is not known (`flavour`).
 */
export function indexSql(i: IndexDef, flavour?: 'MySQL' | 'MariaDB'): string {
  const kind =
    i.method === 'fulltext' ? 'FULLTEXT KEY' : i.method === 'spatial' ? 'SPATIAL KEY' : i.unique ? 'UNIQUE KEY' : 'KEY';
  const using = i.method === 'hash' ? ' USING HASH' : '';
  const parser = i.parser ? ` WITH PARSER ${quoteIdent(i.parser)}` : '';
  const comment = i.comment ? ` COMMENT ${quoteLiteral(i.comment)}` : '';
  const ignored = !isInvisible(i)
    ? ''
    : flavour === 'MySQL'
      ? ' INVISIBLE'
      : flavour === 'MariaDB'
        ? ' IGNORED'
        : ' /*M!100600 IGNORED */';
  return `${kind} ${quoteIdent(i.name)} (${i.keys.map(keyPart).join(', ')})${using}${parser}${comment}${ignored}`;
}

/** A foreign key as a `CREATE TABLE` element or after `ADD`. */
export function foreignKeySql(fk: ForeignKeyDef): string {
  const ref = fk.references;
  return [
    `CONSTRAINT ${quoteIdent(fk.name)} FOREIGN KEY (${list(fk.columns)})`,
    `REFERENCES ${qualified(ref.schema, ref.table)} (${list(ref.columns)})`,
    ...(fk.onDelete ? [`ON DELETE ${fk.onDelete}`] : []),
    ...(fk.onUpdate ? [`ON UPDATE ${fk.onUpdate}`] : []),
  ].join(' ');
}

/** A primary key or check as a `CREATE TABLE` element or after `ADD`; foreign keys go through {@link foreignKeySql}. */
export function constraintSql(c: ConstraintDef): string {
  switch (c.type) {
    case 'primary key':
      return `PRIMARY KEY (${(c.parts ?? c.columns.map((column) => ({ column }))).map(keyPart).join(', ')})`;
    case 'check':
      return `CONSTRAINT ${quoteIdent(c.name)} CHECK (${c.expression})`;
    case 'foreign key':
      return foreignKeySql(c);
    default:
      return `CONSTRAINT ${quoteIdent(c.name)} ${c.type === 'unique' ? `UNIQUE (${list(c.columns)})` : c.definition}`;
  }
}

/** The table options after the closing parenthesis: engine, charset, collation, row format, others, comment. */
export function tableOptionsSql(t: TableDef): string[] {
  return [
    ...(t.engine ? [`ENGINE=${t.engine}`] : []),
    ...(t.charset ? [`DEFAULT CHARSET=${t.charset}`] : []),
    ...(t.collation ? [`COLLATE=${t.collation}`] : []),
    ...(t.rowFormat ? [`ROW_FORMAT=${t.rowFormat}`] : []),
    ...(t.options ?? []),
    ...(t.comment ? [`COMMENT=${quoteLiteral(t.comment)}`] : []),
  ];
}

/**
 * `PARTITION name VALUES … COMMENT = '…' MAX_ROWS = …` with its subpartitions and their options,
 * as CREATE TABLE, ADD PARTITION and REORGANIZE PARTITION write it.
 */
export function partitionDefinition(p: PartitionDef): string {
  const own = [...(p.comment ? [`COMMENT = ${quoteLiteral(p.comment)}`] : []), ...(p.options ?? [])];
  const subpartition = (s: string) =>
    [`SUBPARTITION ${quoteIdent(s)}`, ...(p.subpartitionOptions?.[s] ?? [])].join(' ');
  const subs = p.subpartitions?.length ? ` (${p.subpartitions.map(subpartition).join(', ')})` : '';
  return `${[`PARTITION ${quoteIdent(p.name)}`, ...(p.bound ? [p.bound] : []), ...own].join(' ')}${subs}`;
}

/** `PARTITION BY …` with every partition and subpartition named, or undefined for an unpartitioned table. */
export function partitionSql(t: TableDef): string | undefined {
  if (!t.partitionBy) return undefined;
  const partitions = (t.partitions ?? []).map(partitionDefinition);
  const sub = t.subpartitionBy ? `\n  SUBPARTITION BY ${t.subpartitionBy}` : '';
  return `PARTITION BY ${t.partitionBy}${sub}\n  (${partitions.join(',\n   ')})`;
}

/**
 * `CREATE TABLE` with columns, keys, indexes, checks and the foreign keys `withForeignKey`
 * accepts, for a server of `flavour` when it is known.
 */
export function createTableSql(
  t: TableDef,
  withForeignKey: (fk: ForeignKeyDef) => boolean = () => true,
  flavour?: 'MySQL' | 'MariaDB',
): string {
  const constraints = t.constraints ?? [];
  const elements = [
    ...t.columns.map(columnSql),
    ...constraints.filter((c) => c.type === 'primary key').map(constraintSql),
    ...(t.indexes ?? []).map((i) => indexSql(i, flavour)),
    ...constraints.filter((c): c is ForeignKeyDef => c.type === 'foreign key' && withForeignKey(c)).map(foreignKeySql),
    ...constraints.filter((c) => c.type !== 'primary key' && c.type !== 'foreign key').map(constraintSql),
  ];
  const partitions = partitionSql(t);
  return `CREATE TABLE ${qualified(t.schema, t.name)} (\n  ${elements.join(',\n  ')}\n) ${tableOptionsSql(t).join(' ')}${
    partitions ? `\n${partitions}` : ''
  };`;
}

/** `CREATE [OR REPLACE] VIEW` with its algorithm, security and check option. */
export function createViewSql(v: ViewDef, orReplace = false): string {
  const head = [
    orReplace ? 'CREATE OR REPLACE' : 'CREATE',
    ...(v.algorithm ? [`ALGORITHM=${v.algorithm}`] : []),
    ...(v.owner ? [definerSql(v.owner).trim()] : []),
    ...(v.sqlSecurity ? [`SQL SECURITY ${v.sqlSecurity}`] : []),
    `VIEW ${qualified(v.schema, v.name)} AS ${v.definition}`,
  ].join(' ');
  return `${head}${v.checkOption ? ` WITH ${v.checkOption} CHECK OPTION` : ''};`;
}

/** `CREATE TRIGGER`, following the trigger it comes after (`FOLLOWS`) when it is not the first. */
export function createTriggerSql(t: TableDef, trigger: TriggerDef, follows?: string): string {
  return `CREATE ${definerSql(trigger.owner)}TRIGGER ${quoteIdent(trigger.name)} ${trigger.timing} ${trigger.events.join(' OR ')} ON ${qualified(
    t.schema,
    t.name,
  )} FOR EACH ROW${follows ? ` FOLLOWS ${quoteIdent(follows)}` : ''} ${trigger.body ?? ''};`;
}

/** The triggers of a table in creation order, each with the trigger it follows. */
export function orderedTriggers(t: TableDef): { trigger: TriggerDef; follows?: string }[] {
  const triggers = [...(t.triggers ?? [])].sort(
    (a, b) =>
      `${a.timing} ${a.events.join()}`.localeCompare(`${b.timing} ${b.events.join()}`) ||
      (a.order ?? 1) - (b.order ?? 1),
  );
  return triggers.map((trigger, i) => {
    const previous = triggers[i - 1];
    const follows =
      trigger.order !== undefined &&
      previous &&
      previous.timing === trigger.timing &&
      previous.events.join() === trigger.events.join()
        ? previous.name
        : undefined;
    return { trigger, ...(follows ? { follows } : {}) };
  });
}

/** `CREATE FUNCTION` or `CREATE PROCEDURE` with its characteristics. */
export function createRoutineSql(f: FunctionDef): string {
  const head = `CREATE ${definerSql(f.owner)}${f.kind === 'function' ? 'FUNCTION' : 'PROCEDURE'} ${qualified(f.schema, f.name)}(${f.arguments})`;
  const characteristics = [
    ...(f.kind === 'function' ? [`RETURNS ${f.returns ?? ''}`] : []),
    ...(f.deterministic ? ['DETERMINISTIC'] : []),
    ...(f.dataAccess ? [f.dataAccess] : []),
    `SQL SECURITY ${f.securityDefiner ? 'DEFINER' : 'INVOKER'}`,
    ...(f.comment ? [`COMMENT ${quoteLiteral(f.comment)}`] : []),
  ];
  return `${head}\n  ${characteristics.join(' ')}\n${f.body};`;
}

/** `CREATE EVENT` with its schedule, completion, status and comment. */
export function createEventSql(e: EventDef): string {
  const status =
    e.status === 'DISABLED' ? 'DISABLE' : e.status === 'SLAVESIDE_DISABLED' ? 'DISABLE ON SLAVE' : 'ENABLE';
  return [
    `CREATE ${definerSql(e.owner)}EVENT ${qualified(e.schema, e.name)} ON SCHEDULE ${e.schedule}`,
    `ON COMPLETION ${e.preserve ? '' : 'NOT '}PRESERVE ${status}`,
    ...(e.comment ? [`COMMENT ${quoteLiteral(e.comment)}`] : []),
    `DO ${e.body};`,
  ].join(' ');
}

/** MariaDB's `CREATE SEQUENCE`. */
export function createSequenceSql(s: SequenceDef): string {
  return `CREATE SEQUENCE ${qualified(s.schema, s.name)} START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${
    s.min
  } MAXVALUE ${s.max} CACHE ${s.cache} ${s.cycle ? 'CYCLE' : 'NOCYCLE'};`;
}

/** Whether a view's or routine's text names an object (as the servers print it: in backticks). */
export function mentions(text: string, name: string): boolean {
  return text.includes(quoteIdent(name));
}

/** Views in an order where each comes after the views it selects from. */
export function viewsInOrder(views: readonly ViewDef[]): ViewDef[] {
  const out: ViewDef[] = [];
  const placed = new Set<string>();
  const visit = (v: ViewDef, path: Set<string>) => {
    if (placed.has(v.name) || path.has(v.name)) return;
    path.add(v.name);
    for (const other of views) if (other !== v && mentions(v.definition, other.name)) visit(other, path);
    placed.add(v.name);
    out.push(v);
  };
  for (const v of views) visit(v, new Set());
  return out;
}

/**
 * Tables in an order where each comes after the tables its foreign keys reference; a
 * foreign key to a table created later (a cycle) is left to `ALTER TABLE … ADD` afterwards.
 */
export function tablesInOrder(tables: readonly TableDef[]): { table: TableDef; later: ForeignKeyDef[] }[] {
  const byName = new Map(tables.filter((t) => t.schema === NAMESPACE).map((t) => [t.name, t]));
  const placed = new Set<string>();
  const order: TableDef[] = [];
  const visit = (t: TableDef, path: Set<string>) => {
    if (placed.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const c of t.constraints ?? []) {
      if (c.type !== 'foreign key' || c.references.schema !== NAMESPACE) continue;
      const target = byName.get(c.references.table);
      if (target && target !== t) visit(target, path);
    }
    placed.add(t.name);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  const created = new Set<string>();
  return order.map((table) => {
    created.add(table.name);
    const later = (table.constraints ?? []).filter(
      (c): c is ForeignKeyDef =>
        c.type === 'foreign key' &&
        c.references.schema === NAMESPACE &&
        byName.has(c.references.table) &&
        !created.has(c.references.table),
    );
    return { table, later };
  });
}

/** `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY` for each of the foreign keys. */
export function addForeignKeysSql(t: TableDef, fks: readonly ForeignKeyDef[]): string | undefined {
  if (fks.length === 0) return undefined;
  return `ALTER TABLE ${qualified(t.schema, t.name)} ${fks.map((fk) => `ADD ${foreignKeySql(fk)}`).join(', ')};`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return quoteLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}

/** INSERTs of sample rows. */
function dataSql(data: Readonly<Record<string, TableData>>, tables: readonly TableDef[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    const rows = data[`${t.schema}.${t.name}`];
    if (!rows || rows.rows.length === 0) continue;
    const values = rows.rows.map((row) => `(${row.map(literal).join(', ')})`);
    out.push(`INSERT INTO ${qualified(t.schema, t.name)} (${list(rows.columns)}) VALUES\n  ${values.join(',\n  ')};`);
  }
  return out;
}

/** The sections of a whole-schema script, each a list of statements, in the order they run. */
export function schemaSections(
  schema: Schema,
  data?: Readonly<Record<string, TableData>>,
): { title: string; statements: string[] }[] {
  const ordered = tablesInOrder(schema.tables);
  return [
    { title: 'Sequences', statements: schema.sequences.map(createSequenceSql) },
    {
      title: 'Tables',
      statements: ordered.map(({ table, later }) => createTableSql(table, (fk) => !later.includes(fk))),
    },
    {
      title: 'Foreign keys',
      statements: ordered
        .map(({ table, later }) => addForeignKeysSql(table, later))
        .filter((s): s is string => s !== undefined),
    },
    {
      title: 'Data',
      statements: data
        ? dataSql(
            data,
            ordered.map((o) => o.table),
          )
        : [],
    },
    // Views may call functions; routine bodies are resolved when they run.
    { title: 'Routines', statements: schema.functions.map(createRoutineSql) },
    { title: 'Views', statements: viewsInOrder(schema.views).map((v) => createViewSql(v)) },
    {
      title: 'Triggers',
      statements: schema.tables.flatMap((t) =>
        orderedTriggers(t).map((x) => createTriggerSql(t, x.trigger, x.follows)),
      ),
    },
    { title: 'Events', statements: (schema.events ?? []).map(createEventSql) },
    { title: 'Grants', statements: grantStatements(schema) },
  ];
}

/**
 * A statement as a script for the \`mysql\` client: a stored program whose body holds \`;\`
 * (a procedure, function, trigger or event with \`BEGIN … END\`) between \`DELIMITER ;;\` lines,
 * as mysqldump writes them, since the client would otherwise end it at the first \`;\`;
 * any other statement as it is. schemaguard's own lexer reads both forms.
 */
export function clientScript(sql: string): string {
  const body = sql.trimEnd().replace(/;$/, '');
  if (!/^CREATE\b/i.test(body) || !body.includes(';')) return sql;
  return `DELIMITER ;;\n${body};;\nDELIMITER ;`;
}

/** The complete DDL that recreates a schema in an empty MySQL or MariaDB database. */
export function mysqlSchemaToSql(
  schema: Schema,
  options: { readonly header?: string; readonly data?: Readonly<Record<string, TableData>> } = {},
): string {
  const sections = schemaSections(schema, options.data)
    .filter((s) => s.statements.length > 0)
    .map((s) => `-- ${s.title}\n\n${s.statements.map(clientScript).join('\n\n')}`);
  const header = options.header ? [`-- ${options.header}`] : [];
  if (sections.length === 0) return `${[...header, '-- The schema is empty.'].join('\n')}\n`;
  return `${[...(header.length ? [header.join('\n')] : []), ...sections].join('\n\n')}\n`;
}
