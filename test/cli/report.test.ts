import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedFolder } from '../helpers/databases.js';
import { sqlite } from '../helpers/sqlite-databases.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

const workdir = mkdtempSync(join(tmpdir(), 'sg-cli-report-'));
const pgDir = join(workdir, 'pg');
const before = join(workdir, 'before.sqlite');
const after = join(workdir, 'after.sqlite');

const PG_SQL = `
CREATE SCHEMA content;
COMMENT ON SCHEMA content IS 'Lessons & <media>';
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE TABLE public.resource (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE);
COMMENT ON TABLE public.resource IS 'A "resource" <script>alert(1)</script>';
CREATE TABLE public."a<b&c" (id integer PRIMARY KEY, resource_id bigint REFERENCES public.resource (id), "q""x" text);
CREATE INDEX a_resource ON public."a<b&c" (resource_id);
CREATE TABLE content.lesson (id integer PRIMARY KEY, mood public.mood);
CREATE VIEW public.resource_names AS SELECT name FROM public.resource;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER lesson_touch BEFORE UPDATE ON content.lesson FOR EACH ROW EXECUTE FUNCTION public.touch();
`;

const SQLITE_BEFORE = [
  'CREATE TABLE kept (id integer PRIMARY KEY, name text)',
  'CREATE TABLE altered (id integer PRIMARY KEY, kept_id integer REFERENCES kept (id))',
  'CREATE TABLE gone (id integer PRIMARY KEY, label text NOT NULL)',
];
const SQLITE_AFTER = [
  'CREATE TABLE kept (id integer PRIMARY KEY, name text)',
  'CREATE TABLE altered (id integer PRIMARY KEY, kept_id integer REFERENCES kept (id), note text)',
  'CREATE TABLE fresh (id integer PRIMARY KEY, at text, flag integer)',
];

async function sqliteFile(path: string, statements: readonly string[]): Promise<void> {
  const db = await sqlite.connect(`sqlite:${path}`, { create: true });
  for (const statement of statements) await db.exec(statement);
  await db.close();
}

beforeAll(async () => {
  const db = await openEmbeddedFolder(pgDir);
  await db.exec(PG_SQL);
  await db.close();
  await sqliteFile(before, SQLITE_BEFORE);
  await sqliteFile(after, SQLITE_AFTER);
});

/** The node classes of the diagram's SVG: `t3 added`, … */
function nodeClasses(html: string): string[] {
  return [...html.matchAll(/<g id="node\d+" class="node ([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('schemaguard report', () => {
  it('writes one page of a PGlite schema, every name escaped, fetching nothing', async () => {
    const out = join(workdir, 'pg.html');
    const result = await runCli(['report', `pglite:${pgDir}`, '-o', out]);
    expect(result.stderr).toContain('Wrote');
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Every kind of object, with deep links.
    expect(html).toContain('id="table-public.resource"');
    expect(html).toContain('id="table-content.lesson"');
    expect(html).toContain('id="view-public.resource_names"');
    expect(html).toContain('id="type-public.mood"');
    expect(html).toContain('id="function-public.touch()"');
    expect(html).toContain('lesson_touch');
    expect(html).toContain('<code>a_resource</code>');
    expect(html).toContain('Lessons &amp; &lt;media&gt;');
    // Escaped names and comments: no markup comes from the schema.
    expect(html).toContain('public.a&lt;b&amp;c');
    expect(html).toContain('q&quot;x');
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<script>/g)).toHaveLength(1);
    // Nothing the page would fetch: no URL at all, no external resource.
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\ssrc=|<link\b/);
    // And a policy that lets the page load nothing, its one script allowed by its hash.
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'sha256-/,
    );
    // The diagram, laid out into SVG: a node per table, classed by its place in the browser.
    expect(html).toContain('<svg');
    expect(nodeClasses(html).sort()).toEqual(['t0', 't1', 't2']);
  });

  it('--against colours exactly the changed tables, lists the differences and the SQL plan (SQLite)', async () => {
    const out = join(workdir, 'change.html');
    const result = await runCli(['report', `sqlite:${after}`, '--against', `sqlite:${before}`, '-o', out]);
    expect(result.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const marked = nodeClasses(html)
      .map((c) => c.split(' ').slice(1).join(' '))
      .filter(Boolean)
      .sort();
    expect(marked).toEqual(['added', 'altered', 'dropped']);
    expect(html).toMatch(/class="node t\d+ added"[\s\S]*?<title>/);
    expect(html).toMatch(/<section class="obj table added" id="table-main.fresh"/);
    expect(html).toMatch(/<section class="obj table altered" id="table-main.altered"/);
    expect(html).toMatch(/<section class="obj table" id="table-main.kept"/);
    expect(html).toContain(
      '<span class="sev breaking">breaking</span></td><td>drop table</td><td><code>main.gone</code>',
    );
    expect(html).toContain('data-loss');
    expect(html).toContain('-- hazard data-loss: dropping main.gone loses its rows');
    expect(html).toContain('ALTER TABLE altered ADD COLUMN note TEXT;');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('writes to stdout without -o', async () => {
    const result = await runCli(['report', `sqlite:${before}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('id="table-main.gone"');
  });

  it('bad input: one sentence, exit 2, nothing written', async () => {
    const out = join(workdir, 'never.html');
    const missing = await runCli(['report', join(workdir, 'nope.json'), '-o', out]);
    expect(isOneSentenceError(missing), missing.stderr).toBe(true);
    const against = await runCli(['report', `sqlite:${before}`, '--against', join(workdir, 'nope.json'), '-o', out]);
    expect(isOneSentenceError(against), against.stderr).toBe(true);
    const engines = await runCli(['report', `sqlite:${before}`, '--against', `pglite:${pgDir}`, '-o', out]);
    expect(isOneSentenceError(engines), engines.stderr).toBe(true);
    expect(existsSync(out)).toBe(false);
  });
});
