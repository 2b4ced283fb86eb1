import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSequenceParser } from '../../src/workflows/log.js';
import type { ColumnDef, ConstraintDef, IndexDef, TableDef } from '../../src/schema/model.js';
import { emptySchema } from '../../src/schema/model.js';
import { createSnapshot, parseSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { isOneSentenceError, runCli, runCliProcess } from '../helpers/cli.js';

const BASELINE = 'database_schema/baseline_schema.json';

const column = (name: string, type: string, notNull = false): ColumnDef => ({
  name,
  type,
  ...(notNull && { notNull }),
});
const primaryKey = (table: string): ConstraintDef => ({ type: 'primary key', name: `${table}_pkey`, columns: ['id'] });

function table(name: string, columns: ColumnDef[], extra: Partial<TableDef> = {}): TableDef {
  return { schema: 'public', name, columns: [column('id', 'integer', true), ...columns], ...extra };
}

/** Snapshot file text of these tables, as `dump --baseline` writes it. */
function snapshotText(tables: TableDef[]): string {
  return serializeSnapshot(createSnapshot('postgres', { ...emptySchema(), tables }, { baseline: true }));
}

const resource = table('resource', [column('name', 'text', true)], { constraints: [primaryKey('resource')] });
const sizeIndex: IndexDef = { name: 'asset_size_idx', method: 'btree', keys: [{ column: 'size' }] };
const asset = (title: string, indexes: IndexDef[], extra: ColumnDef[] = [], constraints: ConstraintDef[] = []) =>
  table('asset', [column('title', title), column('size', 'integer'), ...extra], {
    constraints: [primaryKey('asset'), ...constraints],
    indexes,
  });
const assetResourceKey: ConstraintDef = {
  type: 'foreign key',
  name: 'asset_resource_id_fkey',
  columns: ['resource_id'],
  references: { schema: 'public', table: 'resource', columns: ['id'] },
};
const lesson = table('lesson', [column('topic', 'text')], { constraints: [primaryKey('lesson')] });

const V1 = snapshotText([resource, asset('character varying(40)', [sizeIndex])]);
const V3 = snapshotText([resource, asset('text', [sizeIndex])]);
const V4 = snapshotText([resource, asset('text', [])]);
const V6 = snapshotText([resource, asset('text', [], [column('resource_id', 'integer')], [assetResourceKey]), lesson]);
const REPORT = snapshotText([table('report', [])]);
const REPORT_TITLED = snapshotText([table('report', [column('title', 'text')])]);

/** The test repository: a real git repository in a temporary folder, commits at fixed dates by fixed authors. */
function createRepository(): { dir: string; git: (...args: string[]) => string; commit: Commit } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-cli-log-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('config', 'user.name', 'Test User');
  git('config', 'user.email', 'test@example.com');
  git('config', 'commit.gpgsign', 'false');
  const commit: Commit = (date, author, subject, files) => {
    for (const [path, content] of Object.entries(files)) {
      const file = join(dir, path);
      if (content === undefined) rmSync(file);
      else {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, content);
      }
    }
    git('add', '-A');
    const [name = '', email = ''] = author.split(/ <|>/);
    const when = `${date}T10:00:00+00:00`;
    execFileSync('git', ['commit', '-q', '-m', subject], {
      cwd: dir,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_AUTHOR_DATE: when,
        GIT_COMMITTER_DATE: when,
      },
    });
    return git('rev-parse', '--short', 'HEAD');
  };
  return { dir, git, commit };
}
type Commit = (date: string, author: string, subject: string, files: Record<string, string | undefined>) => string;

const ALICE = 'Alice Martin <alice@example.com>';
const BOB = 'Bob Chen <bob@example.com>';
const CAROL = 'Carol Diaz <carol@example.com>';
const DAN = 'Dan Brown <dan@example.com>';
const ERIN = 'Erin Ng <erin@example.com>';

