import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listVersionedSnapshotFiles } from '../../src/cli/snapshot.js';
import { defaultConfig } from '../../src/config/load.js';
import { openPglite } from '../../src/dialects/postgres/connection.js';
import { readSnapshot } from '../../src/schema/snapshot.js';
import { parseStampedName, writeNewSnapshotFile } from '../../src/schema/stamped.js';
import { loadSchema } from '../../src/sources/load.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { type TestDatabase, createServerDatabase, hasServer, openTestServer } from '../helpers/databases.js';

const INITIAL = `
CREATE TABLE public.resource (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.asset (id integer PRIMARY KEY, title varchar(40), size integer);
CREATE INDEX asset_size_idx ON public.asset (size);
`;
const CHANGE = `
CREATE TABLE public.lesson (id integer PRIMARY KEY);
CREATE TABLE public.course (id integer PRIMARY KEY);
ALTER TABLE public.asset ALTER COLUMN title TYPE text;
DROP INDEX public.asset_size_idx;
`;

/** A project folder whose default `production` environment is an embedded database holding `sql`. */
async function project(sql: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-cli-snapshot-'));
  writeFileSync(
    join(dir, 'schemaguard.config.json'),
    JSON.stringify({
      environments: { production: { url: 'pglite:./prod' } },
      defaultEnvironment: 'production',
    }),
  );
  await exec(dir, sql, true);
  return dir;
}

async function exec(dir: string, sql: string, create = false): Promise<void> {
  const db = await openPglite(`pglite:${join(dir, 'prod')}`, { create });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}

const folderOf = (dir: string, env: string) => join(dir, 'database_schema', 'snapshots', env);
const filesOf = (dir: string, env: string) => readdirSync(folderOf(dir, env)).sort();
const snapshot = (dir: string, ...flags: string[]) => runCli(['snapshot', ...flags], { cwd: dir });

interface Listed {
  environment: string;
  file: string;
  time: string;
  commit: string | null;
  hash: string | null;
  previous: string | null;
  summary: string;
  changes: { objectType: string; action: string; count: number }[] | null;
  error: string | null;
}

