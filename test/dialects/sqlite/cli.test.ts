/** dump, compare and diff on SQLite files through the command line (in-process). */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { rowsOf, sqliteFileWith, tempFolder } from './helpers.js';

const SCHEMA = `
CREATE TABLE author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL COLLATE NOCASE UNIQUE, born INT DEFAULT (0) CHECK (born >= 0));
CREATE TABLE book (id integer primary key, author_id INTEGER REFERENCES author ON DELETE CASCADE, title text,
  price real default 1.5, slug TEXT GENERATED ALWAYS AS (lower(title)) VIRTUAL, CONSTRAINT price_pos CHECK (price > 0),
  UNIQUE (author_id, title)) STRICT;
CREATE TABLE tag (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX book_title ON book (title COLLATE NOCASE DESC, lower(title)) WHERE price > 1;
CREATE VIEW cheap AS SELECT title FROM book WHERE price < 10;
CREATE VIEW cheapest AS SELECT min(title) AS title FROM cheap;
CREATE TRIGGER touch AFTER UPDATE OF title ON book FOR EACH ROW WHEN NEW.title <> OLD.title
BEGIN UPDATE book SET price = price WHERE id = NEW.id; END;
CREATE TABLE cover (book INTEGER PRIMARY KEY, image BLOB);
INSERT INTO cover VALUES (1, x'00ff10');
INSERT INTO author VALUES (1, 'Ann', 1970);
INSERT INTO book (id, author_id, title, price) VALUES (1, 1, 'It''s', 2.5);
`;

describe('SQLite on the command line', () => {
  it('dumps a file as SQL that recreates it, rows included', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder, 'app.db');
    const dumped = await runCli(['dump', 'sqlite:./app.db', '--format', 'sql', '--include-data', '-o', 'app.sql'], {
      cwd: folder,
    });
    expect(dumped.code).toBe(0);
    const sql = readFileSync(join(folder, 'app.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE author (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,');
    expect(sql).toContain(') STRICT;');
    expect(sql).toContain("INSERT INTO book (id, author_id, title, price) VALUES (1, 1, 'It''s', 2.5);");
    sqliteFileWith(sql, folder, 'copy.db');
    const compared = await runCli(['compare', 'sqlite:./app.db', 'file:./copy.db'], { cwd: folder });
    expect(compared.stdout).toContain('No differences.');
    expect(compared.code).toBe(0);
    const data = await runCli(['dump', 'sqlite:./copy.db', '--include-data'], { cwd: folder });
    expect(JSON.parse(data.stdout).data['main.book'].rows).toEqual([[1, 1, "It's", 2.5]]);
    expect(sql).toContain("INSERT INTO cover (book, image) VALUES (1, X'00ff10');");
    expect(rowsOf(join(folder, 'copy.db'), 'SELECT hex(image) AS image FROM cover')).toEqual([{ image: '00FF10' }]);
  });

  it('compares a snapshot file with the database it was taken from, and finds a change', async () => {
    const folder = tempFolder();
    const db = sqliteFileWith(SCHEMA, folder, 'app.db');
    expect((await runCli(['dump', `sqlite:${db}`, '-o', 'schema.json'], { cwd: folder })).code).toBe(0);
    expect((await runCli(['compare', 'schema.json', 'sqlite:./app.db'], { cwd: folder })).code).toBe(0);
    sqliteFileWith("ALTER TABLE author ADD COLUMN bio TEXT NOT NULL DEFAULT ''", folder, 'app.db');
    const result = await runCli(['compare', 'schema.json', 'sqlite:./app.db'], { cwd: folder });
    expect(result.stdout).toContain('main.author');
    expect(result.stdout).toContain('+ column bio');
  });

  it('writes the SQL from one file to another, naming each rebuild and why', async () => {
    const folder = tempFolder();
    sqliteFileWith('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)', folder, 'a.db');
    sqliteFileWith("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT '')", folder, 'b.db');
    const result = await runCli(['diff', 'sqlite:./a.db', 'sqlite:./b.db'], { cwd: folder });
    expect(result.stdout).toContain(
      '-- hazard table-rewrite: main.t is rebuilt because column v changed (default, notNull)',
    );
    expect(result.stdout).toContain("INSERT INTO schemaguard_new_t (id, v) SELECT id, coalesce(v, '') FROM t;");
    expect(result.stdout).toMatch(/PRAGMA foreign_keys = OFF;[\s\S]*PRAGMA foreign_keys = ON;\n$/);
  });

  it('replays SQL files and migration folders on an in-memory shadow database', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'migrations'));
    const author = 'CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT);\n';
    const book =
      'CREATE TABLE book (id INTEGER PRIMARY KEY, author INTEGER REFERENCES author);\nCREATE TRIGGER b AFTER INSERT ON book BEGIN\n  SELECT 1;\nEND;\n';
    writeFileSync(join(folder, 'migrations', '0001_author.sql'), author);
    writeFileSync(join(folder, 'migrations', '0002_book.sql'), book);
    writeFileSync(join(folder, 'schema.sql'), author + book);
    writeFileSync(
      join(folder, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }),
    );
    sqliteFileWith(author + book, folder, 'app.db');
    for (const ref of ['sql:./schema.sql', 'migrations:./migrations']) {
      const result = await runCli(['compare', ref, 'sqlite:./app.db'], { cwd: folder });
      expect(result.stdout, ref).toContain('No differences.');
      expect(result.code, ref).toBe(0);
    }
    sqliteFileWith('ALTER TABLE author ADD COLUMN born INTEGER', folder, 'app.db');
    const drifted = await runCli(['compare', 'migrations:./migrations', 'sqlite:./app.db'], { cwd: folder });
    expect(drifted.stdout).toContain('+ column born');
  });

  it('with no config file, a SQL file compared with a SQLite file is read as SQLite', async () => {
    const folder = tempFolder();
    // SQLite's trigger syntax (no FUNCTION, BEGIN … END): PostgreSQL would refuse it.
    const sql =
      "CREATE TABLE actor (id INTEGER PRIMARY KEY, seen TIMESTAMP);\nCREATE TRIGGER actor_ai AFTER INSERT ON actor\n BEGIN\n  UPDATE actor SET seen = DATETIME('NOW') WHERE rowid = new.rowid;\n END;\n";
    writeFileSync(join(folder, 'schema.sql'), sql);
    sqliteFileWith(sql, folder, 'app.db');
    const result = await runCli(['compare', 'sql:./schema.sql', 'sqlite:./app.db'], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('No differences.');
    expect(result.code).toBe(0);
  });
});