describe('schemaguard log', () => {
  const repo = createRepository();
  const c: Record<string, string> = {};
  const log = (...args: string[]) => runCli(['log', ...args], { cwd: repo.dir });

  beforeAll(() => {
    c.tables = repo.commit('2026-11-10', ALICE, 'add resource and asset', { [BASELINE]: V1 });
    c.notes = repo.commit('2026-11-11', BOB, 'update notes', { 'README.md': 'notes\n' });
    c.widen = repo.commit('2026-11-12', BOB, 'widen asset title', { [BASELINE]: V3 });
    c.dropIndex = repo.commit('2026-11-13', CAROL, 'drop asset size index', { [BASELINE]: V4 });
    c.corrupt = repo.commit('2026-11-14', DAN, 'half-written baseline', { [BASELINE]: V4.slice(0, 200) });
    c.link = repo.commit('2026-11-15', ALICE, 'add lesson and link asset to resource', { [BASELINE]: V6 });
    c.report = repo.commit('2026-11-16', ERIN, 'add reporting snapshot', { 'reports/old.json': REPORT });
    c.rename = repo.commit('2026-11-17', ERIN, 'rename reporting snapshot', {
      'reports/old.json': undefined,
      'reports/schema.json': REPORT,
    });
    c.title = repo.commit('2026-11-18', ERIN, 'add report title', { 'reports/schema.json': REPORT_TITLED });
  });

  afterAll(() => rmSync(repo.dir, { recursive: true, force: true }));

  const lines = (stdout: string) => stdout.split('\n').filter(Boolean);
  const line = (commit: string | undefined, date: string, author: string, subject: string, summary: string) =>
    `${commit}  ${date}  ${author.split(' <')[0]}  ${subject}  ${summary}`;
  const linkLine = (summary: string) =>
    line(
      c.link,
      '2026-11-15',
      ALICE,
      'add lesson and link asset to resource',
      `${summary} (compared with ${c.dropIndex}, the last readable version)`,
    );
  const corruptLine = () =>
    line(
      c.corrupt,
      '2026-11-14',
      DAN,
      'half-written baseline',
      `unreadable: ${BASELINE} is not a valid snapshot: the JSON is truncated`,
    );

  it('lists the commits that changed the baseline, newest first, with what each changed', async () => {
    const result = await log();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toEqual([
      linkLine('+1 table, +1 column, +1 constraint'),
      corruptLine(),
      line(c.dropIndex, '2026-11-13', CAROL, 'drop asset size index', '-1 index'),
      line(c.widen, '2026-11-12', BOB, 'widen asset title', '~1 column'),
      line(c.tables, '2026-11-10', ALICE, 'add resource and asset', '+2 tables'),
    ]);
  });

  it('keeps only the commits that changed a table with --table, named with or without its schema', async () => {
    const asset = await log('--table', 'asset');
    expect(asset.code, asset.stderr).toBe(0);
    expect(lines(asset.stdout)).toEqual([
      linkLine('+1 column, +1 constraint'),
      line(c.dropIndex, '2026-11-13', CAROL, 'drop asset size index', '-1 index'),
      line(c.widen, '2026-11-12', BOB, 'widen asset title', '~1 column'),
      line(c.tables, '2026-11-10', ALICE, 'add resource and asset', '+1 table'),
    ]);
    expect(asset.stderr).toBe(
      '1 commit whose version could not be read or compared is left out: run without --table to see it.\n',
    );
    const lessonTable = await log('--table', 'public.lesson');
    expect(lines(lessonTable.stdout)).toEqual([linkLine('+1 table')]);
    expect((await log('--table', 'other.lesson')).stdout).toBe('');
    const resourceTable = await log('--table', 'resource');
    expect(lines(resourceTable.stdout)).toEqual([
      line(c.tables, '2026-11-10', ALICE, 'add resource and asset', '+1 table'),
    ]);
  });

  it('says so on stderr when no commit changed the table', async () => {
    const result = await log('--table', 'nothing');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`No commit of ${BASELINE} changed the table nothing.\n`);
  });

  it('shows the full difference of each commit with --patch', async () => {
    const result = await log('--patch', '--table', 'asset', '--max-count', '3');
    expect(result.code, result.stderr).toBe(0);
    const ref = (revision: string) => `git:${revision}:${BASELINE}`;
    expect(result.stdout).toBe(
      [
        linkLine('+1 column, +1 constraint'),
        '',
        `    Comparing ${ref(c.dropIndex ?? '')} with ${ref(c.link ?? '')}`,
        '',
        '    public.asset',
        '      + column resource_id [warning]',
        '      + constraint asset_resource_id_fkey [warning]',
        '          hazards: may-fail, long-lock',
        '',
        '    0 breaking, 2 warnings, 0 info',
        '',
        line(c.dropIndex, '2026-11-13', CAROL, 'drop asset size index', '-1 index'),
        '',
        `    Comparing ${ref(`${c.dropIndex}^`)} with ${ref(c.dropIndex ?? '')}`,
        '',
        '    public.asset',
        '      - index asset_size_idx [warning]',
        '',
        '    0 breaking, 1 warning, 0 info',
        '',
        line(c.widen, '2026-11-12', BOB, 'widen asset title', '~1 column'),
        '',
        `    Comparing ${ref(`${c.widen}^`)} with ${ref(c.widen ?? '')}`,
        '',
        '    public.asset',
        '      ~ column title  type: character varying(40) → text [breaking]',
        '',
        '    1 breaking, 0 warnings, 0 info',
        '',
        '',
      ].join('\n'),
    );
  });

  it('gives refs that compare reads, for the details of a commit', async () => {
    const result = await runCli(
      ['compare', `git:${c.widen}^:${BASELINE}`, `git:${c.widen}:${BASELINE}`, '--format', 'json'],
      { cwd: repo.dir },
    );
    expect(result.code, result.stderr).toBe(1); // a breaking difference
    const report = JSON.parse(result.stdout) as { differences: { path: string }[] };
    expect(report.differences.map((d) => d.path)).toEqual(['public.asset.title']);
  });

  it('stops after --max-count commits, still comparing past an unreadable version', async () => {
    const one = await log('--max-count', '1');
    expect(lines(one.stdout)).toEqual([linkLine('+1 table, +1 column, +1 constraint')]);
    const three = await log('-n', '3');
    expect(lines(three.stdout)).toHaveLength(3);
    expect(lines(three.stdout)[2]).toContain('drop asset size index');
  });

  it('reads --file relative to the working directory, following renames', async () => {
    const result = await runCli(['log', '--file', 'schema.json'], { cwd: join(repo.dir, 'reports') });
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stdout)).toEqual([
      line(c.title, '2026-11-18', ERIN, 'add report title', '+1 column'),
      line(c.rename, '2026-11-17', ERIN, 'rename reporting snapshot', 'renamed from old.json: no change'),
      line(c.report, '2026-11-16', ERIN, 'add reporting snapshot', '+1 table'),
    ]);
    const fromRoot = await log('--file', 'reports/schema.json', '--max-count', '1', '--patch');
    expect(fromRoot.stdout).toContain(
      `Comparing git:${c.title}^:reports/schema.json with git:${c.title}:reports/schema.json`,
    );
  });

  it('reports a deleted file, and the versions after it', async () => {
    const branch = createRepository();
    try {
      const added = branch.commit('2026-11-01', ALICE, 'add', { [BASELINE]: V1 });
      const removed = branch.commit('2026-11-02', BOB, 'remove', { [BASELINE]: undefined });
      const back = branch.commit('2026-11-03', CAROL, 'bring back', { [BASELINE]: V3 });
      const result = await runCli(['log'], { cwd: branch.dir });
      expect(lines(result.stdout)).toEqual([
        line(back, '2026-11-03', CAROL, 'bring back', '+2 tables'),
        line(removed, '2026-11-02', BOB, 'remove', 'file deleted: -2 tables'),
        line(added, '2026-11-01', ALICE, 'add', '+2 tables'),
      ]);
    } finally {
      rmSync(branch.dir, { recursive: true, force: true });
    }
  });

  it('compares with no file when every earlier version is unreadable, and not across dialects', async () => {
    const branch = createRepository();
    try {
      const broken = branch.commit('2026-11-01', ALICE, 'broken from the start', { [BASELINE]: '{' });
      const fixed = branch.commit('2026-11-02', BOB, 'fix', { [BASELINE]: V1 });
      const other = branch.commit('2026-11-03', CAROL, 'other engine', {
        [BASELINE]: V1.replace('"dialect": "postgres"', '"dialect": "mysql"'),
      });
      const result = await runCli(['log'], { cwd: branch.dir });
      expect(result.code, result.stderr).toBe(0);
      expect(lines(result.stdout)).toEqual([
        line(
          other,
          '2026-11-03',
          CAROL,
          'other engine',
          "not compared: its dialect mysql differs from the previous version's (postgres)",
        ),
        line(fixed, '2026-11-02', BOB, 'fix', '+2 tables (compared with no file: every earlier version is unreadable)'),
        line(
          broken,
          '2026-11-01',
          ALICE,
          'broken from the start',
          `unreadable: ${BASELINE} is not a valid snapshot: the JSON is truncated`,
        ),
      ]);
    } finally {
      rmSync(branch.dir, { recursive: true, force: true });
    }
  });

  it('writes a stable JSON document with --format json', async () => {
    const result = await log('--format', 'json', '--max-count', '2');
    expect(result.code, result.stderr).toBe(0);
    const full = (short: string | undefined) => repo.git('rev-parse', short ?? '');
    expect(JSON.parse(result.stdout)).toEqual({
      file: BASELINE,
      table: null,
      commits: [
        {
          commit: full(c.link),
          shortCommit: c.link,
          date: '2026-11-15T10:00:00+00:00',
          author: 'Alice Martin',
          email: 'alice@example.com',
          subject: 'add lesson and link asset to resource',
          file: BASELINE,
          previousFile: BASELINE,
          status: 'modified',
          from: `git:${c.dropIndex}:${BASELINE}`,
          to: `git:${c.link}:${BASELINE}`,
          summary: `+1 table, +1 column, +1 constraint (compared with ${c.dropIndex}, the last readable version)`,
          changes: [
            { objectType: 'table', action: 'add', count: 1 },
            { objectType: 'column', action: 'add', count: 1 },
            { objectType: 'constraint', action: 'add', count: 1 },
          ],
          error: null,
        },
        {
          commit: full(c.corrupt),
          shortCommit: c.corrupt,
          date: '2026-11-14T10:00:00+00:00',
          author: 'Dan Brown',
          email: 'dan@example.com',
          subject: 'half-written baseline',
          file: BASELINE,
          previousFile: BASELINE,
          status: 'unreadable',
          from: null,
          to: null,
          summary: `unreadable: ${BASELINE} is not a valid snapshot: the JSON is truncated`,
          changes: null,
          error: `${BASELINE} is not a valid snapshot: the JSON is truncated`,
        },
      ],
    });
    const patched = await log('--format', 'json', '--table', 'public.asset', '--patch');
    const document = JSON.parse(patched.stdout) as {
      table: string;
      commits: { subject: string; status: string; differences: { path: string; action: string }[] }[];
    };
    expect(document.table).toBe('public.asset');
    expect(
      document.commits.map((e) => [e.subject, e.status, e.differences.map((d) => `${d.action} ${d.path}`)]),
    ).toEqual([
      [
        'add lesson and link asset to resource',
        'modified',
        ['add public.asset.resource_id', 'add public.asset.asset_resource_id_fkey'],
      ],
      ['drop asset size index', 'modified', ['drop public.asset.asset_size_idx']],
      ['widen asset title', 'modified', ['alter public.asset.title']],
      ['add resource and asset', 'added', ['add public.asset']],
    ]);
  });

  it('starts one git cat-file process for all the versions, and a handful of git processes in all', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'sg-cli-log-bin-'));
    const record = join(bin, 'commands.txt');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${record}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    try {
      // A real process: the git it runs is found on the PATH of the process.
      const result = await runCliProcess(['log'], {
        cwd: repo.dir,
        env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
      });
      expect(result.code, result.stderr).toBe(0);
      const commands = readFileSync(record, 'utf8').split('\n').filter(Boolean);
      expect(commands.filter((command) => command.startsWith('cat-file'))).toEqual(['cat-file --batch']);
      expect(commands.length).toBeLessThanOrEqual(6);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('runs the examples of its help as written', async () => {
    const help = await log('--help');
    expect(help.code).toBe(0);
    const examples = [...help.stdout.matchAll(/^\s+\$ schemaguard (.+)$/gm)].map((m) => (m[1] ?? '').split(' '));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const args of examples) {
      const result = await runCli(args, { cwd: repo.dir });
      expect(result.code, `schemaguard ${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout).not.toBe('');
    }
  });

  describe('fails with one sentence and exit code 2', () => {
    it('outside a git repository', async () => {
      const outside = mkdtempSync(join(tmpdir(), 'sg-cli-log-none-'));
      try {
        const result = await runCli(['log'], { cwd: outside });
        expect(isOneSentenceError(result), result.stderr).toBe(true);
        expect(result.stderr).toContain(`Cannot read the history of ${BASELINE}:`);
        expect(result.stderr).toContain('is not inside a git repository.');
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('for a file never committed, and in a repository without commits', async () => {
      const result = await log('--file', 'nope.json');
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toBe(
        "schemaguard: nope.json was never committed (no commit of HEAD's history changed it): commit it first, or name another file with --file PATH.\n",
      );
      const empty = createRepository();
      try {
        const unborn = await runCli(['log'], { cwd: empty.dir });
        expect(isOneSentenceError(unborn), unborn.stderr).toBe(true);
        expect(unborn.stderr).toContain(`${BASELINE} was never committed`);
      } finally {
        rmSync(empty.dir, { recursive: true, force: true });
      }
    });

    it('for bad flags and values', async () => {
      for (const args of [
        ['--bogus'],
        ['--max-count', '0'],
        ['--max-count', 'ten'],
        ['--format', 'xml'],
        ['--table', ''],
        ['--file', 'database_schema'],
      ]) {
        const result = await log(...args);
        expect(isOneSentenceError(result), `${args.join(' ')}: ${result.stderr}`).toBe(true);
      }
      expect((await log('--max-count', '0')).stderr).toContain('--max-count takes a whole number above 0, not "0".');
      expect((await log('--file', 'database_schema')).stderr).toContain(
        'database_schema is a folder: --file takes a snapshot file.',
      );
    });
  });
});

describe('SnapshotSequenceParser', () => {
  const versions = [
    V6,
    V4,
    V3,
    V1,
    // Objects added before others, and lists out of order: matched by name, sorted as parseSnapshot sorts.
    snapshotText([lesson, resource, asset('text', [])]).replace('"name": "lesson"', '"name": "aardvark"'),
    JSON.stringify({
      ...JSON.parse(V1),
      schema: { ...JSON.parse(V1).schema, tables: [...JSON.parse(V1).schema.tables].reverse() },
    }),
    V1,
  ];

  it('parses each version as parseSnapshot does', async () => {
    const parser = new SnapshotSequenceParser();
    for (const text of versions) {
      expect(await parser.parse(text, 'v.json')).toEqual(await parseSnapshot(text, 'v.json', { recomputeHash: false }));
    }
  });

  it("reuses the previous version's objects that did not change", async () => {
    const parser = new SnapshotSequenceParser();
    const v4 = await parser.parse(V4, 'v.json');
    const v3 = await parser.parse(V3, 'v.json');
    const tableNamed = (tables: readonly TableDef[], name: string) => tables.find((t) => t.name === name);
    expect(tableNamed(v3.schema.tables, 'resource')).toBe(tableNamed(v4.schema.tables, 'resource'));
    expect(tableNamed(v3.schema.tables, 'asset')).not.toBe(tableNamed(v4.schema.tables, 'asset'));
  });

  it('reports a bad version with the error of parseSnapshot, and goes on from the last good one', async () => {
    const parser = new SnapshotSequenceParser();
    await parser.parse(V4, 'v.json');
    const badType = V3.replace('"type": "text"', '"type": 42');
    const expected = await parseSnapshot(badType, 'v.json').catch((error: Error) => error.message);
    await expect(parser.parse(badType, 'v.json')).rejects.toThrow(expected as string);
    await expect(parser.parse('{"formatVersion": 99}', 'v.json')).rejects.toThrow(/upgrade schemaguard/);
    expect(await parser.parse(V3, 'v.json')).toEqual(await parseSnapshot(V3, 'v.json', { recomputeHash: false }));
  });
});
