/**
 * A schema-per-tenant target (`ResolvedConfig.scope`) on the PostgreSQL server: one tenant's
 * schema read alone and compared as the baseline's `public`, and migrations applied into it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResolvedConfig, type SchemaScope, defaultConfig } from '../../../src/config/load.js';
import { compareSchemas } from '../../../src/diff/index.js';
import { readMigrationFolder } from '../../../src/migrations/formats.js';
import { takeMigrationLock } from '../../../src/migrations/lock.js';
import { createSnapshot, serializeSnapshot } from '../../../src/schema/snapshot.js';
import { type LoadedSchema, loadSchema } from '../../../src/sources/load.js';
import { applyPending } from '../../../src/workflows/apply.js';
import { protocolTarget } from '../../../src/workflows/protocol.js';
import { rollBack } from '../../../src/workflows/rollback.js';
import {
  createServerDatabase,
  hasServer,
  openTestServer,
  postgres,
  type TestDatabase,
} from '../../helpers/databases.js';
import { recordingContext } from '../../helpers/workflow-context.js';

/** One tenant's tables, written unqualified: run with the tenant's schema as the search path. */
const TENANT_SQL = `
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE customer (id serial PRIMARY KEY, name text NOT NULL CHECK (name <> ''), mood mood DEFAULT 'happy');
CREATE TABLE item (id bigserial PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id), label text);
CREATE INDEX item_customer ON item (customer_id) WHERE label IS NOT NULL;
CREATE VIEW happy_customer AS SELECT c.id, c.name FROM customer c WHERE c.mood = 'happy';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.label := coalesce(NEW.label, 'x'); RETURN NEW; END $$;
CREATE TRIGGER item_touch BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch();
`;

const inSchema = (schema: string, sql: string) => `CREATE SCHEMA ${schema}; SET search_path TO ${schema};\n${sql}\n`;

