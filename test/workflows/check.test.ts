import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { type ChecklistItem, runChecklist } from '../../src/workflows/check.js';
import { embeddedTarget } from '../helpers/migration-project.js';
import { recordingContext } from '../helpers/workflow-context.js';

const TABLE = 'CREATE TABLE public.item (id bigint PRIMARY KEY, name text NOT NULL);\n';

/** A project (not a git repository) whose `production` environment is an embedded database holding `sql`. */
async function project(sql: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-wf-check-'));
  writeFileSync(join(dir, 'schema.sql'), TABLE);
  const database = await embeddedTarget();
  await database.use((db) => db.exec(sql));
  const raw = {
    cacheDir: 'cache',
    environments: { production: { url: database.url } },
    assertions: [
      { name: 'item has a name', table: 'item', column: 'name' },
      { name: 'item has a price', table: 'item', column: 'price' },
    ],
    checks: [{ name: 'item has rows', sql: 'SELECT 1 FROM public.item' }],
  };
  const config = await resolveConfig(raw, undefined, dir, { cwd: dir, env: {} });
  return { dir, config };
}

/** The items as a program reads them: where, what, how it ended. */
const outcomes = (items: readonly ChecklistItem[]) => items.map((i) => `${i.group}: ${i.name}: ${i.status}`);

describe('runChecklist, called from code', () => {
  it('runs every check on the database and fails on a failed one', async () => {
    const { dir, config } = await project(TABLE);
    const checklist = await runChecklist(recordingContext(dir), { config, target: { database: 'env:production' } });
    expect(checklist.subject).toEqual({ environment: 'production' });
    expect(outcomes(checklist.items)).toEqual([
      'git: working tree: skipped',
      'connectivity: connection: passed',
      'schema: schema consistency: skipped',
      'migrations: migration status: skipped',
      'assertion: item has a name: passed',
      'assertion: item has a price: failed',
      'sql: item has rows: failed',
    ]);
    expect(checklist.passed).toBe(false);
    const byName = (name: string) => checklist.items.find((i) => i.name === name);
    expect(byName('working tree')?.message).toBe('not a git repository');
    expect(byName('connection')?.message).toMatch(/^PostgreSQL \d+.*, [\d.]+ ms round trip$/);
    expect(byName('schema consistency')?.message).toBe('no environment snapshot or baseline file');
    expect(byName('item has rows')?.message).toBe('returned no rows');
    expect(checklist.items.every((i) => Number.isInteger(i.ms) && i.ms >= 0)).toBe(true);
  });

  it("turns failed schema checks into warnings with the context's SCHEMAGUARD_SKIP_VERIFICATION, and passes", async () => {
    const { dir, config } = await project(`${TABLE}INSERT INTO public.item VALUES (1, 'one');`);
    const context = recordingContext(dir, { SCHEMAGUARD_SKIP_VERIFICATION: 'true' });
    const checklist = await runChecklist(context, { config, target: { database: 'env:production' } });
    const price = checklist.items.find((i) => i.name === 'item has a price');
    expect(price?.status).toBe('warning');
    expect(price?.message).toMatch(/^SKIPPED: /);
    expect(checklist.items.find((i) => i.name === 'item has rows')?.status).toBe('passed');
    expect(checklist.passed).toBe(true);
  });

  it('checks only the assertions, offline, against a schema ref', async () => {
    const { dir, config } = await project('');
    const checklist = await runChecklist(recordingContext(dir), { config, target: { schema: 'sql:./schema.sql' } });
    expect(checklist.subject).toEqual({ schema: 'sql:./schema.sql' });
    expect(outcomes(checklist.items)).toEqual([
      'assertion: item has a name: passed',
      'assertion: item has a price: failed',
    ]);
    expect(checklist.passed).toBe(false);
  });
});
