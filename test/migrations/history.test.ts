import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SchemaguardError } from '../../src/errors.js';
import { readHistories, type MigrationHistory, type ReadHistoriesOptions } from '../../src/migrations/history.js';
import {
  createServerDatabase,
  ensureServerRole,
  hasServer,
  openTestPglite,
  openTestServer,
  postgres,
  resetDatabase,
  type TestDatabase,
} from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Runs one parameterised statement per row. */
async function insertRows(db: Connection, sql: string, rows: readonly (readonly unknown[])[]): Promise<void> {
  for (const row of rows) await db.query(sql, row);
}

// Each history table as its tool creates it (current versions, PostgreSQL).

const PRISMA_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

const PRISMA_INSERT = `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at,
  started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

function drizzleDdl(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS "${schema}";
CREATE TABLE IF NOT EXISTS "${schema}"."__drizzle_migrations" (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at bigint
);`;
}

function flywayDdl(schema: string): string {
  return `CREATE TABLE "${schema}"."flyway_schema_history" (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
);
ALTER TABLE "${schema}"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "${schema}"."flyway_schema_history" ("success");`;
}

function flywayInsert(schema: string): string {
  return `INSERT INTO "${schema}"."flyway_schema_history" (installed_rank, version, description, type, script, checksum,
  installed_by, installed_on, execution_time, success) VALUES ($1, $2, $3, $4, $5, $6, 'deploy', $7, $8, $9)`;
}

