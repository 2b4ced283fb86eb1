import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { verifySchema } from '../../src/workflows/verify.js';
import { embeddedTarget, tableColumns } from '../helpers/migration-project.js';
import { recordingContext } from '../helpers/workflow-context.js';

const MODELS = 'CREATE TABLE public.item (id bigint PRIMARY KEY, name text NOT NULL);\n';

const INIT = 'CREATE TABLE public.item (id bigint PRIMARY KEY);\n';

/** A project with the models as desired-state SQL, a migration folder and an embedded database holding `sql`. */
async function project(sql: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-wf-verify-'));
  writeFileSync(join(dir, 'schema.sql'), MODELS);
  mkdirSync(join(dir, 'migrations'));
  writeFileSync(join(dir, 'migrations', '0001_init.sql'), INIT);
  const database = await embeddedTarget();
  await database.use((db) => db.exec(sql));
  const config = await resolveConfig({ cacheDir: 'cache', migrations: { dir: 'migrations' } }, undefined, dir, {
    cwd: dir,
    env: {},
  });
  return { dir, database, config, request: { config, database: database.url, models: 'sql:./schema.sql' } };
}

describe('verifySchema, called from code', () => {
  it('returns the differences from the database to the models and the SQL that closes them, writing nothing', async () => {
    const { dir, database, request } = await project(INIT);
    const context = recordingContext(dir);
    const result = await verifySchema(context, request);
    expect(result.changes.map((c) => `${c.action} ${c.objectType} ${c.path}`)).toEqual(['add column public.item.name']);
    expect(result.report.to).toBe('sql:./schema.sql');
    expect(result.sql).toContain('ALTER TABLE public.item ADD COLUMN name text NOT NULL');
    expect(result.fix).toBeUndefined();
    expect(readdirSync(join(dir, 'migrations'))).toEqual(['0001_init.sql']);
    // Verifying never changes the database.
    expect(await database.use((db) => tableColumns(db, 'item'))).toEqual(['id']);
  });

  it('with fix, writes that SQL as a new migration in the config folder and says where', async () => {
    const { dir, request } = await project(INIT);
    const context = recordingContext(dir);
    const result = await verifySchema(context, { ...request, fix: { name: 'add_name' } });
    if (result.fix?.kind !== 'written') throw new Error(`expected a written migration, got ${result.fix?.kind}`);
    const [written] = result.fix.paths;
    expect(result.fix.paths).toHaveLength(1);
    expect(written).toMatch(/add_name\.sql$/);
    expect(readdirSync(join(dir, 'migrations'))).toHaveLength(2);
    expect(readFileSync(written as string, 'utf8')).toContain('ALTER TABLE public.item ADD COLUMN name text NOT NULL');
    expect(context.said.info).toEqual([
      expect.stringMatching(/^Wrote migrations\/.*add_name\.sql: review it, then apply it with your migration tool\.$/),
    ]);
  });

  it('with fix, writes to an output file instead of the folder when given one', async () => {
    const { dir, request } = await project(INIT);
    const result = await verifySchema(recordingContext(dir), { ...request, fix: { name: 'x', output: 'fix.sql' } });
    expect(result.fix).toEqual({ kind: 'written', paths: ['fix.sql'] });
    expect(readFileSync(join(dir, 'fix.sql'), 'utf8')).toBe(result.sql);
    expect(readdirSync(join(dir, 'migrations'))).toEqual(['0001_init.sql']);
  });

  it('with fix, writes nothing when the database matches the models', async () => {
    const { dir, request } = await project(MODELS);
    const context = recordingContext(dir);
    const result = await verifySchema(context, { ...request, fix: { name: 'add_name' } });
    expect(result.changes).toEqual([]);
    expect(result.fix).toEqual({ kind: 'matching' });
    expect(readdirSync(join(dir, 'migrations'))).toEqual(['0001_init.sql']);
    expect(context.said.info).toEqual(['The database matches the models: no migration written.']);
  });
});
