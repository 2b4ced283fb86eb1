import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Schema, TableDef } from '../../src/schema/model.js';
import { emptySchema } from '../../src/schema/model.js';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { openEmbeddedFolder, postgres } from '../helpers/databases.js';

const dir = mkdtempSync(join(tmpdir(), 'sg-compare-'));

const asset: TableDef = {
  schema: 'public',
  name: 'asset',
  columns: [
    { name: 'id', type: 'integer', notNull: true },
    { name: 'resource_id', type: 'integer', notNull: true },
    { name: 'title', type: 'text' },
  ],
  constraints: [{ name: 'asset_pkey', type: 'primary key', columns: ['id'] }],
  indexes: [{ name: 'asset_title_idx', method: 'btree', keys: [{ column: 'title' }] }],
  comment: 'assets',
};

function file(name: string, tables: readonly TableDef[]): string {
  const schema: Schema = { ...emptySchema(), schemas: [{ name: 'public' }], tables };
  const path = join(dir, name);
  writeFileSync(path, serializeSnapshot(createSnapshot('postgres', schema, {})));
  return path;
}

const baseline = file('baseline.json', [asset]);
const identical = file('identical.json', [asset]);
const onlyWarnings = file('warnings.json', [
  { ...asset, indexes: [] },
  { schema: 'public', name: 'extra', columns: [] },
]);
const onlyInfo = file('info.json', [{ ...asset, comment: 'assets of a course' }]);
const breaking = file('breaking.json', [
  {
    ...asset,
    columns: [
      asset.columns[0],
      { name: 'publishing_organization_id', type: 'integer', notNull: true },
      asset.columns[2],
    ],
  } as TableDef,
]);

