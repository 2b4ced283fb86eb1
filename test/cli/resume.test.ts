/**
 * Issue 12, point 1: a non-transactional migration that fails or is killed resumes from
 * the statement that did not complete. An INVALID index a concurrent build left is
 * dropped and built again (with its hazard line), statements recorded as done are not
 * rerun, pre-verification does not call a partially applied migration drift, failure
 * messages say what stayed applied, and `migrate repair` marks a failed migration for
 * retry or as rolled back.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hasServer, openTestServer } from '../helpers/databases.js';
import {
  type TargetDatabase,
  applyIn,
  embeddedTarget,
  migrationProject,
  serverTarget,
} from '../helpers/migration-project.js';
import type { Connection } from '../../src/dialects/dialect.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
const CACHE = mkdtempSync(join(tmpdir(), 'sg-resume-cache-'));
const ITEM = 'CREATE TABLE public.item (id integer PRIMARY KEY, a integer, b text, c integer, code integer);\n';

const targets: TargetDatabase[] = [];
afterAll(async () => {
  for (const target of targets) await target.drop();
});

/**
 * A project on a fresh server database with the item table applied; with `snapshot`,
 * production has an environment snapshot, which every complete run rewrites.
 */
async function itemProject(prefix: string, snapshot = false): Promise<{ target: TargetDatabase; dir: string }> {
  const target = await serverTarget(prefix);
  targets.push(target);
  const environments = snapshot
    ? { production: { url: target.url, snapshot: 'database_schema/production_schema.json' } }
    : undefined;
  const dir = migrationProject(
    target.url,
    { '0001_item.sql': ITEM },
    { cacheDir: CACHE, ...(environments ? { environments } : {}) },
  );
  const first = await applyIn(dir, '--yes');
  expect(first.code, first.stderr).toBe(0);
  return { target, dir };
}

interface IndexRow {
  readonly name: string;
  readonly valid: boolean;
}

