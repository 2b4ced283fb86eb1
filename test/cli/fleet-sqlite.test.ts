/**
 * `fleet` on SQLite files (targets written out and taken from environment variables), and the
 * matrix workflow `ci github --fleet` writes, its shard and merge steps run here as the CI
 * jobs would run them.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLI, isOneSentenceError, runCli } from '../helpers/cli.js';
import { folderWith } from '../helpers/folder.js';

const TENANTS = 12;

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface FleetWorkflow {
  readonly env: Record<string, string>;
  readonly jobs: Record<
    string,
    { needs?: unknown; if?: string; strategy?: { matrix: { shard: number[] } }; steps: Step[] }
  >;
}

describe('fleet on SQLite files', () => {
  let root: string;
  let project: string;
  const env: Record<string, string> = {};
  const fleet = (...args: string[]) => runCli(['fleet', ...args], { cwd: project, env });
  const file = (i: number) => join(project, 'tenants', `t${String(i).padStart(2, '0')}.db`);

  beforeAll(() => {
    root = folderWith(
      {
        'app/migrations/001_init.sql':
          'CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL);\nCREATE INDEX note_body ON note (body);\n',
        'app/migrations/002_tag.sql':
          'CREATE TABLE tag (id INTEGER PRIMARY KEY, note_id INTEGER REFERENCES note (id));\n',
        '.gitignore': 'node_modules/\napp/tenants/\napp/database_schema/\napp/.schemaguard/\n',
      },
      'sg-fleet-sqlite-',
    );
    project = join(root, 'app');
    mkdirSync(join(project, 'tenants'));
    // Half the targets written out, half from environment variables.
    const written = Array.from({ length: TENANTS / 2 }, (_, i) => ({
      name: `t${String(i + 1).padStart(2, '0')}`,
      url: `sqlite:./tenants/t${String(i + 1).padStart(2, '0')}.db`,
    }));
    for (let i = TENANTS / 2 + 1; i <= TENANTS; i++)
      env[`TENANT_DB_T${String(i).padStart(2, '0')}`] = `sqlite:${file(i)}`;
    for (let i = 1; i <= TENANTS; i++) new Database(file(i)).close();
    writeFileSync(
      join(project, 'schemaguard.config.json'),
      JSON.stringify({
        dialect: 'sqlite',
        migrations: { dir: 'migrations' },
        fleets: { tenants: { targets: written, urlEnv: 'TENANT_DB_*' } },
      }),
    );
    mkdirSync(join(root, 'node_modules', '.bin'), { recursive: true });
    chmodSync(CLI, 0o755);
    symlinkSync(CLI, join(root, 'node_modules', '.bin', 'schemaguard'));
    // A checkout as CI's: committed, nothing untracked.
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
    execFileSync('git', ['add', '.'], { cwd: root });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'init'], { cwd: root });
  });

  it('applies, finds drift in the files that drifted, and a rerun has nothing to do', async () => {
    const applied = await fleet('apply', '--yes', '--canary', '1');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(
      /^Fleet tenants, apply: 12 targets\n {2}12 applied:\n {7}001_init\.sql\n {7}002_tag\.sql\n/,
    );
    for (const i of [2, 9]) {
      const db = new Database(file(i));
      db.exec('DROP INDEX note_body');
      db.close();
    }
    const status = await fleet('status');
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('10 are up to date');
    expect(status.stdout).toMatch(
      / {3}2 have pending migrations or drift:\n {7}drift: - index main\.note\.note_body .*\n {7}\(TENANT_DB_T09, t02\)/,
    );
    const again = await fleet('apply', '--yes', '--max-failures', '5');
    expect(again.stdout).toContain('10 had nothing to apply');
    expect(again.stdout).toMatch(/ {3}2 failed: Step 1 \(pre-verify\) failed/);
    for (const i of [2, 9]) {
      const db = new Database(file(i));
      db.exec('CREATE INDEX note_body ON note (body)');
      db.close();
    }
  });

  it('Ctrl-C stops starting files, lets the running ones finish their migration, and a rerun finishes the job', async () => {
    // Each migration keeps SQLite busy for a moment (a recursive count), then makes its table.
    const burn =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) FROM c;\n';
    writeFileSync(join(project, 'migrations', '003_m3.sql'), `${burn}CREATE TABLE m3 (id INTEGER);\n`);
    writeFileSync(join(project, 'migrations', '004_m4.sql'), `${burn}CREATE TABLE m4 (id INTEGER);\n`);
    const report = join(project, 'interrupted.jsonl');
    const child = spawn(process.execPath, [CLI, 'fleet', 'apply', '--yes', '--concurrency', '2', '--report', report], {
      cwd: project,
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Ctrl-C once the first file is done: the next two are under way.
    for (let waited = 0; waited < 60_000; waited += 50) {
      if (existsSync(report) && readFileSync(report, 'utf8').trim().split('\n').length >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toMatch(/not started: the run was interrupted\. Run the command again to go on\./);
    const state = () =>
      Array.from({ length: TENANTS }, (_, i) => {
        const db = new Database(file(i + 1), { readonly: true });
        try {
          const tables = db
            .prepare("SELECT name FROM sqlite_schema WHERE name IN ('m3', 'm4') ORDER BY name")
            .all() as { name: string }[];
          const runs = db
            .prepare(
              "SELECT version FROM schemaguard_migrations WHERE success AND version IN ('003', '004') ORDER BY version",
            )
            .all() as { version: string }[];
          return { tables: tables.map((t) => t.name), runs: runs.map((r) => r.version) };
        } finally {
          db.close();
        }
      });
    const between = state();
    // What a file holds, its history says: no migration was cut in half.
    for (const { tables, runs } of between) expect(tables).toEqual(runs.map((v) => `m${Number(v)}`));
    expect(between.filter((s) => s.runs.length === 2).length).toBeGreaterThan(0);
    expect(between.filter((s) => s.runs.length === 0).length).toBeGreaterThan(0);
    const rerun = await fleet('apply', '--yes');
    expect(rerun.code, rerun.stdout).toBe(0);
    for (const { tables, runs } of state()) {
      expect(tables).toEqual(['m3', 'm4']);
      expect(runs).toEqual(['003', '004']);
    }
  }, 120_000);

  it('ci github --fleet writes a matrix whose shard jobs and merge job cover every target once', async () => {
    const written = await runCli(['ci', 'github', '--fleet', 'tenants', '--shards', '3'], { cwd: project, env });
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain('the fleet reads every variable matching TENANT_DB_*');
    const workflow = parse(
      readFileSync(join(root, '.github', 'workflows', 'schemaguard-fleet-tenants.yml'), 'utf8'),
    ) as FleetWorkflow;
    const shards = workflow.jobs.shards;
    expect(shards?.strategy?.matrix.shard).toEqual([1, 2, 3]);
    expect(shards?.needs).toBe('canary');
    const upload = shards?.steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.path).toBe('${{ runner.temp }}/fleet-reports/shard-${{ matrix.shard }}.jsonl');
    // Written in the checkout, as a user would commit it.
    execFileSync('git', ['add', '.'], { cwd: root });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-qm', 'workflow'], { cwd: root });
    const runnerTemp = folderWith({});

    // The scheduled run (command check) of each shard job, then the summary job, here.
    const command = shards?.steps.find((s) => s.name === 'fleet command on this shard')?.run as string;
    const run = (script: string) =>
      spawnSync('bash', ['-e', '-c', script], {
        cwd: project,
        encoding: 'utf8',
        env: {
          ...process.env,
          ...env,
          NO_COLOR: '1',
          PATH: `${join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
          FLEET_COMMAND: 'check',
          RUNNER_TEMP: runnerTemp,
          GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
        },
      });
    for (const shard of [1, 2, 3]) {
      const script = command
        .replaceAll('${{ matrix.shard }}', String(shard))
        .replace(/\$\{\{ inputs\.command == 'apply' && '--yes' \|\| '' \}\}/, '');
      const result = run(script);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`(shard ${shard}/3)`);
    }
    const merge = workflow.jobs.summary?.steps.find((s) => s.name === 'Merge the shard reports')?.run as string;
    const merged = run(merge);
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toContain('Fleet tenants, check: 12 targets\n  12 pass every check');
    expect(readFileSync(join(runnerTemp, 'summary.md'), 'utf8')).toContain(
      '### schemaguard fleet tenants\n```\nFleet tenants, check: 12 targets',
    );
    const seen = [1, 2, 3].flatMap((shard) =>
      readFileSync(join(runnerTemp, 'fleet-reports', `shard-${shard}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .slice(1, -1)
        .map((line) => (JSON.parse(line) as { name: string }).name),
    );
    expect(seen.sort()).toHaveLength(TENANTS);
    expect(new Set(seen).size).toBe(TENANTS);
  });

  it('refuses a fleet with two targets of one name, and a missing variable, in one sentence', async () => {
    const config = JSON.parse(readFileSync(join(project, 'schemaguard.config.json'), 'utf8')) as {
      fleets: { tenants: { targets: unknown[] } };
    };
    const twice = folderWith({
      'schemaguard.config.json': JSON.stringify({
        dialect: 'sqlite',
        fleets: { a: { targets: [...config.fleets.tenants.targets, { name: 't01', url: 'sqlite:./x.db' }] } },
      }),
    });
    const dup = await runCli(['fleet', 'status'], { cwd: twice });
    expect(isOneSentenceError(dup)).toBe(true);
    expect(dup.stderr).toContain('The fleet "a" has two targets named "t01"');
    const unset = folderWith({
      'schemaguard.config.json': JSON.stringify({
        fleets: { a: { targets: [{ name: 'x', urlEnv: 'NOT_SET_ANYWHERE' }] } },
      }),
    });
    const missing = await runCli(['fleet', 'compare'], { cwd: unset });
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toContain('The fleet "a" reads $NOT_SET_ANYWHERE, which is not set.');
    const none = await runCli(['fleet', 'check'], { cwd: folderWith({ 'schemaguard.config.json': '{}' }) });
    expect(isOneSentenceError(none)).toBe(true);
    expect(none.stderr).toContain('has no fleets');
  });
});
