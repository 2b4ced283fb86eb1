import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeSharedEmbeddedDatabases } from '../../src/dialects/index.js';
import { readSnapshot } from '../../src/schema/snapshot.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';
import {
  applyIn,
  backupFiles,
  migrationProject,
  shadowCacheFolder,
  tableColumns,
} from '../helpers/migration-project.js';
import {
  createServerDatabase,
  hasServer,
  openEmbeddedFolder,
  openTestServer,
  postgres,
  type TestDatabase,
} from '../helpers/databases.js';
import type { Connection } from '../../src/dialects/dialect.js';

const ASSET = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text, size integer);\n';
const DROP_SIZE = 'ALTER TABLE public.asset DROP COLUMN size;\n';
const LESSON = 'CREATE TABLE public.lesson (id integer PRIMARY KEY);\n';
const RECORD_0001 = `${postgres.history.createSql()};
  INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'asset', '', true);`;

/** Runs SQL in the project's embedded database, creating it when needed, and returns query results. */
async function embedded<T>(dir: string, use: (db: Connection) => Promise<T>): Promise<T> {
  const db = await openEmbeddedFolder(join(dir, 'prod'));
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

async function historyRows(db: Connection) {
  return db.query<{ version: string; success: boolean; skipped_verification: boolean }>(
    'SELECT version, success, skipped_verification FROM public.schemaguard_migrations ORDER BY version',
  );
}

describe('schemaguard migrate apply on an embedded database', () => {
  it('runs the protocol: dry run, refusals before any backup, backup, apply, post-verify, nothing left to do', async () => {
    const dir = migrationProject('pglite:./prod', {
      '0001_asset.sql': ASSET,
      '0002_drop_size.sql': DROP_SIZE,
      '0003_lesson.sql': LESSON,
    });
    await embedded(dir, async (db) => {
      await db.exec(ASSET);
      await db.exec(RECORD_0001);
    });

    const dry = await applyIn(dir, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/Pending migrations \(2\):\n\s+0002_drop_size\.sql\n\s+0003_lesson\.sql/);
    expect(dry.stdout).toMatch(/Hazards: .*data-loss \(1\)/);
    expect(dry.stderr).toMatch(/Dry run: stopped after the plan/);
    expect(backupFiles(dir)).toEqual([]);

    const noTerminal = await applyIn(dir, '--allow-data-loss');
    expect(isOneSentenceError(noTerminal)).toBe(true);
    expect(noTerminal.stderr).toMatch(/no terminal to confirm on: pass --yes/);

    const dataLoss = await applyIn(dir, '--yes');
    expect(dataLoss.code).toBe(1);
    expect(dataLoss.stderr).toMatch(/Step 4 \(confirm\): the plan loses data \(column public\.asset\.size\)/);
    expect(backupFiles(dir)).toEqual([]);
    expect(await embedded(dir, (db) => tableColumns(db, 'asset'))).toEqual(['id', 'title', 'size']);

    const done = await applyIn(dir, '--yes', '--allow-data-loss');
    expect(done.stderr).toMatch(/6\. post-verify: passed/);
    expect(done.stdout).toMatch(/Done in [\d.]+ s: 0002_drop_size\.sql, 0003_lesson\.sql applied to production\./);
    expect(done.code).toBe(0);
    const files = backupFiles(dir);
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^\d{8}T\d{6}Z_(nogit|[0-9a-f]{7})\.json$/);
    expect(files[1]).toBe(files[0]?.replace(/\.json$/, '.sql'));
    // The backup is the schema before the run: it still has the dropped column.
    const backup = await readSnapshot(join(dir, 'database_schema/backups/production', files[0] ?? ''));
    expect(backup.schema.tables.find((t) => t.name === 'asset')?.columns.map((c) => c.name)).toContain('size');
    expect(readFileSync(join(dir, 'database_schema/backups/production', files[1] ?? ''), 'utf8')).toMatch(
      /CREATE TABLE public\.asset[\s\S]*size integer/,
    );
    await embedded(dir, async (db) => {
      expect(await tableColumns(db, 'asset')).toEqual(['id', 'title']);
      expect(await tableColumns(db, 'lesson')).toEqual(['id']);
      expect((await historyRows(db)).map((r) => [r.version, r.success])).toEqual([
        ['0001', true],
        ['0002', true],
        ['0003', true],
      ]);
    });
    expect((await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir })).code).toBe(0);

    const again = await applyIn(dir, '--yes');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Nothing to do: the database is already there/);
  }, 180_000);

  it('stops at pre-verification on drift, and records a skipped verification', async () => {
    const dir = migrationProject('pglite:./prod', { '0001_asset.sql': ASSET, '0002_lesson.sql': LESSON });
    // Built by hand, no history: every table is drift.
    await embedded(dir, (db) => db.exec(ASSET));
    const refused = await applyIn(dir, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Step 1 \(pre-verify\) failed, nothing was applied:\n\s+✗ drift: the database has table public\.asset/,
    );
    expect(backupFiles(dir)).toEqual([]);

    await embedded(dir, (db) => db.exec('DROP TABLE public.asset'));
    const skipped = await runCli(['migrate', 'apply', '--env', 'production', '--yes'], {
      cwd: dir,
      env: { SCHEMAGUARD_SKIP_VERIFICATION: 'true' },
    });
    // Nothing to skip now: the database is empty, as the migrations start.
    expect(skipped.stderr).not.toMatch(/SKIPPED/);
    expect(skipped.code).toBe(0);

    // Drift that does not stand in the way: the run goes ahead, the skip is recorded, post-verify still fails.
    const drifted = migrationProject('pglite:./prod', { '0001_asset.sql': ASSET, '0002_lesson.sql': LESSON });
    await embedded(drifted, (db) => db.exec(`${ASSET}${RECORD_0001}CREATE TABLE public.note (id integer);`));
    const forced = await runCli(['migrate', 'apply', '--env', 'production', '--yes', '--skip-verification'], {
      cwd: drifted,
    });
    expect(forced.stderr).toMatch(/WARNING: verification SKIPPED .*: 1 problems ignored; the skip is recorded/);
    expect(forced.stderr).toMatch(/applied 0002_lesson\.sql/);
    expect(forced.stderr).toMatch(/Step 6 \(post-verify\) failed: .*\n\s+✗ drift: the database has table public\.note/);
    expect(forced.code).toBe(1);
    expect(await embedded(drifted, historyRows)).toEqual([
      { version: '0001', success: true, skipped_verification: false },
      { version: '0002', success: true, skipped_verification: true },
    ]);
  }, 180_000);

  it('stops at the plan when a migration fails on the shadow database, before anything is applied', async () => {
    const dir = migrationProject('pglite:./prod', {
      '0001_asset.sql': ASSET,
      '0002_bad.sql':
        'CREATE TABLE public.lesson (id integer PRIMARY KEY);\nALTER TABLE public.nope ADD COLUMN x integer;\n',
    });
    await embedded(dir, async () => {});
    const failed = await applyIn(dir, '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /Step 3 \(plan\) failed, nothing was applied: .*0002_bad\.sql, line 2.*"public\.nope" does not exist/,
    );
    expect(backupFiles(dir)).toEqual([]);
    expect(await embedded(dir, (db) => tableColumns(db, 'asset'))).toEqual([]);
  }, 180_000);

  it('rolls back a migration that fails on the data, names its file and line, and records nothing for it', async () => {
    const dir = migrationProject('pglite:./prod', {
      '0001_asset.sql': ASSET,
      '0002_unique_title.sql': `${LESSON}CREATE UNIQUE INDEX asset_title ON public.asset (title);\n`,
    });
    // Fine on the empty shadow database, not on these rows.
    await embedded(dir, (db) =>
      db.exec(`${ASSET}${RECORD_0001}INSERT INTO public.asset VALUES (1, 'a', 1), (2, 'a', 2);`),
    );
    const failed = await applyIn(dir, '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/2\. backup: /);
    expect(failed.stderr).toMatch(
      /Step 5 \(execute\) failed: 0002_unique_title\.sql, line 2 .*could not create unique index/,
    );
    await embedded(dir, async (db) => {
      expect(await tableColumns(db, 'lesson')).toEqual([]);
      expect((await historyRows(db)).map((r) => r.version)).toEqual(['0001']);
    });
  }, 180_000);

  it('says what to do with a folder of another tool', async () => {
    const dir = migrationProject('pglite:./prod', {});
    mkdirSync(join(dir, 'prisma', '20250101000000_init'), { recursive: true });
    writeFileSync(join(dir, 'prisma', '20250101000000_init', 'migration.sql'), ASSET);
    const result = await runCli(['migrate', 'apply', '--env', 'production', '--dir', 'prisma', '--yes'], { cwd: dir });
    expect(isOneSentenceError(result)).toBe(true);
    expect(result.stderr).toMatch(
      /runner applies plain SQL folders; .* is a prisma folder: set "migrations\.command" in the config \(e\.g\. "npx prisma migrate deploy"\)/,
    );
  });

  it("suggests the command of the tool that owns the folder's format", async () => {
    const folders: [string, Record<string, string>, string][] = [
      [
        'golang-migrate',
        { '1_asset.up.sql': ASSET, '1_asset.down.sql': 'DROP TABLE public.asset;\n' },
        'migrate -path db/migrations -database "$DATABASE_URL" up',
      ],
      ['flyway', { 'V1__asset.sql': ASSET }, 'flyway -locations=filesystem:db/migrations migrate'],
      [
        'dbmate',
        { '20250101000000_asset.sql': `-- migrate:up\n${ASSET}\n-- migrate:down\n` },
        'dbmate --migrations-dir db/migrations up',
      ],
      [
        'drizzle',
        {
          '0000_asset.sql': ASSET,
          'meta/_journal.json': JSON.stringify({
            version: '7',
            dialect: 'postgresql',
            entries: [{ idx: 0, version: '7', when: 1, tag: '0000_asset', breakpoints: true }],
          }),
        },
        'npx drizzle-kit migrate',
      ],
    ];
    for (const [format, files, command] of folders) {
      const dir = migrationProject('pglite:./prod', {}, { migrations: { dir: 'db/migrations' } });
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, 'db', 'migrations', name, '..'), { recursive: true });
        writeFileSync(join(dir, 'db', 'migrations', name), text);
      }
      // Run from a subfolder: the command runs in the config's folder, so its path is from there.
      mkdirSync(join(dir, 'src'));
      const result = await runCli(['migrate', 'apply', '--env', 'production', '--yes'], { cwd: join(dir, 'src') });
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toContain(
        `is a ${format} folder: set "migrations.command" in the config (e.g. "${command}")`,
      );
    }
  });
});