describe('schemaguard snapshot on an embedded database', () => {
  let dir: string;
  let firstFile: string;
  let secondFile: string;

  beforeAll(async () => {
    dir = await project(INITIAL);
  });

  it('writes a versioned snapshot that reads back as the live schema, and prints its path and hash', async () => {
    const before = Date.now();
    const result = await snapshot(dir, '--env', 'production');
    expect(result.code, result.stderr).toBe(0);
    const [name] = filesOf(dir, 'production');
    firstFile = join(folderOf(dir, 'production'), name as string);
    // The stamped name: the time of the run (whole seconds) and `nogit` outside a repository.
    const stamped = parseStampedName(basename(firstFile, '.json'));
    expect(stamped?.commit).toBeUndefined();
    expect(basename(firstFile)).toMatch(/_nogit\.json$/);
    expect(stamped?.time.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(stamped?.time.getTime()).toBeLessThanOrEqual(Date.now());

    const written = await readSnapshot(firstFile);
    expect(result.stdout).toBe(`Wrote database_schema/snapshots/production/${name} (${written.hash}).\n`);
    expect(written.meta.source).toBe('pglite:./prod');
    expect(written.meta.serverVersion).toMatch(/^\d+/);
    expect(written.meta.baseline).toBeFalsy();
    expect(written.meta.gitCommit).toBeUndefined();
    const live = await loadSchema(`pglite:${join(dir, 'prod')}`, { config: defaultConfig(dir) });
    expect(written.schema).toEqual(live.schema);
    expect(written.schema.tables.map((t) => t.name).sort()).toEqual(['asset', 'resource']);
  }, 60_000);

  it('lists both snapshots after a change, oldest first, with what changed in one line', async () => {
    await exec(dir, CHANGE);
    // The next snapshot in a later second than the first, so their order is by time alone.
    const firstTime = parseStampedName(basename(firstFile, '.json'))?.time.getTime() ?? 0;
    while (Date.now() < firstTime + 1000) await new Promise((resolve) => setTimeout(resolve, 50));
    // No --env: the default environment.
    const result = await snapshot(dir, '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const written = JSON.parse(result.stdout) as { environment: string; file: string; hash: string };
    expect(written.environment).toBe('production');
    secondFile = join(dir, written.file);
    expect((await readSnapshot(secondFile)).hash).toBe(written.hash);
    expect(filesOf(dir, 'production')).toHaveLength(2);

    const text = await snapshot(dir, '--list', '--env', 'production');
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('production (database_schema/snapshots/production, 2 snapshots):');
    expect(lines[1]).toMatch(/^ {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}nogit {4}[0-9a-f]{12} {2}first snapshot$/);
    expect(lines[2]).toMatch(/ {2}\+2 tables, ~1 column, -1 index$/);
    expect(lines).toHaveLength(3);
    const hashes = lines.slice(1).map((line) => line.split(/\s+/)[5]);
    expect(hashes[0]).toBe((await readSnapshot(firstFile)).hash.slice('sha256:'.length, 'sha256:'.length + 12));
    expect(hashes[1]).toBe(written.hash.slice('sha256:'.length, 'sha256:'.length + 12));
  }, 60_000);

  it('lists as JSON, with every environment when none is named', async () => {
    const other = await runCli(['snapshot', '--db', `pglite:${join(dir, 'prod')}`, '--name', 'copy'], { cwd: dir });
    expect(other.code, other.stderr).toBe(0);
    const result = await snapshot(dir, '--list', '--format', 'json');
    expect(result.code, result.stderr).toBe(0);
    const { snapshots } = JSON.parse(result.stdout) as { snapshots: Listed[] };
    expect(snapshots.map((s) => [s.environment, s.summary])).toEqual([
      ['copy', 'first snapshot'],
      ['production', 'first snapshot'],
      ['production', '+2 tables, ~1 column, -1 index'],
    ]);
    const [, first, second] = snapshots;
    expect(first?.file).toBe(`database_schema/snapshots/production/${basename(firstFile)}`);
    expect(first?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(first?.commit).toBeNull();
    expect(first?.previous).toBeNull();
    expect(first?.changes).toBeNull();
    expect(second?.previous).toBe(first?.file);
    expect(second?.hash).toBe((await readSnapshot(secondFile)).hash);
    expect(second?.error).toBeNull();
    expect(second?.changes).toEqual([
      { objectType: 'table', action: 'add', count: 2 },
      { objectType: 'column', action: 'alter', count: 1 },
      { objectType: 'index', action: 'drop', count: 1 },
    ]);
    // The same database, so the same hash in another folder.
    expect(snapshots[0]?.hash).toBe(second?.hash);
  }, 60_000);

  it('reports a corrupt snapshot on its line, compares across it, and ignores files that are not stamped', async () => {
    const folder = folderOf(dir, 'production');
    // Stamped in the first snapshot's second, after it (-2), by another commit.
    const corruptName = `${basename(firstFile, '.json').replace(/_nogit$/, '')}_abcdef0-2.json`;
    writeFileSync(join(folder, corruptName), readFileSync(secondFile, 'utf8').slice(0, 200));
    writeFileSync(join(folder, 'notes.json'), 'not a snapshot');
    writeFileSync(join(folder, 'README.md'), '# snapshots');
    writeFileSync(join(folder, '20990101T000000Z_nogit.json.tmp'), '{');

    const result = await snapshot(dir, '--list', '--env', 'production');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/first snapshot$/);
    expect(lines[2]).toMatch(/ {2}abcdef0 {2}-{12} {2}unreadable: .*is not a valid snapshot: the JSON is truncated\.$/);
    // Compared with the last readable snapshot before it: the first one.
    expect(lines[3]).toMatch(/\+2 tables, ~1 column, -1 index$/);
    expect(result.stderr).toMatch(/1 snapshot file could not be read/);

    const json = JSON.parse((await snapshot(dir, '--list', '--env', 'production', '--format', 'json')).stdout) as {
      snapshots: Listed[];
    };
    expect(json.snapshots[1]?.hash).toBeNull();
    expect(json.snapshots[1]?.commit).toBe('abcdef0');
    expect(json.snapshots[1]?.error).toMatch(/the JSON is truncated/);
    expect(json.snapshots[2]?.previous).toBe(json.snapshots[0]?.file);
  }, 60_000);

  it('refuses an unknown environment, bad flags and a missing source with one sentence and exit code 2', async () => {
    const unknown = await snapshot(dir, '--env', 'nope');
    expect(isOneSentenceError(unknown), unknown.stderr).toBe(true);
    expect(unknown.stderr).toMatch(/There is no environment "nope".*known: production/);
    const unknownList = await snapshot(dir, '--list', '--env', 'nope');
    expect(isOneSentenceError(unknownList), unknownList.stderr).toBe(true);
    for (const flags of [
      ['--env', 'production', '--format', 'xml'],
      ['--env', 'production', '--name', 'x'],
      ['--db', 'pglite:./prod', '--name', '../escape'],
      ['--db', 'pglite:./prod', '--env', 'production'],
      ['--list', '--db', 'pglite:./prod'],
      ['--list', '--env', 'production', '--name', 'copy'],
      ['--db', 'pglite:./missing'],
      ['--db', 'postgres://app:s3cret@127.0.0.1:1/app', '--connect-timeout', '2'],
      ['--bogus'],
    ]) {
      const result = await snapshot(dir, ...flags);
      expect(isOneSentenceError(result), `${flags.join(' ')}: ${result.stderr}`).toBe(true);
      expect(result.stderr).not.toContain('s3cret');
    }
    const noConfig = await runCli(['snapshot']);
    expect(isOneSentenceError(noConfig), noConfig.stderr).toBe(true);
    expect(noConfig.stderr).toMatch(/--env NAME or --db URL/);
    // Nothing was written by any of them.
    expect(readdirSync(join(dir, 'database_schema', 'snapshots')).sort()).toEqual(['copy', 'production']);
  }, 120_000);

  it('writes nothing when the folder cannot be created', async () => {
    const blocked = await project(INITIAL);
    mkdirSync(join(blocked, 'database_schema'));
    writeFileSync(join(blocked, 'database_schema', 'snapshots'), 'a file where the folder should be');
    const result = await snapshot(blocked, '--env', 'production');
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(
      /Cannot write \S*\/snapshots\/production\/\d{8}T\d{6}Z_nogit\.json: a part of the path is a file/,
    );
    expect(readdirSync(join(blocked, 'database_schema'))).toEqual(['snapshots']);
  }, 60_000);

  it('says so when there is nothing to list', async () => {
    const empty = await project('');
    const result = await snapshot(empty, '--list', '--env', 'production');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/No snapshots in database_schema\/snapshots\/production yet/);
    const json = await snapshot(empty, '--list', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ snapshots: [] });
  }, 60_000);

  it('names the file and records the commit inside a git repository', async () => {
    const repo = await project(INITIAL);
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('add', 'schemaguard.config.json');
    git('commit', '-q', '-m', 'config');
    const sha = git('rev-parse', 'HEAD');
    const result = await snapshot(repo, '--env', 'production');
    expect(result.code, result.stderr).toBe(0);
    const [name] = filesOf(repo, 'production');
    expect(name).toMatch(new RegExp(`^\\d{8}T\\d{6}Z_${sha.slice(0, 7)}\\.json$`));
    expect((await readSnapshot(join(folderOf(repo, 'production'), name as string))).meta.gitCommit).toBe(sha);
    const list = await snapshot(repo, '--list');
    expect(list.stdout).toMatch(new RegExp(` {2}${sha.slice(0, 7)} {2}[0-9a-f]{12} {2}first snapshot\\n$`));
  }, 60_000);
});