describe.runIf(hasServer())('a schema-per-tenant target on the PostgreSQL server', () => {
  let tenants: TestDatabase;
  let plain: TestDatabase;
  let dir: string;
  let baseline: string;
  let folder: string;

  /** A config scoped to one tenant, compared as `public`. */
  const scoped = (schema: string, more: Partial<ResolvedConfig> = {}): ResolvedConfig => {
    const scope: SchemaScope = { schema, as: 'public' };
    return { ...defaultConfig(dir, { cwd: dir, env: {} }), scope, ...more };
  };
  const differences = (from: LoadedSchema, to: LoadedSchema) =>
    compareSchemas(postgres, from.schema, to.schema).changes.map((c) => `${c.action} ${c.objectType} ${c.path}`);

  /** `migrate apply` of the migration folder into one tenant, as the command runs it. */
  const apply = async (schema: string, lockWaitMs = 10_000) => {
    const config = scoped(schema, { migrations: { dir: folder, format: 'plain' } });
    const context = recordingContext(dir);
    const outcome = await applyPending(context, {
      config,
      folder: await readMigrationFolder(folder, 'plain', dir, postgres.lexer),
      ref: tenants.url,
      target: protocolTarget(tenants.url, config, {}),
      timeouts: { lockTimeoutMs: 5_000, statementTimeoutMs: 60_000, lockRetries: 0 },
      options: { format: 'text', yes: true, lockWaitMs },
    });
    return { outcome, said: context.said };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sg-scope-'));
    [tenants, plain] = await Promise.all([createServerDatabase('sgscope'), createServerDatabase('sgplain')]);
    const db = await openTestServer(tenants.url);
    try {
      await db.exec(
        [
          inSchema('tenant_a', TENANT_SQL),
          inSchema('tenant_b', TENANT_SQL),
          // A tenant whose name starts as tenant_a's does, with a table of its own that
          // references one all tenants share.
          'CREATE TABLE public.shared (id int PRIMARY KEY);',
          inSchema('tenant_a1', `${TENANT_SQL}\nCREATE TABLE only_a1 (shared_id int REFERENCES public.shared (id));`),
          'ALTER TABLE tenant_b.item ADD COLUMN drifted integer;',
          "INSERT INTO tenant_a.customer (name) VALUES ('ana'); INSERT INTO tenant_b.customer (name) VALUES ('bob');",
          // What belongs to the whole database is not a tenant's.
          'CREATE PUBLICATION everything FOR ALL TABLES;',
          // Two empty tenants for the migrations.
          'CREATE SCHEMA tenant_m; CREATE SCHEMA tenant_n;',
        ].join('\n'),
      );
    } finally {
      await db.close();
    }
    const other = await openTestServer(plain.url);
    try {
      await other.exec(TENANT_SQL);
    } finally {
      await other.close();
    }
    folder = join(dir, 'migrations');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '0001_init.sql'), TENANT_SQL);
    writeFileSync(
      join(folder, '0002_notes.sql'),
      `CREATE TYPE level AS ENUM ('low', 'high');
CREATE TABLE note (id serial PRIMARY KEY, customer_id integer REFERENCES customer (id), level level NOT NULL DEFAULT 'low');
CREATE INDEX note_customer ON note (customer_id);`,
    );
    // The baseline, as a team commits it: the schema in `public`, read without a scope.
    const loaded = await loadSchema(plain.url, { config: defaultConfig(dir, { cwd: dir, env: {} }) });
    baseline = join(dir, 'baseline_schema.json');
    writeFileSync(baseline, serializeSnapshot(createSnapshot(loaded.dialect, loaded.schema, {})));
  });

  afterAll(async () => {
    await Promise.all([tenants?.drop(), plain?.drop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a tenant alone, named as public, and finds it equal to the baseline', async () => {
    const config = scoped('tenant_a');
    const [tenant, expected] = await Promise.all([
      loadSchema(tenants.url, { config }),
      loadSchema(baseline, { config }),
    ]);
    expect(tenant.schema.schemas).toEqual([{ name: 'public' }]);
    expect(tenant.schema.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['public.customer', 'public.item']);
    expect(tenant.schema.tables[0]?.columns).toContainEqual({
      name: 'mood',
      type: 'public.mood',
      default: "'happy'::public.mood",
    });
    expect(tenant.schema.views[0]?.definition).toContain('FROM public.customer c');
    expect(differences(expected, tenant)).toEqual([]);
  });

  it('refuses a tenant whose schema the database does not have, in one sentence', async () => {
    await expect(loadSchema(tenants.url, { config: scoped('tenant_zz') })).rejects.toThrow(
      /^The database postgres:\/\/\S+ has no schema "tenant_zz"\.$/,
    );
  });

  it("reads a tenant's rows and table sizes under the names it is compared by", async () => {
    const tenant = await loadSchema(tenants.url, {
      config: scoped('tenant_a'),
      data: { tables: ['customer'], limit: 10 },
      tableSizes: true,
    });
    expect(tenant.data).toEqual({
      'public.customer': { columns: ['id', 'name', 'mood'], rows: [[1, 'ana', 'happy']] },
    });
    expect(Object.keys(tenant.tableSizes ?? {}).sort()).toEqual(['public.customer', 'public.item']);
  });

  it('shows a drifted tenant its one difference, and does not take tenant_a1 for tenant_a', async () => {
    const [expected, drifted, a1] = await Promise.all([
      loadSchema(baseline, { config: scoped('tenant_b') }),
      loadSchema(tenants.url, { config: scoped('tenant_b') }),
      loadSchema(tenants.url, { config: scoped('tenant_a1') }),
    ]);
    expect(differences(expected, drifted)).toEqual(['add column public.item.drifted']);
    expect(differences(expected, a1)).toEqual(['add table public.only_a1']);
    expect(a1.schema.tables.find((t) => t.name === 'only_a1')?.constraints).toMatchObject([
      { type: 'foreign key', references: { schema: 'public', table: 'shared', columns: ['id'] } },
    ]);
  });

  it('reads only the objects of the scoped schema, and nothing of the whole database', async () => {
    const db = await openTestServer(tenants.url);
    try {
      const { schema, notIncluded } = await db.introspect({ schemas: ['tenant_a'], includePrivileges: true });
      const schemas = new Set(
        [
          ...schema.tables,
          ...schema.views,
          ...schema.sequences,
          ...schema.enums,
          ...schema.functions,
          ...schema.extensions,
        ].map((o) => o.schema),
      );
      expect([...schemas]).toEqual(['tenant_a']);
      expect(schema.schemas.map((s) => s.name)).toEqual(['tenant_a']);
      expect(schema.publications ?? []).toEqual([]);
      expect(notIncluded).toEqual({});
      const whole = await db.introspect({});
      expect(whole.schema.publications?.map((p) => p.name)).toEqual(['everything']);
    } finally {
      await db.close();
    }
  });

  it('reads one tenant of many schemas in a fraction of the time the whole database takes', async () => {
    const many = await createServerDatabase('sgmany');
    const db = await openTestServer(many.url);
    try {
      const tables = (schema: string) =>
        Array.from(
          { length: 5 },
          (_, i) =>
            `CREATE TABLE ${schema}.t${i} (id int PRIMARY KEY, note text${i > 0 ? `, parent int REFERENCES ${schema}.t${i - 1} (id)` : ''});`,
        ).join('\n');
      const names = Array.from({ length: 300 }, (_, i) => `tenant_${String(i).padStart(4, '0')}`);
      await db.exec(['BEGIN;', ...names.map((s) => `CREATE SCHEMA ${s};\n${tables(s)}`), 'COMMIT;'].join('\n'));
      const fastest = async (read: () => Promise<unknown>) => {
        let best = Infinity;
        for (let i = 0; i < 3; i++) {
          const started = performance.now();
          await read();
          best = Math.min(best, performance.now() - started);
        }
        return best;
      };
      const whole = await fastest(() => db.introspect({}));
      const one = await fastest(() => db.introspect({ schemas: ['tenant_0042'] }));
      expect((await db.introspect({ schemas: ['tenant_0042'] })).schema.tables).toHaveLength(5);
      // 1,500 tables against 5: the scoped read starts from the tenant's few catalog rows.
      expect(one).toBeLessThan(whole / 3);
    } finally {
      await db.close();
      await many.drop();
    }
  });

  it('applies migrations into one tenant, with its own history, and a second apply is a no-op', async () => {
    const db = await openTestServer(tenants.url);
    const first = await apply('tenant_m');
    expect(first.outcome.code, JSON.stringify(first.said)).toBe(0);
    expect(first.outcome.report.result).toBe('applied');
    expect(first.outcome.report.postVerification).toEqual({ result: 'passed', problems: [] });
    try {
      const tablesNamed = (name: string) =>
        db.query<{ schema: string }>(
          `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = $1 ORDER BY 1`,
          [name],
        );
      // Into tenant_m alone: not public (the session's schema was tenant_m's), not tenant_n.
      expect(await tablesNamed('note')).toEqual([{ schema: 'tenant_m' }]);
      expect(await tablesNamed('customer')).toEqual([
        { schema: 'tenant_a' },
        { schema: 'tenant_a1' },
        { schema: 'tenant_b' },
        { schema: 'tenant_m' },
      ]);
      expect(await tablesNamed('schemaguard_migrations')).toEqual([{ schema: 'tenant_m' }]);
      const history = await db.query<{ version: string; success: boolean }>(
        'SELECT version, success FROM tenant_m.schemaguard_migrations ORDER BY version',
      );
      expect(history.map((h) => h.success)).toEqual([true, true]);

      const second = await apply('tenant_m');
      expect(second.outcome.code).toBe(0);
      expect(second.outcome.report.result).toBe('nothing to do');
      expect(second.outcome.report.executed).toEqual([]);
      expect(await db.query('SELECT count(*)::int AS rows FROM tenant_m.schemaguard_migrations')).toEqual([
        { rows: 2 },
      ]);
    } finally {
      await db.close();
    }
  });

  it('rolls one tenant back to the baseline, its own objects alone', async () => {
    const db = await openTestServer(tenants.url);
    try {
      // A table of public named as one of the tenant's: a rollback planned in `public` would drop it.
      await db.exec('CREATE TABLE public.note (id int)');
      const config = scoped('tenant_m', { migrations: { dir: folder, format: 'plain' }, backupData: true });
      const context = recordingContext(dir);
      const outcome = await rollBack(context, {
        config,
        expected: await loadSchema(baseline, { config }),
        folder: await readMigrationFolder(folder, 'plain', dir, postgres.lexer),
        ref: tenants.url,
        target: protocolTarget(tenants.url, config, {}),
        timeouts: { lockTimeoutMs: 5_000, statementTimeoutMs: 60_000, lockRetries: 0 },
        options: { format: 'text', yes: true, allowDataLoss: true, to: baseline, lockWaitMs: 10_000 },
      });
      expect(outcome.code, JSON.stringify(context.said)).toBe(0);
      expect(outcome.report.postVerification).toEqual({ result: 'passed', problems: [] });
      // The data backup holds the tenant's schema alone.
      const dump = outcome.report.backup?.data ?? '';
      const listed = execFileSync('pg_restore', ['--list', dump], { encoding: 'utf8' });
      expect(listed).toMatch(/TABLE DATA tenant_m note /);
      expect(listed).not.toMatch(/tenant_a|public/);
      const tables = await db.query<{ schema: string }>(
        "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'note' ORDER BY 1",
      );
      expect(tables).toEqual([{ schema: 'public' }]);
      const history = await db.query<{ version: string; kind: string; rolled_back: boolean }>(
        `SELECT version, kind, rolled_back_at IS NOT NULL AS rolled_back FROM tenant_m.schemaguard_migrations
         ORDER BY applied_at, version`,
      );
      expect(history.map((h) => [h.kind, h.rolled_back])).toEqual([
        ['migration', false],
        ['migration', true],
        ['rollback', false],
      ]);
    } finally {
      await db.close();
    }
  });

  it('locks each tenant on its own: another tenant migrates while one is locked', async () => {
    const holder = await openTestServer(tenants.url);
    try {
      // What a run on tenant_m holds for as long as it runs.
      await takeMigrationLock(holder, 'tenant_m.schemaguard_migrations');
      const [other, same] = await Promise.allSettled([apply('tenant_n', 1_000), apply('tenant_m', 1_000)]);
      expect(other.status === 'fulfilled' && other.value.outcome.report.executed.map((e) => e.label)).toEqual([
        '0001_init.sql',
        '0002_notes.sql',
      ]);
      expect(same.status === 'rejected' && String(same.reason)).toMatch(/Another migration run holds the lock/);
    } finally {
      await holder.close();
    }
  });
});
