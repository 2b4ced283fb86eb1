/** dump --format mermaid|dot and compare --format markdown's diagram, on real SQLite files (in-process CLI). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../../helpers/cli.js';
import { sqliteFileWith, tempFolder } from './helpers.js';
import { mermaidProblems } from '../../diagram/mermaid-grammar.js';

const SCHEMA = `
CREATE TABLE author (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES author (id), title TEXT);
CREATE TABLE "book cover" (book_id INTEGER PRIMARY KEY REFERENCES book (id), image BLOB);
CREATE TABLE review (book_id INTEGER NOT NULL REFERENCES book (id), n INTEGER NOT NULL, reviewer INTEGER REFERENCES author (id),
  PRIMARY KEY (book_id, n));
CREATE TABLE setting (key TEXT, value TEXT);
`;

describe('diagrams of a SQLite file', () => {
  it('dump --format mermaid writes the erDiagram alone', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder);
    const result = await runCli(['dump', 'sqlite:./app.db', '--format', 'mermaid'], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(mermaidProblems(result.stdout)).toEqual([]);
    expect(result.stdout).toBe(`erDiagram
  "main.author" {
    INTEGER id PK
    TEXT email UK
  }
  "main.book" {
    INTEGER id PK
    INTEGER author_id FK
  }
  "main.book cover" {
    INTEGER book_id PK, FK
  }
  "main.review" {
    INTEGER book_id PK, FK
    INTEGER n PK
    INTEGER reviewer FK
  }
  "main.setting"
  "main.author" ||..o{ "main.book" : "author_id"
  "main.book" ||--o| "main.book cover" : "book_id"
  "main.author" |o..o{ "main.review" : "reviewer"
  "main.book" ||--o{ "main.review" : "book_id"
`);
  });

  it('dump --format dot writes a digraph to a file, the same on every run', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder);
    const first = await runCli(['dump', 'sqlite:./app.db', '--format', 'dot', '-o', 'schema.dot'], { cwd: folder });
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('Wrote schema.dot: 5 tables');
    const again = await runCli(['dump', 'sqlite:./app.db', '--format', 'dot'], { cwd: folder });
    expect(readFileSync(join(folder, 'schema.dot'), 'utf8')).toBe(again.stdout);
    expect(again.stdout).toMatch(/^digraph schema \{\n/);
    expect(again.stdout.match(/subgraph cluster_\d+ \{/g)).toEqual(['subgraph cluster_0 {']);
    expect(again.stdout).toContain('label="main";');
    expect(again.stdout.match(/ -> /g)).toHaveLength(4);
  });

  it('refuses a diagram with --baseline or rows, in one sentence', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder);
    const baseline = await runCli(['dump', 'sqlite:./app.db', '--format', 'mermaid', '--baseline'], { cwd: folder });
    expect(baseline.code).toBe(2);
    expect(isOneSentenceError(baseline)).toBe(true);
    expect(baseline.stderr).toContain('--baseline writes a JSON snapshot: leave out --format mermaid.');
    const rows = await runCli(['dump', 'sqlite:./app.db', '--format', 'dot', '--include-data'], { cwd: folder });
    expect(rows.code).toBe(2);
    expect(isOneSentenceError(rows)).toBe(true);
    expect(rows.stdout).toBe('');
  });

  it('compare --format markdown draws the changed tables and their neighbours', async () => {
    const folder = tempFolder();
    sqliteFileWith(SCHEMA, folder, 'before.db');
    sqliteFileWith(
      `${SCHEMA}\nDROP TABLE "book cover";\nALTER TABLE author ADD COLUMN born INTEGER;\nCREATE TABLE shelf (id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES book (id));`,
      folder,
      'after.db',
    );
    const result = await runCli(['compare', 'sqlite:./before.db', 'sqlite:./after.db', '--format', 'markdown'], {
      cwd: folder,
    });
    const markdown = result.stdout;
    expect(markdown).toContain('```mermaid\nerDiagram\n');
    const fenced = /```mermaid\n([^`]*)```/.exec(markdown)?.[1] ?? '';
    expect(mermaidProblems(fenced)).toEqual([]);
    expect(markdown).toContain('  "main.author (changed)" {\n');
    expect(markdown).toContain('  "main.book cover (missing)" {\n');
    expect(markdown).toContain('  "main.shelf (extra)" {\n');
    // book and review are neighbours of the changed tables; setting is not.
    expect(markdown).toContain('  "main.book" {\n');
    expect(markdown).toContain('  "main.review" {\n');
    expect(markdown).not.toContain('main.setting');
    expect(markdown.indexOf('```mermaid')).toBeLessThan(markdown.indexOf('| | Severity |'));
    // Nothing changed, nothing drawn.
    const same = await runCli(['compare', 'sqlite:./before.db', 'sqlite:./before.db', '--format', 'markdown'], {
      cwd: folder,
    });
    expect(same.stdout).not.toContain('mermaid');
  });
});
