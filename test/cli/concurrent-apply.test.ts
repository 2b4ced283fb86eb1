/**
 * Many `migrate apply` processes started at once on a fresh database: the migration lock
 * comes before anything is read or created, so every process ends with exit code 0 —
 * one applies, the others find nothing left to do and say who did it — and none sees
 * another's half-finished work as drift. Rounds: SCHEMAGUARD_BATTERY_ROUNDS per shadow
 * cache state (warm, cold), 1 by default; `docs/safe-migrations.md` gives the figures of
 * a longer run.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/cli.js';
import { hasServer } from '../helpers/databases.js';
import {
  type TargetDatabase,
  applyInProcess,
  embeddedTarget,
  migrationProject,
  serverTarget,
  shadowCacheFolder,
} from '../helpers/migration-project.js';

/**
 * Each round is 10 processes on one database: 45 pairs that may race. One round per cache
 * state shows each state's race; more rounds (SCHEMAGUARD_BATTERY_ROUNDS) for a longer battery.
 */
const ROUNDS = Number(process.env.SCHEMAGUARD_BATTERY_ROUNDS ?? 1);

const MIGRATIONS: Record<string, string> = {
  '0001_asset.sql': 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text);\n',
  '0002_tag.sql': 'CREATE TABLE public.tag (id integer PRIMARY KEY, asset_id integer REFERENCES public.asset);\n',
  // Long enough that the others are waiting for the lock while it runs.
  '0003_slow.sql': 'ALTER TABLE public.asset ADD COLUMN size integer;\nSELECT pg_sleep(0.5);\n',
  '0004_index.sql': 'CREATE INDEX CONCURRENTLY asset_title ON public.asset (title);\n',
  '0005_label.sql': "CREATE TABLE public.label (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');\n",
};

const targets: TargetDatabase[] = [];
afterAll(async () => {
  for (const target of targets) await target.drop();
});

/** Runs `processes` applies at once on a fresh database and checks what each said and what the database holds. */
async function round(make: () => Promise<TargetDatabase>, processes: number, cache: string, cold: boolean) {
  const target = await make();
  targets.push(target);
  // The shadow results go; the initdb image stays: a cold cache, not a machine's first run.
  if (cold) rmSync(join(cache, 'shadow'), { recursive: true, force: true });
  const dir = migrationProject(target.url, MIGRATIONS, { cacheDir: cache });
  const runs: CliResult[] = await Promise.all(
    Array.from({ length: processes }, () => applyInProcess(dir, '--yes', '--lock-timeout', '300')),
  );
  for (const run of runs) {
    expect(run.stderr, run.stderr).not.toMatch(/drift|pre-verify: failed|schemaguard: /);
    expect(run.code, run.stderr).toBe(0);
  }
  const appliers = runs.filter((r) => /5\. execute: passed/.test(r.stderr));
  expect(appliers).toHaveLength(1);
  for (const run of runs.filter((r) => !appliers.includes(r))) {
    expect(run.stderr).toMatch(/Nothing to do: .* applied by .* while this run waited for the lock\.|Nothing to do/);
    expect(run.stdout).not.toMatch(/To undo/);
  }
  const history = await target.use((db) =>
    db.query<{ version: string; success: boolean }>(
      "SELECT version, success FROM public.schemaguard_migrations WHERE kind = 'migration' ORDER BY version",
    ),
  );
  expect(history).toEqual(Object.keys(MIGRATIONS).map((file) => ({ version: file.slice(0, 4), success: true })));
  const valid = await target.use((db) =>
    db.query<{ valid: boolean }>(
      "SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'asset_title'",
    ),
  );
  expect(valid).toEqual([{ valid: true }]);
  return runs;
}

describe.runIf(hasServer())('concurrent migrate apply on the PostgreSQL server', () => {
  const cache = shadowCacheFolder('sg-concurrent-cache-');
  // Cold first: its rounds leave the cache warm for the other test.
  for (const cold of [true, false]) {
    it(`10 processes at once on a fresh database, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, ${cold ? 'cold' : 'warm'} shadow cache: all exit 0, one applies, none reports drift`, async () => {
      // Run alone, the warm test first fills the cache with a round of its own.
      const rounds = !cold && !existsSync(join(cache, 'shadow')) ? ROUNDS + 1 : ROUNDS;
      let waiters = 0;
      for (let i = 0; i < rounds; i++) {
        const runs = await round(() => serverTarget('sgconc'), 10, cache, cold);
        waiters += runs.filter((r) => /while this run waited for the lock/.test(r.stderr)).length;
      }
      // Most runs come while the first holds the lock, and say what it applied.
      expect(waiters).toBeGreaterThan(0);
    }, 600_000);
  }
});

describe('concurrent migrate apply on an embedded database', () => {
  it('3 processes at once: each waits for the data directory in turn, all exit 0, one applies', async () => {
    const cache = shadowCacheFolder('sg-concurrent-cache-');
    await round(embeddedTarget, 3, cache, false);
  }, 600_000);
});
