/** SQLite's equivalence rules, on schemas read from real files built from differently written DDL. */
import { describe, expect, it } from 'vitest';
import { canonicalSql, canonicalSqliteType, typeAffinity } from '../../../src/dialects/sqlite/equivalence.js';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith } from './helpers.js';

describe('SQLite equivalence', () => {
  it('puts SQL, types and affinities in one form', () => {
    expect(canonicalSql('SELECT  "Title" ,x -- note\nFROM [book]  WHERE  price<10;')).toBe(
      'select title, x from book where price < 10',
    );
    expect(canonicalSql("select 'A  b'")).toBe("select 'A  b'");
    expect(canonicalSqliteType('varchar ( 10 )')).toBe('VARCHAR(10)');
    expect(['INT', 'BIGINT', 'VARCHAR(3)', 'CLOB', 'BLOB', '', 'DOUBLE', 'DECIMAL(10,2)'].map(typeAffinity)).toEqual([
      'INTEGER',
      'INTEGER',
      'TEXT',
      'TEXT',
      'BLOB',
      'BLOB',
      'REAL',
      'NUMERIC',
    ]);
  });

  it('finds no difference between spellings of one schema', async () => {
    const a = sqliteFileWith(`
      CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT UNIQUE, born INT DEFAULT (0) CHECK (born>=0));
      CREATE TABLE book (id INTEGER PRIMARY KEY, author INTEGER REFERENCES author(id), title TEXT);
      CREATE INDEX book_title ON book (lower(title)) WHERE title IS NOT NULL;
      CREATE VIEW titles AS SELECT title FROM book WHERE author > 0;
      CREATE TRIGGER stamp AFTER INSERT ON book BEGIN UPDATE book SET title = upper(title) WHERE id = NEW.id; END;`);
    const b = sqliteFileWith(`
      create table "author" (
        "id" integer,            -- the key
        [name] text,
        born int default 0,
        primary key ("id"),
        unique (name),
        check ((born >= 0))
      );
      CREATE TABLE book (id INTEGER PRIMARY KEY, author INTEGER, title TEXT, FOREIGN KEY (author) REFERENCES author);
      CREATE INDEX book_title ON book (LOWER( title )) WHERE (title IS NOT NULL);
      CREATE VIEW titles AS
        SELECT "title"
        FROM book WHERE author>0;
      CREATE TRIGGER stamp AFTER INSERT ON book
      BEGIN
        UPDATE "book"
           SET title = UPPER(title)
         WHERE id = new.id;
      END;`);
    const result = await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`]);
    expect(result.stdout).toContain('No differences.');
    expect(result.code).toBe(0);
  });

  it('compares types of one affinity as one type only with --loose-types', async () => {
    const a = sqliteFileWith('CREATE TABLE t (id INT PRIMARY KEY, n VARCHAR(10), r DOUBLE)');
    const b = sqliteFileWith('CREATE TABLE t (id BIGINT PRIMARY KEY, n TEXT, r REAL)');
    const strict = await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`, '--format', 'json']);
    expect(strict.code).toBe(1);
    const changes = (JSON.parse(strict.stdout) as { differences: { path: string }[] }).differences.map((c) => c.path);
    expect(changes).toEqual(['main.t.id', 'main.t.n', 'main.t.r']);
    const loose = await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`, '--loose-types']);
    expect(loose.stdout).toContain('No differences.');
    expect(loose.code).toBe(0);
  });

  it('tells a named constraint from a generated name, unless --ignore-names', async () => {
    const a = sqliteFileWith('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)');
    const b = sqliteFileWith('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, CONSTRAINT v_unique UNIQUE (v))');
    expect((await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`])).stdout).toContain(
      'constraint t_v_key → v_unique [warning]',
    );
    const ignored = await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`, '--ignore-names']);
    expect(ignored.stdout).toContain('No differences.');
  });

  it("reads a table's own name qualifying its columns (drizzle-kit's spelling) as the bare column", async () => {
    expect(canonicalSql('"Lesson"."position" > 0 AND x.position > 0', 'lesson')).toBe(
      'position > 0 and x.position > 0',
    );
    const a = sqliteFileWith(`
      CREATE TABLE lesson (id INTEGER PRIMARY KEY, position INT, deleted_at TEXT,
        twice INT GENERATED ALWAYS AS (position * 2),
        CONSTRAINT lesson_position_check CHECK ("lesson"."position" > 0));
      CREATE INDEX lesson_live ON lesson (lower(deleted_at)) WHERE "lesson"."deleted_at" IS NULL;`);
    const b = sqliteFileWith(`
      CREATE TABLE lesson (id INTEGER PRIMARY KEY, position INT, deleted_at TEXT,
        twice INT GENERATED ALWAYS AS (position * 2),
        CONSTRAINT lesson_position_check CHECK (position > 0));
      CREATE INDEX lesson_live ON lesson (lower(deleted_at)) WHERE deleted_at IS NULL;`);
    const same = await runCli(['compare', `sqlite:${a}`, `sqlite:${b}`, '--strict']);
    expect(same.stdout).toContain('No differences.');
    expect(same.code).toBe(0);
    const c = sqliteFileWith(`
      CREATE TABLE lesson (id INTEGER PRIMARY KEY, position INT, deleted_at TEXT,
        twice INT GENERATED ALWAYS AS (position * 3),
        CONSTRAINT lesson_position_check CHECK (position >= 0));
      CREATE INDEX lesson_live ON lesson (lower(deleted_at)) WHERE deleted_at IS NOT NULL;`);
    const changed = await runCli(['compare', `sqlite:${a}`, `sqlite:${c}`, '--strict']);
    expect(changed.stdout).toContain('expression: "lesson"."position" > 0 → position >= 0');
    expect(changed.stdout).toContain('where: "lesson"."deleted_at" IS NULL → deleted_at IS NOT NULL');
    expect(changed.code).toBe(1);
  });
});