describe('two snapshots in the same second', () => {
  it('are both kept: the second gets "-2", and even concurrent writes never overwrite each other', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'sg-snapshot-same-second-')), 'production');
    const stem = '20261121T095012Z_3ec8c96';
    const first = await writeNewSnapshotFile(folder, stem, 'first\n');
    const second = await writeNewSnapshotFile(folder, stem, 'second\n');
    expect([basename(first), basename(second)]).toEqual([`${stem}.json`, `${stem}-2.json`]);
    const texts = Array.from({ length: 9 }, (_, i) => `concurrent ${i}\n`);
    const paths = await Promise.all(texts.map((text) => writeNewSnapshotFile(folder, stem, text)));
    expect(new Set(paths).size).toBe(9);
    // Each file holds exactly what was written to it, and no temporary file is left.
    expect(paths.map((path) => readFileSync(path, 'utf8'))).toEqual(texts);
    expect(readFileSync(first, 'utf8')).toBe('first\n');
    expect(readdirSync(folder)).toHaveLength(11);
    expect(readdirSync(folder).every((name) => /^20261121T095012Z_3ec8c96(-\d+)?\.json$/.test(name))).toBe(true);
    // Listed in the order written: -10 after -9, though it sorts before it as text.
    const listed = await listVersionedSnapshotFiles(folder);
    expect(listed.map((file) => file.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(listed[0]?.commit).toBe('3ec8c96');
  });

  it('are listed one after the other by the CLI, the later one comparing with the earlier', async () => {
    const dir = await project(INITIAL);
    expect((await snapshot(dir, '--env', 'production')).code).toBe(0);
    const [name] = filesOf(dir, 'production');
    const folder = folderOf(dir, 'production');
    const stem = basename(name as string, '.json');
    // The same second again (as a second run within it would be named), with a changed schema.
    await exec(dir, CHANGE);
    const second = await runCli(['snapshot', '--db', `pglite:${join(dir, 'prod')}`, '--name', 'scratch'], {
      cwd: dir,
    });
    expect(second.code, second.stderr).toBe(0);
    const [scratch] = filesOf(dir, 'scratch');
    const text = readFileSync(join(folderOf(dir, 'scratch'), scratch as string), 'utf8');
    const written = await writeNewSnapshotFile(folder, stem, text);
    expect(basename(written)).toBe(`${stem}-2.json`);
    const result = await snapshot(dir, '--list', '--env', 'production');
    const lines = result.stdout.trimEnd().split('\n');
    // Both lines show the same time: the second of the stamped name.
    expect(lines[2]?.slice(0, 25)).toBe(lines[1]?.slice(0, 25));
    expect(lines[1]).toMatch(/first snapshot$/);
    expect(lines[2]).toMatch(/\+2 tables, ~1 column, -1 index$/);
    // A copy of the later file under the first name's -10 still sorts after -2.
    copyFileSync(written, join(folder, `${stem}-10.json`));
    const again = (await snapshot(dir, '--list', '--env', 'production')).stdout.trimEnd().split('\n');
    expect(again.slice(1).map((line) => line.replace(/^.*[0-9a-f]{12} {2}/, ''))).toEqual([
      'first snapshot',
      '+2 tables, ~1 column, -1 index',
      'no change',
    ]);
  }, 60_000);
});

