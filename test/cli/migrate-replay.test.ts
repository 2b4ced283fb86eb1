import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import { folderWith } from '../helpers/folder.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';
import { type TargetDatabase, embeddedTarget, serverTarget } from '../helpers/migration-project.js';
import type { Connection } from '../../src/dialects/dialect.js';

/** A project folder with the given files, its config pointing `production` at the database. */
function project(url: string, files: Record<string, string>, config: object = {}): string {
  return folderWith(
    {
      'schemaguard.config.json': JSON.stringify({
        environments: { production: { url } },
        migrations: { dir: 'migrations' },
        ...(SERVER_URL && !url.startsWith('pglite:') ? { shadow: SERVER_URL } : {}),
        ...config,
      }),
      ...files,
    },
    'sg-replay-',
  );
}

/** Runs the files' SQL in order, as the tool would. */
async function run(db: Connection, ...sql: string[]): Promise<void> {
  for (const statement of sql) await db.exec(statement);
}

// golang-migrate: the table as its postgres driver creates it; it keeps only the current version.
const GOLANG_MIGRATE_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);';
const GOLANG = {
  'migrations/000001_init.up.sql': 'CREATE TABLE account (id bigint PRIMARY KEY, email text NOT NULL);\n',
  'migrations/000001_init.down.sql': 'DROP TABLE account;\n',
  'migrations/000002_history.up.sql':
    'ALTER TABLE schema_migrations ADD COLUMN applied_at timestamptz NOT NULL DEFAULT now();\nINSERT INTO schema_migrations (version, dirty) VALUES (0, false);\nCREATE INDEX account_email ON account (email);\n',
  'migrations/000002_history.down.sql': 'DROP INDEX account_email;\n',
};

// Flyway: createMetaDataTable.sql for PostgreSQL.
const FLYWAY_TABLE = `CREATE TABLE "public"."flyway_schema_history" (
  "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL,
  "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER,
  "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
  "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
ALTER TABLE "public"."flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
CREATE INDEX "flyway_schema_history_s_idx" ON "public"."flyway_schema_history" ("success");`;
const FLYWAY = {
  'migrations/V1__init.sql': 'CREATE TABLE item (id int PRIMARY KEY, name text);\n',
  'migrations/V2__audit.sql':
    "ALTER TABLE flyway_schema_history ADD COLUMN ticket text;\nUPDATE flyway_schema_history SET ticket = 'OPS-1' WHERE version = '1';\nCREATE INDEX item_name ON item (name);\n",
};
const flywayRow = (rank: number, version: string, script: string) =>
  `INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) VALUES (${rank}, '${version}', '${script}', 'SQL', '${script}', 1, 'deploy', 5, true);`;

/** Each test runs the CLI several times, each replaying on a shadow database. */
const SLOW = { timeout: 600_000 };

