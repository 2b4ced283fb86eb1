/**
 * Issue 16, backups on MySQL: `migrate apply` with `backup.data` dumps the database with
 * mysqldump (the password in an options file, never on the command line or in the output),
 * and without a dump program schemaguard's own dump; either file, loaded into a new
 * database with the `mysql` client, gives the same schema and the same rows.
 */
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlBackup } from '../../../src/dialects/mysql/backup.js';
import { diff } from '../../../src/diff/index.js';
import { runCli } from '../../helpers/cli.js';
import {
  type MysqlTestDatabase,
  createMysqlDatabase,
  hasMysqlServer,
  mysql,
  mysqlAdmin,
  mysqlUrlFor,
} from '../../helpers/mysql-databases.js';

/** Every kind of value the dump writes, a generated column, a foreign key and a trigger that must not fire on restore. */
const FIXTURE = `
CREATE TABLE author (id int AUTO_INCREMENT PRIMARY KEY, name varchar(100) NOT NULL, upper_name varchar(100) AS (UPPER(name)) VIRTUAL);
CREATE TABLE book (
  id bigint PRIMARY KEY, author_id int NOT NULL, title text, price decimal(10,2), ratio double, weight float,
  cover blob, published date, stamped datetime(3), tags set('a','b','c'), kind enum('paper','ebook'),
  flags bit(5), meta json, yr year,
  CONSTRAINT book_author FOREIGN KEY (author_id) REFERENCES author (id)
);
CREATE TRIGGER book_title BEFORE INSERT ON book FOR EACH ROW SET NEW.title = CONCAT('changed: ', NEW.title);
SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO');
INSERT INTO author (id, name) VALUES (0, 'zero'), (1, 'Ana ''quoted'' \\\\ back'), (2, 'Zoë ✓');
`;

const ROWS = `
INSERT INTO book VALUES
  (1, 1, 'line one\\nline two\\ttab', 12.50, 0.1, 1.5, 0x00FF10, '2024-02-29', '2024-01-01 10:11:12.345', 'a,c', 'ebook', b'10101', '{"k": [1, "two", null]}', 2024),
  (2, 2, '', NULL, -1e300, NULL, '', NULL, NULL, '', NULL, b'0', NULL, NULL);
`;