describe.runIf(hasServer())('schemaguard snapshot on the PostgreSQL server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createServerDatabase('sgsnapshot');
    const client = await openTestServer(db.url);
    await client.exec(INITIAL);
    await client.close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('snapshots a server database, records its version, and lists the change made in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-cli-snapshot-server-'));
    writeFileSync(join(dir, 'schemaguard.config.json'), JSON.stringify({ environments: { staging: { url: db.url } } }));
    const first = await snapshot(dir, '--env', 'staging');
    expect(first.code, first.stderr).toBe(0);
    const client = await openTestServer(db.url);
    await client.exec(CHANGE);
    await client.close();
    const second = await snapshot(dir, '--env', 'staging');
    expect(second.code, second.stderr).toBe(0);
    // Oldest first, as the command orders them: `X.json` before `X-2.json` when both fell in one second.
    const [, later] = await listVersionedSnapshotFiles(folderOf(dir, 'staging'));
    const written = await readSnapshot(later?.path ?? '');
    expect(written.meta.serverVersion).toMatch(/^\d+/);
    expect(written.meta.source).toBe(db.url);
    const live = await loadSchema(db.url, { config: defaultConfig(dir) });
    expect(written.schema).toEqual(live.schema);
    const list = await snapshot(dir, '--list', '--env', 'staging');
    expect(
      list.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.replace(/^.*[0-9a-f]{12} {2}/, '')),
    ).toEqual(['first snapshot', '+2 tables, ~1 column, -1 index']);
  }, 60_000);
});
