/**
 * Other migration tools' history tables on SQLite, each created as the tool creates it on SQLite
 * and filled as the tool fills it, read by `readHistories` and by `migrate status`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dialectByName } from '../../../src/dialects/index.js';
import type { HistoryTool } from '../../../src/migrations/history.js';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith, tempFolder } from './helpers.js';

const sqlite = dialectByName('sqlite');

/** Each tool: its table as the tool creates it on SQLite, rows as the tool writes them, and what is read back. */
const TOOLS: readonly {
  readonly tool: HistoryTool;
  readonly sql: string;
  /** [version, success, appliedAt] per migration, in order. */
  readonly read: readonly (readonly [string, boolean, string | undefined])[];
  readonly name?: string;
  readonly checksum?: string;
}[] = [
  {
    // drizzle-orm's SQLite migrator: created_at is the journal's `when`, in milliseconds.
    tool: 'drizzle',
    sql: `CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (
  id SERIAL PRIMARY KEY,
  hash text NOT NULL,
  created_at numeric
);
INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES ('9f86d081', 1734221536864), ('60303ae2', 1734300000000);`,
    read: [
      ['1734221536864', true, undefined],
      ['1734300000000', true, undefined],
    ],
    checksum: '9f86d081',
  },
  {
    // Prisma's schema engine: started_at from the default, finished_at written by the engine (NULL: failed).
    tool: 'prisma',
    sql: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
INSERT INTO "_prisma_migrations" VALUES ('a1', 'c1', 1765000000123, '20261201000000_init', NULL, NULL, 1765000000000, 1);
INSERT INTO "_prisma_migrations" VALUES ('a2', 'c2', NULL, '20261202000000_bad', 'boom', NULL, '2026-12-02 10:00:00', 0);
INSERT INTO "_prisma_migrations" VALUES ('a3', 'c3', NULL, '20261202000000_bad', 'boom', '2026-12-02 11:00:00', '2026-12-02 09:00:00', 0);`,
    read: [
      ['20261201000000_init', true, '2025-12-06T05:46:40.123Z'],
      ['20261202000000_bad', false, '2026-12-02T10:00:00.000Z'],
    ],
  },
  {
    // knex on SQLite (its sqlite3 and better-sqlite3 drivers store a Date as milliseconds).
    tool: 'knex',
    sql: `create table \`knex_migrations\` (\`id\` integer not null primary key autoincrement, \`name\` varchar(255), \`batch\` integer, \`migration_time\` datetime);
create table \`knex_migrations_lock\` (\`index\` integer not null primary key autoincrement, \`is_locked\` integer);
insert into \`knex_migrations_lock\` (\`is_locked\`) values (0);
insert into \`knex_migrations\` (\`batch\`, \`migration_time\`, \`name\`) values (1, 1765000000000, '20261201_init.js');`,
    read: [['20261201_init.js', true, '2025-12-06T05:46:40.000Z']],
  },
  {
    tool: 'typeorm',
    sql: `CREATE TABLE "migrations" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "timestamp" bigint NOT NULL, "name" varchar NOT NULL);
INSERT INTO "migrations"("timestamp", "name") VALUES (1700000000000, 'Init1700000000000');`,
    read: [['1700000000000', true, undefined]],
    name: 'Init1700000000000',
  },
  {
    tool: 'sequelize',
    sql: "CREATE TABLE IF NOT EXISTS `SequelizeMeta` (`name` VARCHAR(255) NOT NULL UNIQUE PRIMARY KEY);\nINSERT INTO `SequelizeMeta` (`name`) VALUES ('20261201-create-user.js');",
    read: [['20261201-create-user.js', true, undefined]],
  },
  {
    // kysely's Migrator: the timestamp is an ISO string.
    tool: 'kysely',
    sql: `create table if not exists "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
create table if not exists "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
insert into "kysely_migration_lock" ("id", "is_locked") values ('migration_lock', 0);
insert into "kysely_migration" ("name", "timestamp") values ('0001_init', '2026-12-01T10:00:00.500Z');`,
    read: [['0001_init', true, '2026-12-01T10:00:00.500Z']],
  },
  {
    // golang-migrate's sqlite3 driver: only the current version, dirty when it failed.
    tool: 'golang-migrate',
    sql: `CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);
CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);
INSERT INTO schema_migrations (version, dirty) VALUES (3, 1);`,
    read: [['3', false, undefined]],
  },
  {
    // diesel_migrations' CREATE_MIGRATIONS_TABLE; run_on as SQLite's CURRENT_TIMESTAMP writes it.
    tool: 'diesel',
    sql: `CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
INSERT INTO __diesel_schema_migrations (version, run_on) VALUES ('00000000000000', '2026-12-01 10:00:00'), ('20240301090000', '2026-12-01 10:00:01');`,
    read: [
      ['00000000000000', true, '2026-12-01T10:00:00.000Z'],
      ['20240301090000', true, '2026-12-01T10:00:01.000Z'],
    ],
  },
  {
    tool: 'dbmate',
    sql: `create table if not exists schema_migrations (version varchar(128) primary key);
insert into schema_migrations (version) values ('20261201000000'), ('20261202000000');`,
    read: [
      ['20261201000000', true, undefined],
      ['20261202000000', true, undefined],
    ],
  },
  {
    // Django's MigrationRecorder on SQLite: applied with microseconds.
    tool: 'django',
    sql: `CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);
INSERT INTO "django_migrations" ("app", "name", "applied") VALUES ('shop', '0001_initial', '2026-12-01 10:00:00.123456');`,
    read: [['shop.0001_initial', true, '2026-12-01T10:00:00.123Z']],
  },
];