function suite(name: string, target: () => Promise<TargetDatabase>) {
  describe(name, SLOW, () => {
    const targets: TargetDatabase[] = [];
    const fresh = async () => {
      const t = await target();
      targets.push(t);
      return t;
    };
    afterAll(async () => {
      await Promise.all(targets.map((t) => t.drop()));
    });

    it('golang-migrate: a migration that alters and fills schema_migrations passes migrate check and status', async () => {
      const db = await fresh();
      const dir = project(db.url, GOLANG);
      await db.use((c) =>
        run(
          c,
          GOLANG_MIGRATE_TABLE,
          GOLANG['migrations/000001_init.up.sql'],
          GOLANG['migrations/000002_history.up.sql'],
          'TRUNCATE schema_migrations; INSERT INTO schema_migrations (version, dirty) VALUES (2, false);',
        ),
      );
      const check = await runCli(['migrate', 'check'], { cwd: dir });
      expect(check.stdout + check.stderr).toMatch(/✓ The migrations load/);
      expect(check.code).toBe(0);
      const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
      expect(status.stdout, status.stderr).toMatch(/History: public\.schema_migrations \(golang-migrate\)/);
      expect(status.stdout).toMatch(/2 applied, 0 pending, 0 interrupted, 0 failed, 0 changed, 0 unknown, 0 drifted/);
      expect(status.code).toBe(0);
    });

    it('flyway: a migration that alters and updates flyway_schema_history passes migrate check and status', async () => {
      const db = await fresh();
      const dir = project(db.url, FLYWAY);
      await db.use((c) =>
        run(
          c,
          FLYWAY_TABLE,
          FLYWAY['migrations/V1__init.sql'],
          flywayRow(1, '1', 'V1__init.sql'),
          FLYWAY['migrations/V2__audit.sql'],
          flywayRow(2, '2', 'V2__audit.sql'),
        ),
      );
      const check = await runCli(['migrate', 'check'], { cwd: dir });
      expect(check.code, check.stdout + check.stderr).toBe(0);
      const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
      expect(status.stdout, status.stderr).toMatch(/2 applied, 0 pending, .* 0 unknown, 0 drifted/);
      expect(status.code).toBe(0);
      // A real drift next to it is still caught.
      await db.use((c) => run(c, 'ALTER TABLE item ADD COLUMN extra int;'));
      const drift = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
      expect(drift.stdout).toMatch(/\+ column extra/);
      expect(drift.code).toBe(1);
    });

    it('a knex .js migration beside .sql ones is listed as not replayed (code); --strict makes it an error', async () => {
      const db = await fresh();
      const dir = project(db.url, {
        'migrations/0001_init.sql': 'CREATE TABLE item (id int PRIMARY KEY, n int);\n',
        'migrations/0002_backfill.js':
          'exports.up = (knex) => knex("item").update({ n: 1 });\nexports.down = () => {};\n',
        'migrations/0003_not_null.sql': 'ALTER TABLE item ALTER COLUMN n SET NOT NULL;\n',
      });
      const check = await runCli(['migrate', 'check'], { cwd: dir });
      expect(check.stdout).toMatch(/! code: 0002_backfill\.js: not replayed \(code\); the SQL migrations are checked/);
      expect(check.stdout).toMatch(/✓ The migrations load/);
      expect(check.code).toBe(0);
      const strict = await runCli(['migrate', 'check', '--strict'], { cwd: dir });
      expect(strict.stdout).toMatch(/✗ code: 0002_backfill\.js is a code migration: not replayed/);
      expect(strict.code).toBe(1);
      // The database as the team's runner leaves it: the SQL migrations applied, recorded in schemaguard's history.
      await db.use((c) =>
        run(
          c,
          'CREATE TABLE item (id int PRIMARY KEY, n int NOT NULL);',
          `CREATE TABLE schemaguard_migrations (version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer, applied_by text, git_commit text,
            success boolean NOT NULL, statements_done integer NOT NULL DEFAULT 0,
            skipped_verification boolean NOT NULL DEFAULT false, kind text NOT NULL DEFAULT 'migration',
            rolled_back_at timestamptz);`,
          "INSERT INTO schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'init', 'x', true), ('0003', 'not_null', 'x', true);",
        ),
      );
      const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
      expect(status.stdout, status.stderr).toMatch(
        /pending +0002 backfill {2}\(0002_backfill\.js\) {2}not replayed \(code\)/,
      );
      expect(status.stdout).toMatch(/2 applied, 0 pending, .* 0 drifted, 1 not replayed \(code\)/);
      expect(status.code).toBe(0);
      const strictStatus = await runCli(['migrate', 'status', '--env', 'production', '--strict'], { cwd: dir });
      expect(strictStatus.code).toBe(1);
      const plan = await runCli(['migrate', 'plan', '--env', 'production', '--strict'], { cwd: dir });
      expect(plan.stdout).toMatch(/✗ 0002_backfill\.js is a code migration/);
      expect(plan.code).toBe(1);
    });

    it('drizzle: an old migration edited after it ran is changed, not pending', async () => {
      const db = await fresh();
      const first = 'CREATE TABLE "author" ("id" serial PRIMARY KEY NOT NULL);\n';
      const second = 'ALTER TABLE "author" ADD COLUMN "name" text;\n';
      const dir = project(db.url, {
        'migrations/meta/_journal.json': JSON.stringify({
          version: '7',
          dialect: 'postgresql',
          entries: [
            { idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true },
            { idx: 1, version: '7', when: 1700000100000, tag: '0001_name', breakpoints: true },
          ],
        }),
        'migrations/0000_init.sql': `${first}-- a comment added later\n`,
        'migrations/0001_name.sql': second,
      });
      const hash = (text: string) => (c: Connection) =>
        c.query<{ h: string }>("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS h", [text]);
      await db.use(async (c) => {
        await run(
          c,
          'CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);',
          first,
          second,
        );
        const [a] = await hash(first)(c);
        const [b] = await hash(second)(c);
        await c.query(
          'INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, 1700000000000), ($2, 1700000100000)',
          [a?.h, b?.h],
        );
      });
      const status = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
      expect(status.stdout, status.stderr).toMatch(/changed +0000_init/);
      expect(status.stdout).toMatch(/applied +0001_name/);
      expect(status.stdout).toMatch(/1 applied, 0 pending, 0 interrupted, 0 failed, 1 changed, 0 unknown, 0 drifted/);
      expect(status.code).toBe(1);
    });
  });
}

suite('on an embedded database (the shadow embedded too)', embeddedTarget);
describe.runIf(hasServer())('on the PostgreSQL server (the shadow on the server too)', () => {
  suite('server', () => serverTarget('sgreplay'));
});

describe('a migrations folder at a git revision', SLOW, () => {
  let dir: string;
  beforeAll(() => {
    dir = project('pglite:./db', GOLANG);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qm', 'init');
    writeFileSync(join(dir, 'migrations/000003_name.up.sql'), 'ALTER TABLE account ADD COLUMN name text;\n');
  });

  it('is the ref migrations:git:REV:FOLDER, replayed like the folder was then', async () => {
    const result = await runCli(
      [
        'compare',
        '--baseline',
        'migrations:git:HEAD:migrations',
        '--current',
        'migrations:migrations',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(result.stderr).toBe('');
    const paths = JSON.parse(result.stdout).differences.map(
      (d: { action: string; path: string }) => `${d.action} ${d.path}`,
    );
    expect(paths).toEqual(['add public.account.name']);
  });

  it('git:REV:FOLDER says how to name a folder instead of failing to parse it', async () => {
    const result = await runCli(
      ['compare', '--baseline', 'git:HEAD:migrations', '--current', 'migrations:migrations'],
      {
        cwd: dir,
      },
    );
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/git:HEAD:migrations is a folder.*write migrations:git:HEAD:migrations\./);
  });

  it('names a missing folder and an unknown revision', async () => {
    const missing = await runCli(['dump', 'migrations:git:HEAD:nothing'], { cwd: dir });
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toMatch(/nothing does not exist at git revision HEAD/);
    const unknown = await runCli(['dump', 'migrations:git:no-such-rev:migrations'], { cwd: dir });
    expect(isOneSentenceError(unknown)).toBe(true);
    expect(unknown.stderr).toMatch(/Unknown git revision "no-such-rev"/);
  });
});