async function indexes(db: Connection): Promise<IndexRow[]> {
  return db.query<IndexRow>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'public.item'::regclass AND NOT i.indisprimary ORDER BY 1`,
  );
}

async function historyRow(db: Connection, version: string) {
  const [row] = await db.query<{ success: boolean; statements_done: number; rolled_back: boolean }>(
    `SELECT success, statements_done, rolled_back_at IS NOT NULL AS rolled_back FROM public.schemaguard_migrations
      WHERE version = $1 AND kind = 'migration'`,
    [version],
  );
  return row;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `migrate apply --yes` started in the background: its process, its stderr so far, and its end. */
function startApply(dir: string): { child: ChildProcess; stderr: () => string; closed: Promise<void> } {
  const child = spawn(process.execPath, [CLI, 'migrate', 'apply', '--env', 'production', '--yes'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.resume();
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, stderr: () => stderr, closed };
}

/**
 * Waits until schemaguard's session runs `statement` on `db`'s database (pg_stat_activity: other
 * runs on the server, of this suite or another, run the same statements); false when the run ended first.
 */
async function waitForStatement(db: Connection, statement: string, ended: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !ended()) {
    const [row] = await db.query<{ running: boolean }>(
      `SELECT count(*) > 0 AS running FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'schemaguard' AND state = 'active' AND query = $1`,
      [statement],
    );
    if (row?.running) return true;
    await sleep(5);
  }
  return false;
}

describe.runIf(hasServer())('resuming non-transactional migrations on the PostgreSQL server', () => {
  it('SIGKILLed as each statement of a three-index concurrent migration starts its build and as the build ends: the next apply finishes every time', async () => {
    const started = performance.now();
    const { target, dir } = await itemProject('sgresumekill');
    const statements = [
      'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a)',
      'CREATE INDEX CONCURRENTLY item_b_idx ON public.item (b)',
      'CREATE INDEX CONCURRENTLY item_c_idx ON public.item (c)',
    ];
    const dropAll = 'DROP INDEX IF EXISTS public.item_a_idx, public.item_b_idx, public.item_c_idx';
    const db = await openTestServer(target.url);
    try {
      await db.exec(
        `INSERT INTO public.item SELECT g, (g::bigint * 7919) % 100000, md5(g::text), g, g FROM generate_series(1, 200000) AS g`,
      );
      await db.exec('VACUUM ANALYZE public.item');
      // How long each build takes here: the kills are aimed inside them.
      const durations: number[] = [];
      for (const statement of statements) {
        const before = performance.now();
        await db.exec(statement);
        durations.push(performance.now() - before);
      }
      await db.exec(dropAll);
      writeFileSync(join(dir, 'migrations', '0002_indexes.sql'), statements.map((s) => `${s};\n`).join(''));

      // The points of the protocol a kill can hit inside a statement: each statement (the first,
      // with nothing recorded yet; one after a recorded statement; the last), killed as its build
      // starts and near its end. The server may finish a build after its client is gone: the next
      // run finds the index VALID (and records it) or INVALID (and builds it again), as after the
      // 20 kills at random moments these replace.
      const aims = [0, 1, 2].flatMap((aim) => [
        { aim, at: 0 },
        { aim, at: 0.9 },
      ]);
      const kills: { aim: number; delay: number; doneAtKill: number; resumedWith: string }[] = [];
      let missed = 0;
      for (let n = 0; n < aims.length; n++) {
        const { aim, at } = aims[n] as { aim: number; at: number };
        await db.exec(`${dropAll}; DELETE FROM public.schemaguard_migrations WHERE version = '0002'`);
        const run = startApply(dir);
        let ended = false;
        void run.closed.then(() => (ended = true));
        const inside = await waitForStatement(db, statements[aim] as string, () => ended);
        expect(inside, `run ${n} never ran statement ${aim + 1}:\n${run.stderr()}`).toBe(true);
        // Later kills aim earlier in the build when one came after the run had finished.
        const delay = at * (durations[aim] as number) * 0.5 ** missed;
        await sleep(delay);
        run.child.kill('SIGKILL');
        await run.closed;
        const atKill = await historyRow(db, '0002');
        if (atKill?.success) {
          // The build was faster than measured: the run had completed. Not a kill inside a statement: again.
          expect(++missed, 'kills kept coming after the run had completed').toBeLessThan(10);
          n--;
          continue;
        }
        const doneAtKill = atKill?.statements_done ?? -1;

        const next = await applyIn(dir, '--yes');
        expect(
          next.code,
          `run ${n} (killed in statement ${aim + 1} after ${Math.round(delay)} ms):\n${next.stderr}`,
        ).toBe(0);
        expect(next.stderr).toMatch(/1\. pre-verify: passed/);
        expect(next.stderr).toMatch(/applying 0002_indexes\.sql from statement \d \(continuing\)/);
        expect(await indexes(db)).toEqual([
          { name: 'item_a_idx', valid: true },
          { name: 'item_b_idx', valid: true },
          { name: 'item_c_idx', valid: true },
        ]);
        expect(await historyRow(db, '0002')).toEqual({ success: true, statements_done: 3, rolled_back: false });
        // migrate status once per statement, after its second kill.
        if (at > 0) {
          const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
          expect(status.stdout).toMatch(/applied\s+0002 indexes/);
          expect(status.stdout).toMatch(/No drift/);
          expect(status.code).toBe(0);
        }
        const resumedWith = /hazard: dropping the INVALID index/.test(next.stderr)
          ? 'dropped the INVALID index and built it again'
          : /had completed before the last run stopped/.test(next.stderr)
            ? 'found the index VALID and recorded it'
            : 'ran the next statement';
        kills.push({ aim, delay: Math.round(delay), doneAtKill, resumedWith });
      }
      // Every statement was interrupted at least once while it ran.
      for (const aim of [0, 1, 2]) expect(kills.some((k) => k.aim === aim && k.doneAtKill === aim)).toBe(true);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const tally = new Map<string, number>();
      for (const k of kills) tally.set(k.resumedWith, (tally.get(k.resumedWith) ?? 0) + 1);
      console.info(
        `kill loop: ${kills.length} kills in ${seconds} s (${missed} more came after the run had completed); builds took ${durations.map((d) => Math.round(d)).join(', ')} ms; resumed: ${[...tally].map(([k, v]) => `${v}× ${k}`).join(', ')}`,
      );
    } finally {
      await db.close();
    }
  }, 600_000);

  it('a concurrent unique index failing on duplicates: the message says what stayed applied; once the data is fixed, the next apply drops the INVALID index and builds it again', async () => {
    // The environment's snapshot is from before the failed run: what that run left is no surprise to step 1.
    const { target, dir } = await itemProject('sgresumeunique', true);
    await target.use((db) => db.exec('INSERT INTO public.item (id, code) VALUES (1, 7), (2, 7), (3, 8)'));
    writeFileSync(
      join(dir, 'migrations', '0002_unique.sql'),
      'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a);\nCREATE UNIQUE INDEX CONCURRENTLY item_code_key ON public.item (code);\nCREATE INDEX CONCURRENTLY item_c_idx ON public.item (c);\n',
    );
    const failed = await applyIn(dir, '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /Step 5 \(execute\) failed: 0002_unique\.sql, line 2 \(CREATE UNIQUE INDEX CONCURRENTLY item_code_key ON public\.…\), failed: could not create unique index "item_code_key"; statement 1 stayed applied \(recorded in the history\), statements 2–3 did not run to completion; it left the INVALID index public\.item_code_key, which the next run drops and builds again; `schemaguard migrate apply` continues from statement 2\./,
    );
    expect(failed.stderr).not.toMatch(/the migration was not applied/);
    expect(await target.use(indexes)).toEqual([
      { name: 'item_a_idx', valid: true },
      { name: 'item_code_key', valid: false },
    ]);

    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(
      /interrupted\s+0002 unique {2}\(0002_unique\.sql\): 1 of 3 statements done; migrate apply continues from statement 2/,
    );
    expect(status.stdout).toMatch(/No drift/);

    await target.use((db) => db.exec('UPDATE public.item SET code = 9 WHERE id = 2'));
    const resumed = await applyIn(dir, '--yes');
    expect(resumed.stderr).toMatch(/1\. pre-verify: passed/);
    expect(resumed.stderr).toMatch(
      /applying 0002_unique\.sql from statement 2 \(continuing\)…\n {3}hazard: dropping the INVALID index public\.item_code_key left by the interrupted build of statement 2 \(line 2\), then building it again\n/,
    );
    expect(resumed.code).toBe(0);
    expect(await target.use(indexes)).toEqual([
      { name: 'item_a_idx', valid: true },
      { name: 'item_c_idx', valid: true },
      { name: 'item_code_key', valid: true },
    ]);
  }, 240_000);

  it('killed during its first statement (no statement recorded as done), a migration is interrupted, not failed, and resumes', async () => {
    const { target, dir } = await itemProject('sgresumefirst');
    writeFileSync(
      join(dir, 'migrations', '0002_slow.sql'),
      'SELECT pg_sleep(3);\nCREATE INDEX CONCURRENTLY item_a_idx ON public.item (a);\n',
    );
    const run = startApply(dir);
    await target.use((db) => waitForStatement(db, 'SELECT pg_sleep(3)', () => false));
    run.child.kill('SIGKILL');
    await run.closed;
    expect(await target.use((db) => historyRow(db, '0002'))).toEqual({
      success: false,
      statements_done: 0,
      rolled_back: false,
    });
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(
      /interrupted\s+0002 slow .*0 of 2 statements done; migrate apply continues from statement 1/,
    );

    const resumed = await applyIn(dir, '--yes');
    expect(resumed.stderr).toMatch(/1\. pre-verify: passed/);
    expect(resumed.stderr).toMatch(/applying 0002_slow\.sql from statement 1 \(continuing\)/);
    expect(resumed.code).toBe(0);
    expect(await target.use((db) => historyRow(db, '0002'))).toEqual({
      success: true,
      statements_done: 2,
      rolled_back: false,
    });
  }, 240_000);

  it('migrate repair shows what a failed migration left, and --retry and --rolled-back do what they say', async () => {
    const { target, dir } = await itemProject('sgresumerepair');
    await target.use((db) => db.exec('INSERT INTO public.item (id, code) VALUES (1, 7), (2, 7)'));
    const path = join(dir, 'migrations', '0002_codes.sql');
    writeFileSync(
      path,
      'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a);\nCREATE UNIQUE INDEX CONCURRENTLY item_code_key ON public.item (code);\nCREATE INDEX CONCURRENTLY item_c_idx ON public.item (c);\n',
    );
    expect((await applyIn(dir, '--yes')).code).toBe(1);
    // The team decides the index need not be unique: the file changes, so the migration is failed.
    writeFileSync(
      path,
      'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a);\nCREATE INDEX CONCURRENTLY item_code_key ON public.item (code);\nCREATE INDEX CONCURRENTLY item_c_idx ON public.item (c);\n',
    );
    const refused = await applyIn(dir, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /✗ migration 0002_codes\.sql is failed: "schemaguard migrate repair --retry 0002" \(or --rolled-back 0002\) decides what happens to it/,
    );

    const shown = await runCli(['migrate', 'repair', '--env', 'production'], { cwd: dir });
    expect(shown.stdout).toMatch(/0002_codes\.sql \(version 0002\) is failed: 1 of its 3 statements completed/);
    expect(shown.stdout).toMatch(
      /done {5}1\. line 1: CREATE INDEX CONCURRENTLY item_a_idx[^\n]*\n {2}stopped {2}2\. line 2: [^\n]*\n {2}not run {2}3\. line 3: /,
    );
    expect(shown.stdout).toMatch(/done {5}add index public\.item\.item_a_idx/);
    expect(shown.stdout).toMatch(/INVALID {2}add index public\.item\.item_code_key/);
    expect(shown.stdout).toMatch(/not done add index public\.item\.item_c_idx/);
    expect(shown.stdout).toMatch(
      /Decide what happens to it:\n {2}schemaguard migrate repair --env production --retry 0002/,
    );
    expect(shown.code).toBe(1);

    const notFailed = await runCli(['migrate', 'repair', '--env', 'production', '--retry', '0001', '--yes'], {
      cwd: dir,
    });
    expect(notFailed.stderr).toMatch(/0001_item\.sql is applied, not failed or interrupted/);
    // After the note on the servers' versions, one sentence.
    expect(notFailed.stderr.trim().split('\n').at(-1)).toMatch(
      /^schemaguard: --retry 0001: 0001_item\.sql is applied, not failed or interrupted; --retry marks a migration whose run did not complete\.$/,
    );
    expect(notFailed.code).toBe(2);

    const dry = await runCli(['migrate', 'repair', '--env', 'production', '--retry', '0002', '--dry-run'], {
      cwd: dir,
    });
    expect(dry.stdout).toMatch(
      /Marking 0002_codes\.sql for retry: the next apply continues it from statement 2 of the file as it is now/,
    );
    expect(dry.code).toBe(0);
    expect((await applyIn(dir, '--yes')).code).toBe(1);

    const retried = await runCli(['migrate', 'repair', '--env', 'production', '--retry', '0002', '--yes'], {
      cwd: dir,
    });
    expect(retried.stdout).toMatch(/Marked: next, schemaguard migrate apply --env production/);
    expect(retried.code).toBe(0);
    const resumed = await applyIn(dir, '--yes');
    expect(resumed.stderr).toMatch(/hazard: dropping the INVALID index public\.item_code_key/);
    expect(resumed.code).toBe(0);
    expect(await target.use(indexes)).toEqual([
      { name: 'item_a_idx', valid: true },
      { name: 'item_c_idx', valid: true },
      { name: 'item_code_key', valid: true },
    ]);

    // Rolled back: the team undoes what ran of it by hand, and it runs again from statement 1.
    const third = join(dir, 'migrations', '0003_b.sql');
    writeFileSync(
      third,
      'CREATE INDEX CONCURRENTLY item_b_idx ON public.item (b);\nCREATE UNIQUE INDEX CONCURRENTLY item_code_uq ON public.item (code);\n',
    );
    expect((await applyIn(dir, '--yes')).code).toBe(1);
    await target.use((db) => db.exec('DROP INDEX public.item_b_idx; DROP INDEX public.item_code_uq'));
    const rolledBack = await runCli(['migrate', 'repair', '--env', 'production', '--rolled-back', '0003', '--yes'], {
      cwd: dir,
    });
    expect(rolledBack.stdout).toMatch(/not done add index public\.item\.item_b_idx/);
    expect(rolledBack.stdout).toMatch(/Marking 0003_b\.sql as rolled back: it counts as pending/);
    expect(rolledBack.code).toBe(0);
    expect(await target.use((db) => historyRow(db, '0003'))).toMatchObject({ rolled_back: true });
    const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(status.stdout).toMatch(/pending\s+0003 b/);
    expect(status.stdout).toMatch(/No drift/);
    writeFileSync(third, 'CREATE INDEX CONCURRENTLY item_b_idx ON public.item (b);\n');
    const redone = await applyIn(dir, '--yes');
    expect(redone.stderr).toMatch(/applying 0003_b\.sql…/);
    expect(redone.code).toBe(0);
  }, 240_000);
});

describe('resuming on an embedded database', () => {
  it('a failure in the second statement says that the first stayed applied, and the rerun continues after it', async () => {
    const target = await embeddedTarget();
    const dir = migrationProject(target.url, { '0001_item.sql': ITEM }, { cacheDir: CACHE });
    expect((await applyIn(dir, '--yes')).code).toBe(0);
    await target.use((db) => db.exec('INSERT INTO public.item (id) VALUES (1)'));
    writeFileSync(
      join(dir, 'migrations', '0002_steps.sql'),
      'CREATE INDEX CONCURRENTLY item_a_idx ON public.item (a);\nALTER TABLE public.item ALTER COLUMN b SET NOT NULL;\nALTER TABLE public.item ADD COLUMN d integer;\n',
    );
    const failed = await applyIn(dir, '--yes');
    expect(failed.stderr).toMatch(
      /0002_steps\.sql, line 2 \(ALTER TABLE public\.item ALTER COLUMN b SET NOT NULL\), failed: .*contains null values; statement 1 stayed applied \(recorded in the history\), statements 2–3 did not run to completion; `schemaguard migrate apply` continues from statement 2\./,
    );
    expect(failed.code).toBe(1);
    await target.use((db) => db.exec("UPDATE public.item SET b = ''"));
    const resumed = await applyIn(dir, '--yes');
    expect(resumed.stderr).toMatch(/applying 0002_steps\.sql from statement 2 \(continuing\)/);
    expect(resumed.code).toBe(0);
  }, 240_000);
});