describe("other tools' history tables on SQLite", () => {
  for (const { tool, sql, read, name, checksum } of TOOLS) {
    it(`reads ${tool}'s table as ${tool} creates and fills it`, async () => {
      const connection = await sqlite.connect(`sqlite:${sqliteFileWith(sql)}`);
      try {
        const histories = await sqlite.history.readHistories(connection);
        expect(histories.map((h) => h.tool)).toEqual([tool]);
        const applied = histories[0]?.applied ?? [];
        expect(applied.map((a) => [a.version, a.success, a.appliedAt])).toEqual(read);
        if (name) expect(applied[0]?.name).toBe(name);
        if (checksum) expect(applied[0]?.checksum).toBe(checksum);
        // Only the tool asked for: another tool's name finds nothing.
        expect(
          await sqlite.history.readHistories(connection, {
            tool: tool === 'dbmate' || tool === 'golang-migrate' ? 'knex' : 'dbmate',
          }),
        ).toEqual([]);
      } finally {
        await connection.close();
      }
    });
  }

  it("creates each tool's table for replays as the tool does, and reads it back", async () => {
    for (const tool of [
      'drizzle',
      'prisma',
      'knex',
      'kysely',
      'typeorm',
      'sequelize',
      'golang-migrate',
      'dbmate',
      'diesel',
      'django',
      'flyway',
      'liquibase',
      'schemaguard',
    ] as const) {
      const ddl = sqlite.history.toolTableSql(tool);
      expect(ddl, tool).toBeDefined();
      const connection = await sqlite.connect(`sqlite:${sqliteFileWith(ddl as string)}`);
      try {
        expect(
          (await sqlite.history.readHistories(connection)).map((h) => [h.tool, h.applied.length]),
          tool,
        ).toEqual([[tool, 0]]);
      } finally {
        await connection.close();
      }
    }
  });

  it('migrate status reads a dbmate and a golang-migrate history on a SQLite file', async () => {
    const folder = tempFolder();
    mkdirSync(join(folder, 'db'));
    writeFileSync(
      join(folder, 'db', '20261201000000_user.sql'),
      '-- migrate:up\nCREATE TABLE user (id INTEGER PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE user;\n',
    );
    writeFileSync(
      join(folder, 'db', '20261202000000_post.sql'),
      '-- migrate:up\nCREATE TABLE post (id INTEGER PRIMARY KEY);\n\n-- migrate:down\nDROP TABLE post;\n',
    );
    writeFileSync(
      join(folder, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'db' } }),
    );
    sqliteFileWith(
      "CREATE TABLE user (id INTEGER PRIMARY KEY);\ncreate table if not exists schema_migrations (version varchar(128) primary key);\ninsert into schema_migrations (version) values ('20261201000000');",
      folder,
      'app.db',
    );
    const status = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: folder });
    expect(status.stdout).toContain('History: schema_migrations (dbmate)');
    expect(status.stdout).toContain('1 applied, 1 pending');
    expect(status.stdout).toContain('No drift');

    const go = tempFolder();
    mkdirSync(join(go, 'migrations'));
    writeFileSync(join(go, 'migrations', '1_user.up.sql'), 'CREATE TABLE user (id INTEGER PRIMARY KEY);\n');
    writeFileSync(join(go, 'migrations', '1_user.down.sql'), 'DROP TABLE user;\n');
    writeFileSync(join(go, 'migrations', '2_post.up.sql'), 'CREATE TABLE post (id INTEGER PRIMARY KEY);\n');
    writeFileSync(join(go, 'migrations', '2_post.down.sql'), 'DROP TABLE post;\n');
    writeFileSync(
      join(go, 'schemaguard.config.json'),
      JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }),
    );
    sqliteFileWith(
      'CREATE TABLE user (id INTEGER PRIMARY KEY);\nCREATE TABLE post (id INTEGER PRIMARY KEY);\nCREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);\nCREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);\nINSERT INTO schema_migrations VALUES (2, 0);',
      go,
      'app.db',
    );
    const goStatus = await runCli(['migrate', 'status', '--db', 'sqlite:./app.db'], { cwd: go });
    expect(goStatus.stdout).toContain('History: schema_migrations (golang-migrate)');
    expect(goStatus.stdout).toContain('2 applied, 0 pending');
    expect(goStatus.code, goStatus.stdout + goStatus.stderr).toBe(0);
  });
});
