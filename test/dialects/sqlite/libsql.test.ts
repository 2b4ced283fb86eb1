/**
 * libSQL through @libsql/client on local files (`libsql:./app.db`): dump and compare as through
 * better-sqlite3; and integers beyond 2^53 in sample rows, read, printed and written back exactly
 * through either driver.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseSqliteRef } from '../../../src/dialects/sqlite/url.js';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith, tempFolder } from './helpers.js';

const SCHEMA = `
CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE UNIQUE, born INT DEFAULT (0) CHECK (born >= 0));
CREATE TABLE book (id integer primary key, author_id INTEGER REFERENCES author ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  title text, price real default 1.5, slug TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL,
  CONSTRAINT price_pos CHECK (price > 0), UNIQUE (author_id, title)) STRICT;
CREATE TABLE tag (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX book_title ON book (title COLLATE NOCASE DESC, lower(title)) WHERE price > 1;
CREATE VIEW cheap (cheap_title) AS SELECT title FROM book WHERE price < 10;
CREATE TRIGGER touch AFTER UPDATE OF title ON book FOR EACH ROW WHEN NEW.title <> OLD.title
BEGIN UPDATE book SET price = price WHERE id = NEW.id; END;
`;

/** 2^53 + 1: the first integer a double cannot hold. */
const BEYOND = '9007199254740993';

const BIG = `
CREATE TABLE big (id INTEGER PRIMARY KEY, n INTEGER, s TEXT, loose, strict_n INTEGER);
INSERT INTO big VALUES (1, ${BEYOND}, '${BEYOND}', ${BEYOND}, 42);
INSERT INTO big VALUES (2, -9223372036854775808, 'x', 'text', 9223372036854775807);
INSERT INTO big VALUES (9007199254740991, 9007199254740991, NULL, NULL, NULL);
`;

/** The snapshot's schema part (the source in `meta` names the ref). */
function schemaOf(stdout: string): unknown {
  return (JSON.parse(stdout) as { schema: unknown }).schema;
}

describe('libSQL through @libsql/client on a local file', () => {
  it('takes libsql:<path> as a local file read through @libsql/client, and libsql://host as a server', () => {
    expect(parseSqliteRef('libsql:./app.db')).toEqual({ kind: 'file', path: './app.db', driver: 'libsql' });
    expect(parseSqliteRef('libsql:/srv/app.db')).toEqual({ kind: 'file', path: '/srv/app.db', driver: 'libsql' });
    expect(parseSqliteRef('libsql:file:./app.db')).toEqual({ kind: 'file', path: './app.db', driver: 'libsql' });
    expect(parseSqliteRef('libsql://db.example.io').kind).toBe('libsql');
    expect(() => parseSqliteRef('libsql:')).toThrow(
      'The ref libsql: names no local file: write libsql:./app.db for a file, libsql://host for a server.',
    );
  });

  it('dumps the same schema as better-sqlite3, and compares either way with no differences', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder, 'app.db');
    const viaLibsql = await runCli(['dump', 'libsql:./app.db'], { cwd: folder });
    expect(viaLibsql.stderr).toBe('');
    expect(viaLibsql.code).toBe(0);
    const viaBetter = await runCli(['dump', 'sqlite:./app.db'], { cwd: folder });
    expect(schemaOf(viaLibsql.stdout)).toEqual(schemaOf(viaBetter.stdout));
    const snapshot = JSON.parse(viaLibsql.stdout) as { dialect: string; meta: { source: string } };
    expect(snapshot.dialect).toBe('sqlite');
    expect(snapshot.meta.source).toBe('libsql:./app.db');

    const compared = await runCli(['compare', 'libsql:./app.db', 'sqlite:./app.db'], { cwd: folder });
    expect(compared.stdout).toContain('No differences.');
    expect(compared.code).toBe(0);
  });

  it('finds a change between a snapshot and the file, read through libSQL', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder, 'app.db');
    expect((await runCli(['dump', 'libsql:./app.db', '-o', 'schema.json'], { cwd: folder })).code).toBe(0);
    sqliteFileWith('ALTER TABLE author ADD COLUMN bio TEXT; DROP INDEX book_title', folder, 'app.db');
    const result = await runCli(['compare', 'schema.json', 'libsql:./app.db'], { cwd: folder });
    expect(result.stdout).toContain('+ column bio');
    expect(result.stdout).toContain('- index book_title');
  });

  it('says in one sentence that a file is missing or is not a database, exit code 2', async () => {
    const folder = tempFolder();
    const missing = await runCli(['dump', 'libsql:./missing.db'], { cwd: folder });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('./missing.db does not exist');
    writeFileSync(join(folder, 'notes.db'), 'these are notes, not a database\n'.repeat(100));
    const notDb = await runCli(['dump', 'libsql:./notes.db'], { cwd: folder });
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toMatch(/^schemaguard: \.\/notes\.db is not a SQLite database: .+\.\n$/);
  });
});

