/**
 * MySQL data backups: `mysqldump` (or MariaDB's `mariadb-dump`) when one is installed, else
 * schemaguard's own dump through the connection: the schema's DDL and every table's rows as
 * INSERT statements, written table by table. The password never reaches a command line.
 */
import { once } from 'node:events';
import { type WriteStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaguardError } from '../../errors.js';
import type { TableDef } from '../../schema/model.js';
import { ProgramNotFoundError, type RunResult, runProgram } from '../../subprocess.js';
import { TOOL_VERSION } from '../../version.js';
import type { Backup, BackupResult, Connection } from '../dialect.js';
import { clientScript, schemaSections } from './ddl.js';
import { quoteIdent } from './introspect.js';
import { type MysqlTarget, parseMysqlUrl } from './url.js';

/** The dump programs tried, in order. */
export const DUMP_PROGRAMS = ['mysqldump', 'mariadb-dump'] as const;

/** Rows per INSERT statement (and per read) of schemaguard's own dump. */
const ROWS_PER_INSERT = 500;

/** Types whose values are written as numbers; every other value is written as its bytes in hexadecimal. */
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'numeric',
  'float',
  'double',
  'real',
  'year',
]);

/** The `[client]` options file of a dump program: the password and the TLS settings of the URL. */
function clientOptions(target: MysqlTarget, mariadbClient: boolean): string {
  const lines = ['[client]'];
  // Quoted, with the option file's escapes, so that any character of the password survives.
  if (target.password !== undefined) lines.push(`password="${target.password.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  if (target.sslCa) lines.push(`ssl-ca="${target.sslCa.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  const verify = target.sslMode === 'VERIFY_CA' || target.sslMode === 'VERIFY_IDENTITY';
  if (mariadbClient) {
    if (target.sslMode === 'DISABLED') lines.push('skip-ssl');
    if (target.sslMode === 'REQUIRED' || verify) lines.push('ssl');
    if (verify) lines.push('ssl-verify-server-cert');
  } else if (target.sslMode !== 'PREFERRED') lines.push(`ssl-mode=${target.sslMode}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Dumps the database with the first dump program installed, schema and data, to `path`;
 * undefined when none is installed. Throws the program's own last words when it fails.
 */
async function dumpWithProgram(
  ref: string,
  path: string,
  programs: readonly string[],
): Promise<BackupResult | undefined> {
  const target = parseMysqlUrl(ref);
  for (const program of programs) {
    let version: RunResult;
    try {
      version = await runProgram(program, ['--version']);
    } catch (error) {
      if (error instanceof ProgramNotFoundError) continue;
      throw error;
    }
    const folder = await mkdtemp(join(tmpdir(), 'schemaguard-dump-'));
    const options = join(folder, 'client.cnf');
    try {
      await writeFile(options, clientOptions(target, /mariadb/i.test(version.stdout)), { mode: 0o600 });
      const result = await runProgram(
        program,
        [
          // Must come first: the password is read from it, never from the command line.
          `--defaults-extra-file=${options}`,
          `--host=${target.host}`,
          `--port=${target.port}`,
          `--user=${target.user}`,
          '--single-transaction',
          '--routines',
          '--triggers',
          '--events',
          '--hex-blob',
          '--no-tablespaces',
          `--result-file=${path}`,
          // The database alone, without CREATE DATABASE and USE: the dump restores into any database.
          target.database,
        ],
        { output: 'stderr-only' },
      );
      if (result.exitCode !== 0) {
        await rm(path, { force: true });
        const reason =
          result.stderr
            .trim()
            .split('\n')
            .at(-1)
            ?.replace(/^\S+: /, '') ?? `exit code ${result.exitCode}`;
        throw new SchemaguardError(`${program} failed: ${reason.replace(/\.$/, '')}.`);
      }
      return { path };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return undefined;
}

/** Writes text to the stream, waiting when its buffer is full. */
async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

interface ColumnRow {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly extra: string;
}

/** The columns of a table that hold data (not generated), each with how its value is read and written back. */
function columnReaders(columns: readonly ColumnRow[]): { name: string; select: string; hex: boolean }[] {
  return columns
    .filter((c) => !/\b(VIRTUAL|STORED|PERSISTENT)\b/i.test(c.extra))
    .map((c) => {
      const type = c.data_type.toLowerCase();
      const column = quoteIdent(c.column_name);
      if (NUMERIC_TYPES.has(type)) return { name: c.column_name, select: `CAST(${column} AS CHAR)`, hex: false };
      if (type === 'bit') return { name: c.column_name, select: `CAST(${column} AS UNSIGNED)`, hex: false };
      // Bytes as they are stored: text in its column's character set, binary data, dates, geometry.
      return { name: c.column_name, select: `HEX(${column})`, hex: true };
    });
}

/** A value as SQL: numbers as they are, bytes in hexadecimal (JSON text converted back to text, as MySQL's JSON type wants). */
function valueSql(value: unknown, hex: boolean, json: boolean): string {
  if (value === null || value === undefined) return 'NULL';
  const text = String(value);
  if (!hex) return text;
  if (text === '') return "''";
  return json ? `CONVERT(0x${text} USING utf8mb4)` : `0x${text}`;
}

/** Every row of one table, as INSERT statements of {@link ROWS_PER_INSERT} rows, in primary key order. */
async function dumpRows(
  connection: Connection,
  out: WriteStream,
  table: TableDef,
  columns: readonly ColumnRow[],
): Promise<void> {
  const readers = columnReaders(columns);
  if (readers.length === 0) return;
  const json = new Set(columns.filter((c) => c.data_type.toLowerCase() === 'json').map((c) => c.column_name));
  const pk = table.constraints?.find((c) => c.type === 'primary key');
  const order = (pk?.type === 'primary key' ? pk.columns : readers.map((r) => r.name)).map(quoteIdent).join(', ');
  const select = `SELECT ${readers.map((r, i) => `${r.select} AS c${i}`).join(', ')} FROM ${quoteIdent(table.name)} ORDER BY ${order}`;
  const insert = `INSERT INTO ${quoteIdent(table.name)} (${readers.map((r) => quoteIdent(r.name)).join(', ')}) VALUES\n  `;
  for (let offset = 0; ; offset += ROWS_PER_INSERT) {
    const rows = await connection.query<Record<string, unknown>>(`${select} LIMIT ${ROWS_PER_INSERT} OFFSET ${offset}`);
    if (rows.length === 0) return;
    const values = rows.map(
      (row) => `(${readers.map((r, i) => valueSql(row[`c${i}`], r.hex, json.has(r.name))).join(', ')})`,
    );
    await write(out, `${insert}${values.join(',\n  ')};\n\n`);
    if (rows.length < ROWS_PER_INSERT) return;
  }
}

/**
 * schemaguard's own dump of the database at the connection, for when no dump program is
 * installed: the tables and their foreign keys, then the rows of each table (read in one
 * consistent snapshot, written as they are read), then routines, views, triggers (after
 * the rows, so that restoring them fires none), events and grants. Restores with the
 * `mysql` client, or any client that reads `DELIMITER`.
 */
export async function dumpThroughConnection(connection: Connection, path: string): Promise<void> {
  const { schema } = await connection.introspect();
  const columns = await connection.query<ColumnRow>(
    `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, DATA_TYPE AS data_type, EXTRA AS extra
       FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  );
  const out = createWriteStream(path, { flags: 'wx' });
  const closed = once(out, 'close');
  try {
    await write(
      out,
      `-- schemaguard ${TOOL_VERSION}: dump of ${connection.source} (schema and data)\n\nSET NAMES utf8mb4;\nSET FOREIGN_KEY_CHECKS = 0;\nSET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');\n\n`,
    );
    const sections = schemaSections(schema);
    const dataAt = sections.findIndex((s) => s.title === 'Data');
    const writeSections = async (part: typeof sections) => {
      for (const section of part.filter((s) => s.statements.length > 0)) {
        await write(out, `-- ${section.title}\n\n${section.statements.map(clientScript).join('\n\n')}\n\n`);
      }
    };
    await writeSections(sections.slice(0, dataAt));
    await write(out, '-- Data\n\n');
    await connection.exec('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    try {
      for (const table of schema.tables) {
        await dumpRows(
          connection,
          out,
          table,
          columns.filter((c) => c.table_name === table.name),
        );
      }
    } finally {
      await connection.exec('COMMIT').catch(() => {});
    }
    await writeSections(sections.slice(dataAt + 1));
    await write(out, 'SET FOREIGN_KEY_CHECKS = 1;\n');
  } catch (error) {
    out.destroy();
    await closed.catch(() => {});
    await rm(path, { force: true });
    throw error;
  }
  out.end();
  await closed;
}

/**
 * MySQL's data backup (`<base>.dump.sql`): a dump program's when one of `programs` is
 * installed, else schemaguard's own dump through a connection.
 */
export function mysqlBackup(programs: readonly string[] = DUMP_PROGRAMS): Backup {
  return {
    async data(ref, base, open): Promise<BackupResult> {
      const path = `${base}.dump.sql`;
      const dumped = await dumpWithProgram(ref, path, programs);
      if (dumped) return dumped;
      const connection = await open();
      try {
        await dumpThroughConnection(connection, path);
      } finally {
        await connection.close();
      }
      return { path };
    },
  };
}
