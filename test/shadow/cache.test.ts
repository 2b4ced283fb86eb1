/**
 * The shadow cache: a build is kept in the project's cache folder, and remembered by the
 * process for any other folder, each hit a copy of its own.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../src/dialects/index.js';
import { loadThroughShadow } from '../../src/shadow/cache.js';
import type { ShadowStep } from '../../src/shadow/shadow.js';

const postgres = dialectByName('postgres');

/** Steps no other test builds, so that this process has not built them yet. */
function uniqueSteps(): ShadowStep[] {
  const table = `t_${randomUUID().replaceAll('-', '')}`;
  return [{ label: 'step.sql', sql: `CREATE TABLE public.${table} (id integer PRIMARY KEY);\n`, transactional: true }];
}

const options = (cacheDir: string) => ({ dialect: postgres, cacheDir, connectTimeoutMs: 10_000, env: {} });
const cacheFolder = () => mkdtempSync(join(tmpdir(), 'sg-shadow-cache-'));
const entries = (cacheDir: string) =>
  existsSync(join(cacheDir, 'shadow')) ? readdirSync(join(cacheDir, 'shadow')) : [];

describe('loadThroughShadow', () => {
  it('builds once per process: another cache folder gets the result without a shadow database, and keeps it', async () => {
    const steps = uniqueSteps();
    const [first, second] = [cacheFolder(), cacheFolder()];
    let starts = 0;
    const built = await loadThroughShadow(steps, { ...options(first), onStart: () => starts++ });
    expect(built.cached).toBe(false);
    expect(starts).toBe(1);
    expect(entries(first)).toHaveLength(1);

    const remembered = await loadThroughShadow(steps, { ...options(second), onStart: () => starts++ });
    expect(remembered.cached).toBe(true);
    expect(starts).toBe(1);
    expect(remembered.schema).toEqual(built.schema);
    // Written to the second folder too: the next process finds it there.
    expect(entries(second)).toEqual(entries(first));
  }, 60_000);

  it('gives every caller its own copy: changing one result changes no later one', async () => {
    const steps = uniqueSteps();
    const built = await loadThroughShadow(steps, options(cacheFolder()));
    const tables = built.schema.tables.map((t) => t.name);
    (built.schema.tables as unknown[]).length = 0;
    const again = await loadThroughShadow(steps, options(cacheFolder()));
    expect(again.cached).toBe(true);
    expect(again.schema.tables.map((t) => t.name)).toEqual(tables);
  }, 60_000);

  it('other steps are built, not taken from what the process remembers', async () => {
    let starts = 0;
    await loadThroughShadow(uniqueSteps(), { ...options(cacheFolder()), onStart: () => starts++ });
    await loadThroughShadow(uniqueSteps(), { ...options(cacheFolder()), onStart: () => starts++ });
    expect(starts).toBe(2);
  }, 60_000);
});