function golangMigrateDdl(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS "${schema}"."schema_migrations" (version bigint not null primary key, dirty boolean not null)`;
}

const DBMATE_DDL = 'create table if not exists public.schema_migrations (version varchar primary key)';

const KNEX_DDL = `create table "knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
create table "knex_migrations_lock" ("index" serial primary key, "is_locked" integer);
insert into "knex_migrations_lock" ("is_locked") values (0);`;

const KNEX_INSERT = 'insert into "knex_migrations" ("batch", "migration_time", "name") values ($1, $2, $3)';

const KYSELY_DDL = `create table if not exists "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
create table if not exists "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
insert into "kysely_migration_lock" ("id", "is_locked") values ('migration_lock', 0);`;

const DJANGO_DDL = `CREATE TABLE "django_migrations" ("id" bigserial NOT NULL PRIMARY KEY, "app" varchar(255) NOT NULL,
  "name" varchar(255) NOT NULL, "applied" timestamp with time zone NOT NULL);`;

const TYPEORM_DDL = `CREATE TABLE "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL,
  CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"))`;

async function createPrisma(db: Connection): Promise<void> {
  await db.exec(PRISMA_DDL);
  await insertRows(db, PRISMA_INSERT, [
    [
      '5f1b6c8e-0c3a-4d59-9a49-2f0a6c1d7e01',
      sha('init'),
      '2024-01-05 09:30:01.25+00',
      '20240105093000_init',
      null,
      null,
      '2024-01-05 09:30:00.9+00',
      1,
    ],
    // Failed, then marked with `prisma migrate resolve --rolled-back`, then applied again.
    [
      '8a2d4f3b-7e61-4b0c-a3d2-6c9e1f5b2a02',
      sha('posts v1'),
      null,
      '20240210120000_add_posts',
      'Database error code: 42701\n\nDatabase error:\nERROR: column "title" of relation "post" already exists',
      '2024-02-10 12:05:00+00',
      '2024-02-10 12:00:00+00',
      0,
    ],
    [
      'c7e9a1d2-3b4f-4e8a-9c6d-1a2b3c4d5e03',
      sha('posts v2'),
      '2024-02-10 12:06:00.5+00',
      '20240210120000_add_posts',
      null,
      null,
      '2024-02-10 12:06:00+00',
      1,
    ],
    // Failed and not resolved.
    [
      'e3f4a5b6-c7d8-4e9f-8a0b-1c2d3e4f5a04',
      sha('post index'),
      null,
      '20240301080000_add_post_index',
      'Database error code: 23505\n\nDatabase error:\nERROR: could not create unique index "post_slug_key"',
      null,
      '2024-03-01 08:00:00+00',
      0,
    ],
  ]);
}

const PRISMA_HISTORY: MigrationHistory = {
  tool: 'prisma',
  table: 'public._prisma_migrations',
  applied: [
    {
      tool: 'prisma',
      version: '20240105093000_init',
      checksum: sha('init'),
      appliedAt: '2024-01-05T09:30:01.250Z',
      success: true,
    },
    {
      tool: 'prisma',
      version: '20240210120000_add_posts',
      checksum: sha('posts v2'),
      appliedAt: '2024-02-10T12:06:00.500Z',
      success: true,
    },
    {
      tool: 'prisma',
      version: '20240301080000_add_post_index',
      checksum: sha('post index'),
      appliedAt: '2024-03-01T08:00:00.000Z',
      success: false,
    },
  ],
};

async function createKnex(db: Connection): Promise<void> {
  await db.exec(KNEX_DDL);
  await insertRows(db, KNEX_INSERT, [
    [1, '2024-01-05 09:30:00.123+00', '20240105093000_create_users.js'],
    [1, '2024-01-05 09:30:00.456+00', '20240105093100_create_posts.js'],
    [2, '2024-02-10 12:00:00+00', '20240210120000_add_post_slug.js'],
  ]);
}

const KNEX_HISTORY: MigrationHistory = {
  tool: 'knex',
  table: 'public.knex_migrations',
  applied: [
    { tool: 'knex', version: '20240105093000_create_users.js', appliedAt: '2024-01-05T09:30:00.123Z', success: true },
    { tool: 'knex', version: '20240105093100_create_posts.js', appliedAt: '2024-01-05T09:30:00.456Z', success: true },
    { tool: 'knex', version: '20240210120000_add_post_slug.js', appliedAt: '2024-02-10T12:00:00.000Z', success: true },
  ],
};

async function createDrizzle(db: Connection, schema: string): Promise<void> {
  await db.exec(drizzleDdl(schema));
  await insertRows(db, `INSERT INTO "${schema}"."__drizzle_migrations" ("hash", "created_at") VALUES ($1, $2)`, [
    [sha('CREATE TABLE "users"'), '1704447000000'],
    [sha('ALTER TABLE "users" ADD COLUMN "email" text'), '1707566400000'],
  ]);
}

function drizzleHistory(schema: string): MigrationHistory {
  return {
    tool: 'drizzle',
    table: `${schema}.__drizzle_migrations`,
    applied: [
      { tool: 'drizzle', version: '1704447000000', checksum: sha('CREATE TABLE "users"'), success: true },
      {
        tool: 'drizzle',
        version: '1707566400000',
        checksum: sha('ALTER TABLE "users" ADD COLUMN "email" text'),
        success: true,
      },
    ],
  };
}

/** Flyway on a schema it created itself: versioned, repeatable, undone, repaired-away and failed migrations. */
async function createFlyway(db: Connection): Promise<void> {
  // installed_on has no time zone: flyway writes the session's local time.
  await db.exec(`SET TimeZone = 'Asia/Kolkata'; CREATE SCHEMA "app"; ${flywayDdl('app')}`);
  await insertRows(db, flywayInsert('app'), [
    [0, null, '<< Flyway Schema Creation >>', 'SCHEMA', '"app"', null, '2024-01-05 15:00:00', 0, true],
    [1, '1', 'create users', 'SQL', 'V1__create_users.sql', 1996767037, '2024-01-05 15:00:01.5', 41, true],
    [2, '1.1', 'add email', 'SQL', 'V1.1__add_email.sql', -1279644856, '2024-01-05 15:00:02', 12, true],
    [3, '1.2', 'fix emails', 'SQL', 'V1.2__fix_emails.sql', 309415781, '2024-01-05 15:00:03', 8, true],
    [4, null, 'refresh views', 'SQL', 'R__refresh_views.sql', 1032147762, '2024-01-05 15:00:04', 5, true],
    [5, '2', 'add orders', 'SQL', 'V2__add_orders.sql', 844271190, '2024-02-10 17:30:00', 30, true],
    [6, '2', 'add orders', 'UNDO_SQL', 'U2__add_orders.sql', -55720331, '2024-02-11 17:30:00', 9, true],
    // `flyway repair` after V1.2__fix_emails.sql was deleted.
    [7, '1.2', 'fix emails', 'DELETE', 'V1.2__fix_emails.sql', null, '2024-02-12 17:30:00', 0, true],
    [8, '3', 'add index', 'SQL', 'V3__add_index.sql', 1478653212, '2024-03-01 13:30:00', 700, false],
  ]);
}

const FLYWAY_HISTORY: MigrationHistory = {
  tool: 'flyway',
  table: 'app.flyway_schema_history',
  applied: [
    {
      tool: 'flyway',
      version: '1',
      name: 'create users',
      checksum: '1996767037',
      appliedAt: '2024-01-05T09:30:01.500Z',
      appliedBy: 'deploy',
      success: true,
    },
    {
      tool: 'flyway',
      version: '1.1',
      name: 'add email',
      checksum: '-1279644856',
      appliedAt: '2024-01-05T09:30:02.000Z',
      appliedBy: 'deploy',
      success: true,
    },
    {
      tool: 'flyway',
      version: '3',
      name: 'add index',
      checksum: '1478653212',
      appliedAt: '2024-03-01T08:00:00.000Z',
      appliedBy: 'deploy',
      success: false,
    },
  ],
};

async function createGolangMigrate(db: Connection, schema: string, dirty: boolean): Promise<void> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; ${golangMigrateDdl(schema)}`);
  await db.query(`INSERT INTO "${schema}"."schema_migrations" (version, dirty) VALUES ($1, $2)`, [
    '20240210120000',
    dirty,
  ]);
}

async function createDbmate(db: Connection): Promise<void> {
  await db.exec(DBMATE_DDL);
  await insertRows(db, 'insert into public.schema_migrations (version) values ($1)', [
    ['20240210120000'],
    ['20240105093000'],
  ]);
}

const DBMATE_HISTORY: MigrationHistory = {
  tool: 'dbmate',
  table: 'public.schema_migrations',
  applied: [
    { tool: 'dbmate', version: '20240105093000', success: true },
    { tool: 'dbmate', version: '20240210120000', success: true },
  ],
};

/** The tests, against whichever engine `client()` gives. */
function historyTests(client: () => Connection): void {
  it('finds nothing in a database without history tables', async () => {
    await client().exec('CREATE TABLE public.users (id integer PRIMARY KEY, email text)');
    expect(await readHistories(client())).toStrictEqual([]);
  });

  it('reads schemaguard history from the table its DDL creates, idempotently, without rollbacks and what they undid', async () => {
    const db = client();
    await db.exec(postgres.history.createSql());
    await db.exec(postgres.history.createSql());
    await insertRows(
      db,
      `INSERT INTO public.schemaguard_migrations (version, name, checksum, applied_at, execution_ms, applied_by,
        git_commit, success, statements_done, kind, rolled_back_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        [
          '20240210120000',
          'add_posts',
          sha('posts'),
          '2024-02-10 12:00:00+00',
          null,
          'ci',
          'def5678',
          false,
          2,
          'migration',
          null,
        ],
        [
          '20240105093000',
          'init',
          sha('init'),
          '2024-01-05 09:30:00+00',
          120,
          'alice',
          'abc1234',
          true,
          3,
          'migration',
          null,
        ],
        [
          '20240301000000',
          'tags',
          sha('tags'),
          '2024-03-01 00:00:00+00',
          5,
          'ci',
          'def5678',
          true,
          1,
          'migration',
          '2024-03-02 00:00:00+00',
        ],
        [
          'rollback_20240302T000000Z_def5678',
          'rollback to HEAD~1',
          sha('r'),
          '2024-03-02 00:00:00+00',
          7,
          'ci',
          null,
          true,
          1,
          'rollback',
          null,
        ],
      ],
    );
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'schemaguard',
        table: 'public.schemaguard_migrations',
        applied: [
          {
            tool: 'schemaguard',
            version: '20240105093000',
            name: 'init',
            checksum: sha('init'),
            appliedAt: '2024-01-05T09:30:00.000Z',
            appliedBy: 'alice',
            success: true,
          },
          {
            tool: 'schemaguard',
            version: '20240210120000',
            name: 'add_posts',
            checksum: sha('posts'),
            appliedAt: '2024-02-10T12:00:00.000Z',
            appliedBy: 'ci',
            success: false,
            statementsDone: 2,
          },
        ],
      },
    ]);
    const [row] = await db.query<Record<string, unknown>>(
      "SELECT kind, skipped_verification, statements_done FROM public.schemaguard_migrations WHERE version = '20240105093000'",
    );
    expect(row).toEqual({ kind: 'migration', skipped_verification: false, statements_done: 3 });
  });

  it('reads schemaguard history from a custom schema and table named by options.table', async () => {
    const db = client();
    await db.exec(`CREATE SCHEMA ops; ${postgres.history.createSql({ schema: 'ops', table: 'History' })}`);
    await db.query('INSERT INTO ops."History" (version, name, checksum, success) VALUES ($1, $2, $3, $4)', [
      '001',
      'init',
      sha('init'),
      true,
    ]);
    expect(await readHistories(db)).toStrictEqual([]);
    for (const table of ['ops."History"', 'ops.History']) {
      const [history] = await readHistories(db, { table });
      expect(history?.tool).toBe('schemaguard');
      expect(history?.table).toBe('ops."History"');
      expect(history?.applied.map((m) => [m.version, m.name, m.checksum, m.success])).toEqual([
        ['001', 'init', sha('init'), true],
      ]);
      expect(history?.applied[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
  });

  it('reads prisma: rolled-back attempts skipped, an unfinished one failed', async () => {
    await createPrisma(client());
    expect(await readHistories(client())).toStrictEqual([PRISMA_HISTORY]);
  });

  it('reads drizzle from the drizzle schema: the journal `when` as version, the hash as checksum', async () => {
    await createDrizzle(client(), 'drizzle');
    expect(await readHistories(client())).toStrictEqual([drizzleHistory('drizzle')]);
  });

  it('reads drizzle from public.__drizzle_migrations (older versions, custom schema)', async () => {
    await createDrizzle(client(), 'public');
    expect(await readHistories(client())).toStrictEqual([drizzleHistory('public')]);
  });

  it('reads flyway: schema marker, repeatables, undone and repaired-away rows skipped, local times read as such', async () => {
    await createFlyway(client());
    expect(await readHistories(client())).toStrictEqual([FLYWAY_HISTORY]);
  });

  it('reads flyway baselined on an existing database: the baseline counts as applied', async () => {
    const db = client();
    await db.exec(flywayDdl('public'));
    await insertRows(db, flywayInsert('public'), [
      [1, '1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', null, '2024-01-05 09:30:00', 0, true],
      [2, '2', 'add orders', 'SQL', 'V2__add_orders.sql', 844271190, '2024-02-10 12:00:00.25', 30, true],
    ]);
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'flyway',
        table: 'public.flyway_schema_history',
        applied: [
          {
            tool: 'flyway',
            version: '1',
            name: '<< Flyway Baseline >>',
            appliedAt: '2024-01-05T09:30:00.000Z',
            appliedBy: 'deploy',
            success: true,
          },
          {
            tool: 'flyway',
            version: '2',
            name: 'add orders',
            checksum: '844271190',
            appliedAt: '2024-02-10T12:00:00.250Z',
            appliedBy: 'deploy',
            success: true,
          },
        ],
      },
    ]);
  });

  it('reads golang-migrate: one row, its current version; dirty means failed', async () => {
    const db = client();
    await createGolangMigrate(db, 'public', false);
    const expected = (success: boolean): MigrationHistory[] => [
      {
        tool: 'golang-migrate',
        table: 'public.schema_migrations',
        applied: [{ tool: 'golang-migrate', version: '20240210120000', success }],
      },
    ];
    expect(await readHistories(db)).toStrictEqual(expected(true));
    await db.exec('UPDATE public.schema_migrations SET dirty = true');
    expect(await readHistories(db)).toStrictEqual(expected(false));
  });

  it('reads dbmate: schema_migrations without `dirty`, one row per migration, in version order', async () => {
    await createDbmate(client());
    expect(await readHistories(client())).toStrictEqual([DBMATE_HISTORY]);
  });

  it('tells schema_migrations with `dirty` (golang-migrate) from one without (dbmate) in the same database', async () => {
    await createDbmate(client());
    await createGolangMigrate(client(), 'billing', true);
    expect(await readHistories(client())).toStrictEqual([
      {
        tool: 'golang-migrate',
        table: 'billing.schema_migrations',
        applied: [{ tool: 'golang-migrate', version: '20240210120000', success: false }],
      },
      DBMATE_HISTORY,
    ]);
  });

  it('reads knex, ignoring its lock table', async () => {
    await createKnex(client());
    expect(await readHistories(client())).toStrictEqual([KNEX_HISTORY]);
  });

  it('reads kysely in timestamp order, ignoring its lock table', async () => {
    const db = client();
    await db.exec(KYSELY_DDL);
    await insertRows(db, 'insert into "kysely_migration" ("name", "timestamp") values ($1, $2)', [
      ['2024_02_10_add_posts', '2024-02-10T12:00:00.456Z'],
      ['2024_01_05_create_users', '2024-01-05T09:30:00.123Z'],
    ]);
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'kysely',
        table: 'public.kysely_migration',
        applied: [
          { tool: 'kysely', version: '2024_01_05_create_users', appliedAt: '2024-01-05T09:30:00.123Z', success: true },
          { tool: 'kysely', version: '2024_02_10_add_posts', appliedAt: '2024-02-10T12:00:00.456Z', success: true },
        ],
      },
    ]);
  });

  it('reads typeorm: the timestamp as version, the class name as name', async () => {
    const db = client();
    await db.exec(TYPEORM_DDL);
    await insertRows(db, 'INSERT INTO "migrations"("timestamp", "name") VALUES ($1, $2)', [
      ['1704447000000', 'CreateUsers1704447000000'],
      ['1707566400000', 'AddPosts1707566400000'],
    ]);
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'typeorm',
        table: 'public.migrations',
        applied: [
          { tool: 'typeorm', version: '1704447000000', name: 'CreateUsers1704447000000', success: true },
          { tool: 'typeorm', version: '1707566400000', name: 'AddPosts1707566400000', success: true },
        ],
      },
    ]);
  });

  it('reads django_migrations: `app.name` as version, in the order Django recorded them', async () => {
    const db = client();
    // What Django 3.2's MigrationRecorder creates on PostgreSQL (with DEFAULT_AUTO_FIELD = BigAutoField).
    await db.exec(DJANGO_DDL);
    await insertRows(db, 'INSERT INTO "django_migrations" ("app", "name", "applied") VALUES ($1, $2, $3)', [
      ['contenttypes', '0001_initial', '2024-01-05 09:30:00.250+00'],
      ['content', '0001_initial', '2024-01-05 09:30:00.250+00'],
      ['content', '0003_rename_field', '2024-02-10 13:00:00+01'],
    ]);
    expect(await readHistories(db)).toStrictEqual([
      {
        tool: 'django',
        table: 'public.django_migrations',
        applied: [
          {
            tool: 'django',
            version: 'contenttypes.0001_initial',
            name: '0001_initial',
            appliedAt: '2024-01-05T09:30:00.250Z',
            success: true,
          },
          {
            tool: 'django',
            version: 'content.0001_initial',
            name: '0001_initial',
            appliedAt: '2024-01-05T09:30:00.250Z',
            success: true,
          },
          {
            tool: 'django',
            version: 'content.0003_rename_field',
            name: '0003_rename_field',
            appliedAt: '2024-02-10T12:00:00.000Z',
            success: true,
          },
        ],
      },
    ]);
  });

  it('does not take a user table named `migrations` with other columns for typeorm', async () => {
    const db = client();
    // db-migrate's table, and an application's own.
    await db.exec(`CREATE TABLE public.migrations (id serial PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
      CREATE SCHEMA app;
      CREATE TABLE app.migrations (id serial PRIMARY KEY, "timestamp" bigint NOT NULL, name text NOT NULL, user_id integer);
      INSERT INTO public.migrations (name, run_on) VALUES ('/20240105093000-init', '2024-01-05 09:30:00');`);
    expect(await readHistories(db)).toStrictEqual([]);
  });

  it('returns every tool found in one database', async () => {
    const db = client();
    await createPrisma(db);
    await createKnex(db);
    await createDrizzle(db, 'drizzle');
    await createFlyway(db);
    await createGolangMigrate(db, 'billing', false);
    const histories = await readHistories(db);
    expect(histories.map((h) => [h.tool, h.table])).toEqual([
      ['flyway', 'app.flyway_schema_history'],
      ['golang-migrate', 'billing.schema_migrations'],
      ['drizzle', 'drizzle.__drizzle_migrations'],
      ['prisma', 'public._prisma_migrations'],
      ['knex', 'public.knex_migrations'],
    ]);
    expect(histories).toContainEqual(PRISMA_HISTORY);
    expect(histories).toContainEqual(KNEX_HISTORY);
    expect(histories).toContainEqual(FLYWAY_HISTORY);
  });

  it('filters by options.tool and options.table; options.table also finds a custom-named table', async () => {
    const db = client();
    await createPrisma(db);
    await createKnex(db);
    await db.exec(`CREATE SCHEMA ops;
      create table "ops"."knex_history" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
      insert into "ops"."knex_history" ("name", "batch", "migration_time") values ('001_init.js', 1, '2024-01-05 09:30:00+00');`);
    const tables = async (options: ReadHistoriesOptions) =>
      (await readHistories(db, options)).map((h) => `${h.tool} ${h.table}`);
    expect(await tables({})).toEqual(['prisma public._prisma_migrations', 'knex public.knex_migrations']);
    expect(await tables({ tool: 'knex' })).toEqual(['knex public.knex_migrations']);
    expect(await tables({ tool: 'flyway' })).toEqual([]);
    expect(await tables({ table: 'public._prisma_migrations' })).toEqual(['prisma public._prisma_migrations']);
    expect(await tables({ table: '_prisma_migrations', tool: 'prisma' })).toEqual(['prisma public._prisma_migrations']);
    expect(await tables({ table: '_prisma_migrations', tool: 'knex' })).toEqual([]);
    expect(await tables({ table: 'public.nothing' })).toEqual([]);
    expect(await readHistories(db, { table: 'ops.knex_history' })).toStrictEqual([
      {
        tool: 'knex',
        table: 'ops.knex_history',
        applied: [{ tool: 'knex', version: '001_init.js', appliedAt: '2024-01-05T09:30:00.000Z', success: true }],
      },
    ]);
  });

  it('ends its read-only transaction, so the connection can write afterwards', async () => {
    const db = client();
    await createKnex(db);
    await readHistories(db);
    await db.exec('CREATE TABLE public.after_read (id integer)');
    expect(await db.query('SELECT * FROM public.after_read')).toEqual([]);
  });
}

describe('migration history on PGlite', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await openTestPglite();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await db.exec("SET TimeZone = 'UTC'");
  });
  afterAll(async () => {
    await db?.close();
  });

  historyTests(() => db);
});

describe.runIf(hasServer())('migration history on the PostgreSQL server', () => {
  let database: TestDatabase;
  let db: Connection;
  beforeAll(async () => {
    database = await createServerDatabase('sghistory');
    db = await openTestServer(database.url);
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await db.exec("SET TimeZone = 'UTC'");
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  historyTests(() => db);

  it('tells a role without SELECT on a history table which table it may not read', async () => {
    await createPrisma(db);
    await ensureServerRole('sg_history_reader');
    const url = new URL(database.url);
    url.username = 'sg_history_reader';
    const reader = await openTestServer(url.toString());
    try {
      const denied = readHistories(reader);
      await expect(denied).rejects.toThrow(SchemaguardError);
      await expect(denied).rejects.toThrow(/Permission denied .* public\._prisma_migrations: grant SELECT/);
      await db.exec('GRANT SELECT ON public._prisma_migrations TO sg_history_reader');
      expect(await readHistories(reader)).toStrictEqual([PRISMA_HISTORY]);
    } finally {
      await reader.close();
    }
  });
});