/** Runs the `mysql` client on a database with a file as its input. */
function loadWithClient(database: string, file: string): Promise<void> {
  const url = new URL(process.env.SCHEMAGUARD_TEST_MYSQL_URL as string);
  return new Promise((resolve, reject) => {
    const child = execFile(
      'mysql',
      [
        `--host=${url.hostname}`,
        `--port=${url.port || 3306}`,
        `--user=${decodeURIComponent(url.username) || 'root'}`,
        database,
      ],
      (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
    );
    createReadStream(file).pipe(child.stdin as NodeJS.WritableStream);
  });
}

/**
 * A value as both sides compare it: bytes in hexadecimal, JSON as its normalised text (the
 * driver parses a JSON column only when the server calls it JSON in the result's metadata).
 */
function comparable(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && /^[[{]/.test(value)) return JSON.stringify(JSON.parse(value));
  return value;
}

/** The schema and every row of a database. */
async function contents(url: string) {
  const connection = await mysql.connect(url);
  try {
    const { schema } = await connection.introspect();
    const data = await connection.readData(schema, {
      tables: schema.tables.map((t) => `${t.schema}.${t.name}`),
      limit: 100,
    });
    const rows = Object.fromEntries(
      Object.entries(data).map(([table, { rows }]) => [table, rows.map((row) => row.map(comparable))]),
    );
    return { schema, rows };
  } finally {
    await connection.close();
  }
}

/** Loads a dump into a new database and expects the same schema and rows as the original. */
async function expectRestores(original: MysqlTestDatabase, file: string, databases: MysqlTestDatabase[]) {
  const copy = await createMysqlDatabase(undefined, 'sgrestore');
  databases.push(copy);
  await loadWithClient(copy.name, file);
  const [before, after] = await Promise.all([contents(original.url), contents(copy.url)]);
  expect(diff(mysql, before.schema, after.schema)).toEqual([]);
  expect(after.rows).toEqual(before.rows);
}

describe.runIf(hasMysqlServer())('MySQL backups', () => {
  const databases: MysqlTestDatabase[] = [];
  let source: MysqlTestDatabase;
  let target: MysqlTestDatabase;
  const user = { name: `sgbk_${process.pid}`, password: 'p@ss "w0rd" \\ x' };

  beforeAll(async () => {
    [source, target] = await Promise.all([
      createMysqlDatabase(FIXTURE, 'sgbackup'),
      createMysqlDatabase(undefined, 'sgbackup'),
    ]);
    databases.push(source, target);
    await source.exec(ROWS);
    await mysqlAdmin(
      `CREATE USER '${user.name}'@'%' IDENTIFIED BY '${user.password.replace(/\\/g, '\\\\')}'; GRANT ALL ON \`${target.name}\`.* TO '${user.name}'@'%';`,
    );
  });
  afterAll(async () => {
    await mysqlAdmin(`DROP USER IF EXISTS '${user.name}'@'%'`);
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('migrate apply with backup.data dumps with mysqldump, the password in an options file only; the dump restores', async () => {
    const url = mysqlUrlFor(target.name, user);
    const dir = mkdtempSync(join(tmpdir(), 'sg-mysql-backup-'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'migrations', '0001_fixture.sql'), FIXTURE);
    const config = (shadow?: string) =>
      writeFileSync(
        join(dir, 'schemaguard.config.json'),
        JSON.stringify({
          dialect: 'mysql',
          environments: { production: { url } },
          migrations: { dir: 'migrations' },
          backup: { data: true },
          ...(shadow ? { shadow } : {}),
        }),
      );
    const apply = () => runCli(['migrate', 'apply', '--env', 'production', '--yes', '--format', 'json'], { cwd: dir });
    // Without "shadow", replays go to the database's own server, where this user may not create databases.
    config();
    const refused = await apply();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `schemaguard: The shadow server ${mysqlUrlFor(target.name, { name: user.name, password: '' }).replace(/:@/, '@')} refused to create a database: grant the user CREATE and DROP on schemaguard_shadow_% databases, or set "shadow" in the config to a MySQL server URL where schemaguard may create databases.\n`,
    );
    config(process.env.SCHEMAGUARD_TEST_MYSQL_URL);
    const first = await apply();
    expect(first.code, first.stderr).toBe(0);
    await target.exec(ROWS);
    writeFileSync(join(dir, 'migrations', '0002_note.sql'), 'CREATE TABLE note (id int PRIMARY KEY);\n');
    const applied = await apply();
    expect(applied.code, applied.stderr).toBe(0);
    expect(`${applied.stdout}${applied.stderr}`).not.toContain(user.password);
    const { backup } = JSON.parse(applied.stdout) as { backup: { data: string; sql: string } };
    expect(backup.data).toMatch(/\.dump\.sql$/);
    const dump = readFileSync(backup.data, 'utf8');
    expect(dump).toMatch(/^-- (MySQL|MariaDB) dump/m);
    expect(dump).not.toContain(user.password);
    // The dump was taken before the migration ran: restored, it has no note table, as the source had then.
    await target.exec("DROP TABLE note; DELETE FROM schemaguard_migrations WHERE version = '0002'");
    await expectRestores(target, backup.data, databases);
  });

  it('without a dump program, schemaguard writes its own dump: the DDL, then the rows, then the triggers; it restores', async () => {
    const base = join(mkdtempSync(join(tmpdir(), 'sg-mysql-own-dump-')), 'backup');
    const result = await mysqlBackup([]).data(source.url, base, () => mysql.connect(source.url));
    expect(result).toEqual({ path: `${base}.dump.sql` });
    const dump = readFileSync(`${base}.dump.sql`, 'utf8');
    expect(dump.indexOf('-- Data')).toBeGreaterThan(dump.indexOf('CREATE TABLE `book`'));
    expect(dump.indexOf('CREATE TRIGGER')).toBeGreaterThan(dump.indexOf('INSERT INTO `book`'));
    await expectRestores(source, `${base}.dump.sql`, databases);
  });
});
