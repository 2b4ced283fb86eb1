import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { folderWith } from '../helpers/folder.js';
import { readMigrationFolder } from '../../src/migrations/formats.js';
import { type HistoryTool, readHistories } from '../../src/migrations/history.js';
import { replaySteps } from '../../src/sources/shadow-refs.js';
import { buildOnShadow } from '../../src/shadow/shadow.js';
import {
  createServerDatabase,
  hasServer,
  openTestPglite,
  openTestServer,
  postgres,
  resetDatabase,
  SERVER_URL,
  type TestDatabase,
} from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

const TOOLS: readonly HistoryTool[] = [
  'schemaguard',
  'golang-migrate',
  'dbmate',
  'flyway',
  'prisma',
  'diesel',
  'drizzle',
  'knex',
  'django',
  'sequelize',
  'liquibase',
];

/** The columns of a table, `name type [not null]`, in order. */
async function columns(db: Connection, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ c: string }>(
    `SELECT a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END AS c
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema, table],
  );
  return rows.map((r) => r.c);
}

/** Shadow databases start slowly on a busy machine. */
const SLOW = { timeout: 300_000 };

function suite(name: string, open: () => Promise<{ db: Connection; done: () => Promise<void> }>) {
  describe(name, SLOW, () => {
    let db: Connection;
    let done: () => Promise<void>;
    beforeAll(async () => ({ db, done } = await open()), SLOW.timeout);
    afterAll(async () => done());
    beforeEach(async () => resetDatabase(db));

    it.each(TOOLS)(
      '%s: the table is created as the tool makes it, and read back as that tool’s history',
      async (tool) => {
        await db.exec(postgres.history.toolTableSql(tool) ?? '');
        // Read without naming the tool: the columns alone must say whose table it is.
        const histories = await readHistories(db);
        expect(histories.map((h) => h.tool)).toEqual([tool]);
      },
    );

    it('creates the columns with the types each tool gives them', async () => {
      for (const tool of TOOLS) await db.exec(postgres.history.toolTableSql(tool) ?? '');
      expect(await columns(db, 'drizzle', '__drizzle_migrations')).toEqual([
        'id integer not null',
        'hash text not null',
        'created_at bigint',
      ]);
      expect(await columns(db, 'public', 'flyway_schema_history')).toEqual([
        'installed_rank integer not null',
        'version character varying(50)',
        'description character varying(200) not null',
        'type character varying(20) not null',
        'script character varying(1000) not null',
        'checksum integer',
        'installed_by character varying(100) not null',
        'installed_on timestamp without time zone not null',
        'execution_time integer not null',
        'success boolean not null',
      ]);
      // As Django 3.2's MigrationRecorder creates it (`serial`, Django's default AutoField).
      expect(await columns(db, 'public', 'django_migrations')).toEqual([
        'id integer not null',
        'app character varying(255) not null',
        'name character varying(255) not null',
        'applied timestamp with time zone not null',
      ]);
      expect(await columns(db, 'public', 'knex_migrations_lock')).toEqual([
        'index integer not null',
        'is_locked integer',
      ]);
      const names = await db.query<{ name: string }>(
        `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'public.flyway_schema_history'::regclass AND contype = 'p'
         UNION ALL SELECT indexname FROM pg_indexes WHERE tablename = 'flyway_schema_history' ORDER BY 1`,
      );
      expect(names.map((n) => n.name)).toEqual([
        'flyway_schema_history_pk',
        'flyway_schema_history_pk',
        'flyway_schema_history_s_idx',
      ]);
    });

    it('puts the table where the config names it', async () => {
      await db.exec(postgres.history.toolTableSql('flyway', { schema: 'ops', table: 'history' }) ?? '');
      const [history] = await readHistories(db, { table: 'ops.history' });
      expect(history?.tool).toBe('flyway');
      expect(history?.table).toBe('ops.history');
    });
  });
}

suite('on PGlite', async () => {
  const db = await openTestPglite();
  return { db, done: () => db.close() };
});

describe.runIf(hasServer())('on a PostgreSQL server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createServerDatabase('sgtooltables');
  });
  afterAll(async () => database?.drop());
  suite('server', async () => {
    const db = await openTestServer(database.url);
    return { db, done: () => db.close() };
  });
});

describe('a replay starts with the history table of the folder’s tool', SLOW, () => {
  const shadow = {
    dialect: postgres,
    cacheDir: mkdtempSync(join(tmpdir(), 'sg-tool-tables-cache-')),
    server: SERVER_URL,
  };

  it('golang-migrate: a migration may alter and fill schema_migrations; the table is then bookkeeping', async () => {
    const dir = folderWith({
      '000001_init.up.sql': 'CREATE TABLE account (id bigint PRIMARY KEY);\n',
      '000002_history.up.sql':
        'ALTER TABLE schema_migrations ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();\nINSERT INTO schema_migrations (version, dirty) VALUES (0, false);\n',
    });
    const folder = await readMigrationFolder(dir);
    const steps = replaySteps(folder, folder.migrations, { cwd: dir, dialect: postgres.name });
    expect(steps[0]?.label).toBe('the golang-migrate history table');
    const result = await buildOnShadow(steps, shadow);
    const tables = result.schema.tables.map((t) => `${t.schema}.${t.name}`).sort();
    expect(tables).toEqual(['public.account', 'public.schema_migrations']);
    expect(result.schema.tables.find((t) => t.name === 'schema_migrations')?.columns.map((c) => c.name)).toEqual([
      'version',
      'dirty',
      'applied_at',
    ]);
  });

  it('flyway: a migration may update flyway_schema_history; a configured table is created under its name', async () => {
    const dir = folderWith({
      'V1__init.sql': 'CREATE TABLE item (id int PRIMARY KEY);\n',
      'V2__history.sql':
        "UPDATE ops.history SET description = 'x' WHERE false;\nCOMMENT ON TABLE ops.history IS 'ours';\n",
    });
    const folder = await readMigrationFolder(dir);
    const result = await buildOnShadow(
      replaySteps(folder, folder.migrations, {
        cwd: dir,
        dialect: postgres.name,
        migrations: { dir, table: 'ops.history' },
      }),
      shadow,
    );
    expect(result.schema.tables.find((t) => t.name === 'history')?.comment).toBe('ours');
  });

  it('plain: knex code migrations beside the SQL bring knex’s tables', async () => {
    const dir = folderWith({
      '20240101000000_init.sql': 'CREATE TABLE item (id int PRIMARY KEY);\n',
      '20240102000000_seed.js': 'exports.up = (knex) => knex("item").insert({ id: 1 });\nexports.down = () => {};\n',
      '20240103000000_lock.sql': 'UPDATE knex_migrations_lock SET is_locked = 0;\n',
    });
    const folder = await readMigrationFolder(dir);
    expect(folder.code).toEqual([
      { version: '20240102000000', name: 'seed', path: '20240102000000_seed.js', tool: 'knex' },
    ]);
    const result = await buildOnShadow(
      replaySteps(folder, folder.migrations, { cwd: dir, dialect: postgres.name }),
      shadow,
    );
    expect(result.schema.tables.map((t) => t.name).sort()).toEqual([
      'item',
      'knex_migrations',
      'knex_migrations_lock',
      'schemaguard_migrations',
    ]);
  });
});