describe('schemaguard compare', () => {
  it('exits 0 for identical schemas and says there are no differences', async () => {
    const result = await runCli(['compare', baseline, identical]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/No differences\./);
  });

  it('exits 0 when there are only warnings, and 1 for them with --strict', async () => {
    const plain = await runCli(['compare', '--baseline', baseline, '--current', onlyWarnings]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/0 breaking, 2 warnings, 0 info/);
    expect((await runCli(['compare', baseline, onlyWarnings, '--strict'])).code).toBe(1);
    expect((await runCli(['compare', baseline, onlyInfo, '--strict'])).code).toBe(1);
    expect((await runCli(['compare', baseline, onlyInfo, '--strict', '--ignore-comments'])).code).toBe(0);
  });

  it('exits 1 on a breaking difference and names the missing column with its rename hint', async () => {
    const result = await runCli(['compare', baseline, breaking]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/public\.asset/);
    expect(result.stdout).toMatch(/- column resource_id/);
    expect(result.stdout).toMatch(/\+ column publishing_organization_id/);
    expect(result.stdout).toMatch(/possible rename of public\.asset\.resource_id to publishing_organization_id/);
    expect(result.stdout).toMatch(/1 breaking, 1 warning, 0 info/);
  });

  it('writes JSON, markdown, GitHub annotations and SQL', async () => {
    const json = JSON.parse((await runCli(['compare', baseline, breaking, '--format', 'json'])).stdout);
    expect(json.summary).toEqual({ breaking: 1, warning: 1, info: 0, total: 2 });
    expect(json.differences.map((d: { action: string; path: string }) => `${d.action} ${d.path}`).sort()).toEqual([
      'add public.asset.publishing_organization_id',
      'drop public.asset.resource_id',
    ]);
    const markdown = (await runCli(['compare', baseline, breaking, '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/### Schema differences/);
    // A table changed: its diagram (with its foreign-key neighbours) comes before the list of differences.
    expect(markdown).toMatch(/```mermaid\nerDiagram\n[^`]*"public\.asset \(changed\)"[^`]*```\n[^]*\| \| Severity \|/);
    const github = (await runCli(['compare', baseline, breaking, '--format', 'github'])).stdout;
    expect(github).toMatch(/^::error title=.*resource_id/m);
    expect(github).toMatch(/^::warning title=.*publishing_organization_id/m);
    // The SQL brings the current schema back to the baseline.
    const sql = (await runCli(['compare', baseline, breaking, '--format', 'sql'])).stdout;
    expect(sql).toMatch(/ALTER TABLE public\.asset DROP COLUMN publishing_organization_id;/);
    expect(sql).toMatch(/ALTER TABLE public\.asset ADD COLUMN resource_id integer NOT NULL;/);
  });

  it('compares the database of --db with the configured baseline by default', async () => {
    const project = mkdtempSync(join(tmpdir(), 'sg-compare-project-'));
    const db = await openEmbeddedFolder(join(project, 'db'));
    await db.exec('CREATE TABLE public.lesson (id integer PRIMARY KEY, title text NOT NULL)');
    await db.close();
    expect((await runCli(['dump', '--baseline', '--db', 'pglite:./db'], { cwd: project })).code).toBe(0);
    expect((await runCli(['compare', '--db', 'pglite:./db'], { cwd: project })).code).toBe(0);
    const db2 = await postgres.connect(`pglite:${join(project, 'db')}`);
    await db2.exec('ALTER TABLE public.lesson DROP COLUMN title');
    await db2.close();
    const result = await runCli(['compare', '--db', 'pglite:./db'], { cwd: project });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/- column title/);
    const missing = await runCli(['compare', '--db', 'pglite:./db'], { cwd: mkdtempSync(join(tmpdir(), 'sg-empty-')) });
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toMatch(/There is no baseline snapshot at database_schema\/baseline_schema\.json/);
  }, 120_000);

  it('exits 2 for an unreachable database or a malformed baseline file', async () => {
    const unreachable = await runCli(['compare', baseline, 'postgres://app@127.0.0.1:1/app']);
    expect(isOneSentenceError(unreachable)).toBe(true);
    expect(unreachable.stderr).toMatch(/connection refused/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"formatVersion": 1, "dialect": "postgres"');
    const malformed = await runCli(['compare', bad, baseline]);
    expect(isOneSentenceError(malformed)).toBe(true);
    expect(malformed.stderr).toMatch(/truncated/);
  });

  it('says that a file named on the command line does not exist, whatever the command', async () => {
    // A project with no default environment: the missing file is what is wrong, not the other side.
    const project = mkdtempSync(join(tmpdir(), 'sg-missing-'));
    const cases: [string[], string][] = [
      [['compare', 'missing.json'], 'The snapshot file missing.json does not exist.'],
      [
        ['compare', '--baseline', baseline, '--current', 'missing.json'],
        'The snapshot file missing.json does not exist.',
      ],
      [['diff', 'missing.json', 'pglite:memory'], 'The snapshot file missing.json does not exist.'],
      [['dump', 'missing.json'], 'The snapshot file missing.json does not exist.'],
      [['check', '--schema', 'missing.json'], 'The snapshot file missing.json does not exist.'],
      [['rollback', '--to', 'missing.json', '--yes'], 'The snapshot file missing.json does not exist.'],
      [
        ['verify', '--models', 'prisma:./prisma/schema.prisma'],
        'The Prisma schema ./prisma/schema.prisma does not exist.',
      ],
      [
        ['migrate', 'check', '--models', 'drizzle:./src/schema.ts'],
        'The drizzle schema ./src/schema.ts does not exist.',
      ],
      [['compare', 'sql:./schema.sql + sql:./triggers.sql'], 'The SQL file or folder ./schema.sql does not exist.'],
      [['compare', 'migrations:./db/migrations'], 'The migration folder ./db/migrations does not exist.'],
      [['dump', '--db', 'pglite:./data'], 'The PGlite data directory ./data does not exist.'],
    ];
    for (const [args, sentence] of cases) {
      const result = await runCli(args, { cwd: project });
      expect(isOneSentenceError(result), `${args.join(' ')}: ${result.stderr}`).toBe(true);
      expect(result.stderr, args.join(' ')).toBe(`schemaguard: ${sentence}\n`);
    }
  });
});

describe('git refs', () => {
  const repo = mkdtempSync(join(tmpdir(), 'sg-git-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo, encoding: 'utf8' });
  beforeAll(() => {
    git('init', '-q');
    writeFileSync(join(repo, 'baseline_schema.json'), readFileSync(baseline));
    git('add', '.');
    git('commit', '-qm', 'baseline');
    writeFileSync(join(repo, 'baseline_schema.json'), readFileSync(breaking));
    git('commit', '-qam', 'rename the column');
  });

  it('reads a snapshot as it was at a revision', async () => {
    const result = await runCli(['compare', 'git:HEAD~1:baseline_schema.json', 'git:HEAD:baseline_schema.json'], {
      cwd: repo,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Comparing git:HEAD~1:baseline_schema\.json with git:HEAD:baseline_schema\.json/);
    expect(result.stdout).toMatch(/- column resource_id/);
    const same = await runCli(['compare', 'git:HEAD:baseline_schema.json', 'baseline_schema.json'], { cwd: repo });
    expect(same.code).toBe(0);
  });

  it('says so for an unknown revision or a path that is not there', async () => {
    const revision = await runCli(['compare', 'git:nope:baseline_schema.json', 'baseline_schema.json'], { cwd: repo });
    expect(isOneSentenceError(revision)).toBe(true);
    expect(revision.stderr).toMatch(/Unknown git revision "nope"/);
    const path = await runCli(['compare', 'git:HEAD:missing.json', 'baseline_schema.json'], { cwd: repo });
    expect(isOneSentenceError(path)).toBe(true);
    expect(path.stderr).toMatch(/missing\.json does not exist at git revision HEAD/);
  });
});

describe('schemaguard diff', () => {
  it('writes the migration with a hazard comment above each risky statement, and exits 1 for differences', async () => {
    const result = await runCli(['diff', '--from', breaking, '--to', baseline]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /-- hazard data-loss: drops column public\.asset\.publishing_organization_id; its data is lost\n-- hazard backward-incompatible: [^\n]*\nALTER TABLE public\.asset DROP COLUMN publishing_organization_id;/,
    );
    expect(result.stdout).toMatch(
      /-- hazard may-fail: adds column public\.asset\.resource_id[^\n]*\nALTER TABLE public\.asset ADD COLUMN resource_id integer NOT NULL;/,
    );
    const none = await runCli(['diff', baseline, identical]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/No differences: nothing to do\./);
  });

  it('turns a drop and an add into a rename with --rename', async () => {
    const result = await runCli([
      'diff',
      '--from',
      breaking,
      '--to',
      baseline,
      '--rename',
      'public.asset.publishing_organization_id=resource_id',
    ]);
    expect(result.stdout).toMatch(/ALTER TABLE public\.asset RENAME COLUMN publishing_organization_id TO resource_id;/);
    expect(result.stdout).not.toMatch(/DROP COLUMN/);
    const wrong = await runCli(['diff', breaking, baseline, '--rename', 'public.asset.nope=x']);
    expect(isOneSentenceError(wrong)).toBe(true);
  });

  it('withholds destructive statements with --safe and builds indexes concurrently with --concurrently', async () => {
    const safe = (await runCli(['diff', breaking, baseline, '--safe'])).stdout;
    expect(safe).toMatch(
      /-- Withheld by --safe[^\n]*\n\n[^]*-- ALTER TABLE public\.asset DROP COLUMN publishing_organization_id;/,
    );
    expect(safe.split('\n').filter((l) => l.startsWith('ALTER TABLE public.asset DROP COLUMN'))).toEqual([]);
    const concurrently = (await runCli(['diff', onlyWarnings, baseline, '--concurrently'])).stdout;
    expect(concurrently).toMatch(
      /-- hazard not-transactional: [^\n]*\n-- not transactional: [^\n]*\nCREATE INDEX CONCURRENTLY asset_title_idx ON public\.asset/,
    );
  });

  it('writes the plan as JSON, each statement with its change and hazards', async () => {
    const plan = JSON.parse((await runCli(['diff', breaking, baseline, '--format', 'json'])).stdout);
    const drop = plan.statements.find((s: { sql: string }) => s.sql.includes('DROP COLUMN'));
    expect(drop).toMatchObject({
      change: 'public.asset.publishing_organization_id',
      transactional: true,
      hazards: expect.arrayContaining([expect.objectContaining({ hazard: 'data-loss' })]),
    });
    expect(plan.withheld).toEqual([]);
  });
});