describe('integers beyond 2^53 in sample rows', () => {
  for (const form of ['sqlite', 'libsql'] as const) {
    it(`are read, printed and written back exactly (${form === 'sqlite' ? 'better-sqlite3' : '@libsql/client'})`, async () => {
      const folder = tempFolder();
      sqliteFileWith(BIG, folder, 'big.db');
      const dumped = await runCli(['dump', `${form}:./big.db`, '--include-data'], { cwd: folder });
      expect(dumped.code).toBe(0);
      const { data } = JSON.parse(dumped.stdout) as { data: Record<string, { rows: unknown[][] }> };
      // Beyond 2^53 as digits (a JSON number would round them); text stays text; the others numbers.
      expect(data['main.big']?.rows).toEqual([
        [1, BEYOND, BEYOND, BEYOND, 42],
        [2, '-9223372036854775808', 'x', 'text', '9223372036854775807'],
        [9007199254740991, 9007199254740991, null, null, null],
      ]);

      const sql = await runCli(['dump', `${form}:./big.db`, '--include-data', '--format', 'sql', '-o', 'big.sql'], {
        cwd: folder,
      });
      expect(sql.code).toBe(0);
      const script = readFileSync(join(folder, 'big.sql'), 'utf8');
      // In an INTEGER column the integer itself; in a TEXT column, and one without a type, a string.
      expect(script).toContain(`VALUES (1, ${BEYOND}, '${BEYOND}', '${BEYOND}', 42)`);
      expect(script).toContain("VALUES (2, -9223372036854775808, 'x', 'text', 9223372036854775807)");

      // Loaded into a new file, each value is what it was, to the last digit, with its storage class.
      const copy = sqliteFileWith(script, folder, 'copy.db');
      const db = new Database(copy, { readonly: true });
      try {
        const rows = db
          .prepare('SELECT n, typeof(n) AS nt, s, typeof(s) AS st, strict_n FROM big ORDER BY id')
          .safeIntegers(true)
          .all();
        expect(rows[0]).toEqual({ n: BigInt(BEYOND), nt: 'integer', s: BEYOND, st: 'text', strict_n: 42n });
        expect(rows[1]).toEqual({
          n: -9223372036854775808n,
          nt: 'integer',
          s: 'x',
          st: 'text',
          strict_n: 9223372036854775807n,
        });
      } finally {
        db.close();
      }
    });
  }
});

describe('migrations written for libSQL', () => {
  it("replay on libSQL when they use its ALTER COLUMN (drizzle-kit's turso dialect writes it), and match a database they built", async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'migrations'));
    const migrations = {
      '0001_init.sql': 'CREATE TABLE report (id integer PRIMARY KEY, status text);\n',
      '0002_status.sql': 'ALTER TABLE `report` ALTER COLUMN "status" TO "status" text NOT NULL;\n',
    };
    for (const [name, sql] of Object.entries(migrations)) writeFileSync(join(folder, 'migrations', name), sql);
    writeFileSync(join(folder, 'schemaguard.config.json'), JSON.stringify({ dialect: 'sqlite' }));
    const dumped = await runCli(['dump', 'migrations:migrations'], { cwd: folder });
    expect(dumped.code, dumped.stderr).toBe(0);
    const { tables } = schemaOf(dumped.stdout) as { tables: { columns: { name: string; notNull?: boolean }[] }[] };
    expect(tables[0]?.columns.find((c) => c.name === 'status')?.notNull).toBe(true);
    // The database the migrations built through libSQL, as the project's own runner would.
    const client = createClient({ url: pathToFileURL(join(folder, 'app.db')).href });
    try {
      for (const sql of Object.values(migrations)) await client.execute(sql);
    } finally {
      client.close();
    }
    const compared = await runCli(['compare', 'migrations:migrations', 'libsql:./app.db'], { cwd: folder });
    expect(compared.code, compared.stdout + compared.stderr).toBe(0);
    expect(compared.stdout).toContain('No differences.');
  });
});