describe('the confirmation, the environment snapshot and the system checks', () => {
  /** Runs apply on a pseudo-terminal (`script`), typing `answer`. */
  async function applyOnTerminal(dir: string, answer: string) {
    // The process opens the database this one keeps open between checks.
    await closeSharedEmbeddedDatabases();
    const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
    return spawnSync('script', ['-qec', `node ${cli} migrate apply --env production`, '/dev/null'], {
      cwd: dir,
      input: `${answer}\n`,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
  }

  it('on a terminal, production asks for its name: a wrong answer applies nothing, the right one applies', async () => {
    // The runs are processes of their own: a cache folder with the suite's image spares each an initdb.
    const cacheDir = shadowCacheFolder('sg-terminal-cache-');
    const dir = migrationProject('pglite:./prod', { '0001_asset.sql': ASSET }, { cacheDir });
    await embedded(dir, async () => {});
    const wrong = await applyOnTerminal(dir, 'yes');
    expect(wrong.stdout).toMatch(/Type the name of the environment \(production\) to apply these migrations:/);
    expect(wrong.stdout).toMatch(/Step 4 \(confirm\): not confirmed, nothing was applied\./);
    expect(wrong.status).toBe(1);
    expect(await embedded(dir, (db) => tableColumns(db, 'asset'))).toEqual([]);
    const right = await applyOnTerminal(dir, 'production');
    expect(right.stdout).toMatch(/6\. post-verify: passed/);
    expect(right.status).toBe(0);
    expect(await embedded(dir, (db) => tableColumns(db, 'asset'))).toEqual(['id', 'title', 'size']);
  }, 240_000);

  it('checks the environment snapshot before, rewrites it after, and fails on a failing system check', async () => {
    const dir = migrationProject(
      'pglite:./prod',
      { '0001_asset.sql': ASSET },
      {
        environments: { production: { url: 'pglite:./prod', snapshot: 'database_schema/production_schema.json' } },
        backup: { data: true },
        assertions: [{ table: 'asset', column: 'title' }],
        checks: [
          { name: 'asset readable', sql: 'SELECT 1 FROM public.asset LIMIT 1' },
          { name: 'marker present', command: 'test -f marker' },
        ],
      },
    );
    writeFileSync(join(dir, 'marker'), '');
    await embedded(dir, async () => {});
    const first = await applyIn(dir, '--yes');
    expect(first.stderr).toMatch(
      /✓ asset\.title exists[\s\S]*✗ asset readable: returned no rows[\s\S]*✓ marker present/,
    );
    expect(first.stderr).toMatch(/Step 7 \(system checks\) failed: asset readable: returned no rows\./);
    expect(first.code).toBe(1);
    // Written once post-verification passed, although a check then failed.
    const snapshotPath = join(dir, 'database_schema', 'production_schema.json');
    expect((await readSnapshot(snapshotPath)).schema.tables.map((t) => t.name)).toEqual(['asset']);

    await embedded(dir, (db) => db.exec("INSERT INTO public.asset VALUES (1, 'a', 1)"));
    writeFileSync(join(dir, 'migrations', '0002_lesson.sql'), LESSON);
    // The committed snapshot is stale: it still describes the empty database.
    const stale = readFileSync(snapshotPath, 'utf8');
    const emptied = JSON.parse(stale) as { schema: { tables: unknown[] } };
    emptied.schema.tables = [];
    writeFileSync(snapshotPath, JSON.stringify(emptied));
    const refused = await applyIn(dir, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Step 1 \(pre-verify\) failed[\s\S]*database_schema\/production_schema\.json: table public\.asset is new in the database/,
    );
    writeFileSync(snapshotPath, stale);
    const done = await applyIn(dir, '--yes', '--format', 'json');
    expect(done.code).toBe(0);
    const report = JSON.parse(done.stdout) as {
      result: string;
      snapshot: string;
      checks: { passed: boolean }[];
      backup: { data: string };
    };
    expect(report.result).toBe('applied');
    expect(report.checks.map((c) => c.passed)).toEqual([true, true, true]);
    // The embedded database's data directory, as a tarball that PGlite can start from.
    expect(report.backup.data).toMatch(/backups\/production\/\d{8}T\d{6}Z_nogit(?:-\d+)?\.tar\.gz$/);
    const { PGlite } = await import('@electric-sql/pglite');
    const restored = await PGlite.create({ loadDataDir: new Blob([readFileSync(report.backup.data)]) });
    try {
      expect((await restored.query('SELECT id FROM public.asset')).rows).toEqual([{ id: 1 }]);
    } finally {
      await restored.close();
    }
    expect((await readSnapshot(report.snapshot)).schema.tables.map((t) => t.name)).toEqual(['asset', 'lesson']);
  }, 240_000);
});

describe.runIf(hasServer())('schemaguard migrate apply on the PostgreSQL server', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('applies, records who and where, and post-verifies', async () => {
    const database = await createServerDatabase('sgapply');
    databases.push(database);
    const dir = migrationProject(database.url, { '0001_asset.sql': ASSET, '0002_lesson.sql': LESSON });
    const result = await applyIn(dir, '--yes');
    expect(result.stderr).toMatch(/6\. post-verify: passed/);
    expect(result.stdout).toMatch(/: 0001_asset\.sql, 0002_\w+\.sql applied to/);
    expect(result.code).toBe(0);
    const client = await openTestServer(database.url);
    try {
      expect(await tableColumns(client, 'lesson')).toEqual(['id']);
      const rows = await client.query<{ applied_by: string; skipped_verification: boolean }>(
        'SELECT applied_by, skipped_verification FROM public.schemaguard_migrations ORDER BY version',
      );
      expect(rows).toHaveLength(2);
      expect(rows[0]?.applied_by).toMatch(/.+@.+/);
      expect(rows[0]?.skipped_verification).toBe(false);
    } finally {
      await client.close();
    }
  }, 180_000);
});
