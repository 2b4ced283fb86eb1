import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drizzleModelDdl } from '../../src/sources/models/drizzle.js';
import { prismaModelDdl } from '../../src/sources/models/prisma.js';
import {
  createServerDatabase,
  ensureServerRole,
  hasServer,
  openEmbeddedFolder,
  openTestServer,
  postgres,
  serverAdminQuery,
  serverUrlFor,
} from '../helpers/databases.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

/** A project folder with the given files (paths relative to it). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-project-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Creates the embedded database `dir/name` and runs SQL in it. */
async function database(dir: string, name: string, ...sql: string[]): Promise<void> {
  const db = await openEmbeddedFolder(join(dir, name));
  for (const s of sql) await db.exec(s);
  await db.close();
}

const INIT = `CREATE TABLE public.resource (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.asset (
  id integer PRIMARY KEY,
  title text NOT NULL,
  size integer,
  resource_id integer NOT NULL REFERENCES public.resource (id) ON DELETE CASCADE
);
`;
const COURSE = 'CREATE TABLE public.course (id integer PRIMARY KEY, title text NOT NULL);\n';

const CONFIG = JSON.stringify({
  environments: { development: { url: 'pglite:./dev' } },
  migrations: { dir: 'migrations', format: 'plain' },
  models: 'sql:schema.sql',
});

describe('schemaguard verify with a plain SQL migration folder', () => {
  it('is clean when the database matches, names each injected drift, and --fix repairs it', async () => {
    const dir = project({
      'schemaguard.config.json': CONFIG,
      'migrations/0001_init.sql': INIT,
      'migrations/0002_course.sql': COURSE,
      'schema.sql': INIT + COURSE,
    });
    await database(dir, 'dev', INIT, COURSE);
    const clean = await runCli(['verify'], { cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/No differences\./);

    await database(
      dir,
      'dev',
      'ALTER TABLE public.asset DROP COLUMN title',
      'ALTER TABLE public.resource RENAME COLUMN name TO label',
      'ALTER TABLE public.asset ALTER COLUMN size TYPE bigint',
      'ALTER TABLE public.asset DROP CONSTRAINT asset_resource_id_fkey',
    );
    const drift = await runCli(['verify', '--format', 'json'], { cwd: dir });
    expect(drift.code).toBe(1);
    const found = JSON.parse(drift.stdout).differences.map(
      (d: { action: string; path: string }) => `${d.action} ${d.path}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        // Read the way the fix goes: it adds back what the database lacks, drops what the models lack.
        'add public.asset.title',
        'add public.resource.name',
        'drop public.resource.label',
        'alter public.asset.size',
        'add public.asset.asset_resource_id_fkey',
      ]),
    );

    const fix = await runCli(['verify', '--fix', '--name', 'repair'], { cwd: dir });
    expect(fix.code).toBe(1);
    expect(fix.stderr).toMatch(/Wrote migrations\/0003_repair\.sql/);
    const written = readdirSync(join(dir, 'migrations')).find((f) => f.endsWith('_repair.sql')) as string;
    const migration = readFileSync(join(dir, 'migrations', written), 'utf8');
    // The header names both sides as the config does: no path of this machine in a committed file.
    expect(migration).toMatch(/^-- schemaguard .*: bring pglite:\.\/dev to sql:\.\/schema\.sql$/m);
    await database(dir, 'dev', migration);
    const repaired = await runCli(['verify'], { cwd: dir });
    expect(repaired.code, repaired.stdout).toBe(0);
  }, 180_000);

  it('builds the models once: a second run with unchanged inputs starts no shadow database', async () => {
    // SQL no other test builds: this process remembers every build, whatever its cache folder.
    const init = `-- ${randomUUID()}\n${INIT}`;
    const dir = project({ 'schemaguard.config.json': CONFIG, 'migrations/0001_init.sql': init, 'schema.sql': init });
    await database(dir, 'dev', INIT);
    const env = { SCHEMAGUARD_DEBUG: '1' };
    const first = await runCli(['verify'], { cwd: dir, env });
    expect(first.stderr).toMatch(/shadow database started \(pglite\)/);
    const second = await runCli(['verify'], { cwd: dir, env });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/taken from the cache/);
    expect(second.stderr).not.toMatch(/shadow database started/);
    writeFileSync(join(dir, 'schema.sql'), init + COURSE);
    const changed = await runCli(['verify'], { cwd: dir, env });
    expect(changed.stderr).toMatch(/shadow database started/);
    // The models now have a table the database lacks: a breaking difference.
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/\+ table public\.course \[breaking\]\n\s+fix: create table, no hazard/);
  }, 120_000);

  it('refuses --fix without a migration folder or --output', async () => {
    const dir = project({
      'schemaguard.config.json': JSON.stringify({ models: 'sql:schema.sql' }),
      'schema.sql': INIT,
    });
    await database(dir, 'dev', INIT);
    const result = await runCli(['verify', '--db', 'pglite:./dev', '--fix'], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/--fix writes a migration, but the config names no migration folder/);
  }, 60_000);
});

/** The four drifts each models example must catch: a dropped column, a renamed one, a changed type, a missing foreign key. */
const DRIFTS = [
  'ALTER TABLE public.asset DROP COLUMN deleted_at',
  'ALTER TABLE public.resource RENAME COLUMN name TO label',
  'ALTER TABLE public.asset ALTER COLUMN title TYPE text',
  // Each ORM names the foreign key its own way: drop whichever asset has.
  `DO $$ DECLARE fk text; BEGIN
     SELECT conname INTO fk FROM pg_constraint WHERE conrelid = 'public.asset'::regclass AND contype = 'f';
     EXECUTE format('ALTER TABLE public.asset DROP CONSTRAINT %I', fk);
   END $$`,
];

/** verify names each drift of DRIFTS, then a --fix migration applied makes it clean. */
async function expectDriftsAndFix(dir: string): Promise<void> {
  const drift = await runCli(['verify', '--db', 'pglite:./dev', '--format', 'json'], { cwd: dir });
  expect(drift.code).toBe(1);
  const differences = JSON.parse(drift.stdout).differences as { action: string; objectType: string; path: string }[];
  expect(differences.map((d) => `${d.action} ${d.objectType} ${d.path}`)).toEqual(
    expect.arrayContaining([
      'add column public.asset.deleted_at',
      'add column public.resource.name',
      'drop column public.resource.label',
      'alter column public.asset.title',
    ]),
  );
  expect(
    differences.some((d) => d.action === 'add' && d.objectType === 'constraint' && d.path.startsWith('public.asset.')),
  ).toBe(true);
  const fix = await runCli(['verify', '--db', 'pglite:./dev', '--fix', '--output', 'fix.sql'], { cwd: dir });
  expect(fix.code).toBe(1);
  await database(dir, 'dev', readFileSync(join(dir, 'fix.sql'), 'utf8'));
  const repaired = await runCli(['verify', '--db', 'pglite:./dev'], { cwd: dir });
  expect(repaired.code, repaired.stdout).toBe(0);
}

describe('schemaguard verify with drizzle models', () => {
  it('matches a database built from the models, names each injected drift, and --fix repairs it', async () => {
    const models = join(import.meta.dirname, '..', 'fixtures', 'drizzle', 'schema.ts');
    const dir = project({ 'schemaguard.config.json': JSON.stringify({ models: `drizzle:${models}` }) });
    await database(dir, 'dev', (await drizzleModelDdl(models)).join('\n'));
    const clean = await runCli(['verify', '--db', 'pglite:./dev'], { cwd: dir });
    expect(clean.code, `${clean.stdout}${clean.stderr}`).toBe(0);
    await database(dir, 'dev', ...DRIFTS);
    await expectDriftsAndFix(dir);
  }, 180_000);

  it('takes what the ORM cannot describe from SQL joined to the models with " + "', async () => {
    const models = join(import.meta.dirname, '..', 'fixtures', 'drizzle', 'schema.ts');
    const trigger = `CREATE FUNCTION public.lowercase_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.email := lower(NEW.email); RETURN NEW; END $$;
CREATE TRIGGER app_user_lowercase_email BEFORE INSERT ON public.app_user FOR EACH ROW EXECUTE FUNCTION public.lowercase_email();
`;
    const dir = project({
      'triggers.sql': trigger,
      'schemaguard.config.json': JSON.stringify({ models: `drizzle:${models} + sql:./triggers.sql` }),
    });
    await database(dir, 'dev', (await drizzleModelDdl(models)).join('\n'), trigger);
    const combined = await runCli(['verify', '--db', 'pglite:./dev', '--strict'], { cwd: dir });
    expect(combined.code, `${combined.stdout}${combined.stderr}`).toBe(0);
    // The models alone cannot express the trigger and its function: listed, not compared, not dropped.
    const alone = await runCli(['verify', '--db', 'pglite:./dev', '--models', `drizzle:${models}`, '--format', 'sql'], {
      cwd: dir,
    });
    expect(alone.code, `${alone.stdout}${alone.stderr}`).toBe(0);
    expect(alone.stdout).not.toMatch(/DROP (FUNCTION|TRIGGER)/);
    const listed = await runCli(['verify', '--db', 'pglite:./dev', '--models', `drizzle:${models}`], { cwd: dir });
    expect(listed.stdout).toMatch(/Not described by the drizzle models, so not compared/);
    expect(listed.stdout).toMatch(/function \(1\): public\.lowercase_email\(\)/);
    expect(listed.stdout).toMatch(/trigger \(1\): public\.app_user\.app_user_lowercase_email/);
    // --strict compares them: the fix would drop both.
    const strict = await runCli(['verify', '--db', 'pglite:./dev', '--strict', '--models', `drizzle:${models}`], {
      cwd: dir,
    });
    expect(strict.stdout).toMatch(/- function public\.lowercase_email\(\) \[warning\]\n\s+fix: drop function/);
    expect(strict.code).toBe(1);
    const mixed = await runCli(['verify', '--db', 'pglite:./dev', '--models', `sql:./triggers.sql + pglite:./dev`], {
      cwd: dir,
    });
    expect(isOneSentenceError(mixed)).toBe(true);
    expect(mixed.stderr).toMatch(
      /joins a database ref: only sql:, migrations:, drizzle: and prisma: refs can be joined/,
    );
  }, 180_000);

  it('names a models module that does not load', async () => {
    const broken = join(import.meta.dirname, '..', 'fixtures', 'drizzle', 'broken.ts');
    const dir = project({});
    await database(dir, 'dev');
    const result = await runCli(['verify', '--db', 'pglite:./dev', '--models', `drizzle:${broken}`], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/broken\.ts, line 6, does not load: boom/);
  }, 60_000);
});

describe('schemaguard verify with Prisma models', () => {
  it('matches a database built from the schema.prisma, names each injected drift, and --fix repairs it', async () => {
    const models = join(import.meta.dirname, '..', 'fixtures', 'prisma', 'schema.prisma');
    const dir = project({ 'schemaguard.config.json': JSON.stringify({ models: `prisma:${models}` }) });
    await database(dir, 'dev', (await prismaModelDdl(models)).join('\n'));
    const clean = await runCli(['verify', '--db', 'pglite:./dev'], { cwd: dir });
    expect(clean.code, `${clean.stdout}${clean.stderr}`).toBe(0);
    await database(dir, 'dev', ...DRIFTS);
    await expectDriftsAndFix(dir);
  }, 180_000);
});

describe('schemaguard migrate status', () => {
  it('reproduces the seeds\u2019 incident: the history says the rename ran, the database still has the old column', async () => {
    const dir = project({
      'schemaguard.config.json': JSON.stringify({
        environments: { production: { url: 'pglite:./prod' } },
        migrations: { dir: 'migrations' },
      }),
      'migrations/0001_init.sql':
        'CREATE TABLE public.publishing_organization (id integer PRIMARY KEY);\nCREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, publishing_organization_id integer REFERENCES public.publishing_organization (id));\n',
      'migrations/0002_asset_resource.sql':
        'ALTER TABLE public.asset DROP COLUMN publishing_organization_id;\nALTER TABLE public.asset ADD COLUMN resource_id integer REFERENCES public.resource (id);\n',
      'migrations/0003_pending.sql': 'CREATE TABLE public.lesson (id integer PRIMARY KEY);\n',
    });
    const history = `${postgres.history.createSql()}
      INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'init', '', true), ('0002', 'asset_resource', '', true);`;
    await database(dir, 'prod', readFileSync(join(dir, 'migrations/0001_init.sql'), 'utf8'), history);
    const result = await runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/applied\s+0002 asset_resource/);
    expect(result.stdout).toMatch(/pending\s+0003 pending/);
    expect(result.stdout).toMatch(/- column resource_id/);
    expect(result.stdout).toMatch(/public\.asset\.resource_id: made by 0002_asset_resource\.sql/);
    const json = JSON.parse(
      (await runCli(['migrate', 'status', '--env', 'production', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(json.history).toEqual({ tool: 'schemaguard', table: 'public.schemaguard_migrations' });
    expect(json.migrations.map((m: { state: string }) => m.state)).toEqual(['applied', 'applied', 'pending']);
    expect(json.drift.map((d: { path: string }) => d.path)).toContain('public.asset.resource_id');
  }, 120_000);
});

describe('schemaguard migrate plan', () => {
  const history = (versions: string[]): string =>
    `${postgres.history.createSql()}
    INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ${versions.map((v) => `('${v}', 'm', '', true)`).join(', ')};`;

  it('passes verification, lists the pending migrations and names the data loss one of them causes', async () => {
    const first = 'CREATE TABLE public.asset (id integer PRIMARY KEY, title text, size integer);\n';
    const second = 'CREATE TABLE public.resource (id integer PRIMARY KEY);\n';
    const dir = project({
      'schemaguard.config.json': JSON.stringify({
        environments: { production: { url: 'pglite:./prod' } },
        migrations: { dir: 'migrations' },
      }),
      'migrations/0001_asset.sql': first,
      'migrations/0002_resource.sql': second,
      'migrations/0003_drop_size.sql': 'ALTER TABLE public.asset DROP COLUMN size;\n',
      'migrations/0004_lesson.sql': 'CREATE TABLE public.lesson (id integer PRIMARY KEY);\n',
    });
    await database(dir, 'prod', first, second, history(['0001', '0002']));
    const text = await runCli(['migrate', 'plan', '--env', 'production'], { cwd: dir });
    expect(text.stderr).not.toMatch(/WARNING/);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Verification: passed/);
    expect(text.stdout).toMatch(/Pending migrations \(2\):\n\s+0003_drop_size\.sql\n\s+0004_lesson\.sql/);
    expect(text.stdout).toMatch(/- column size/);
    expect(text.stdout).toMatch(/\+ table public\.lesson/);
    expect(text.stdout).toMatch(/Hazards: .*data-loss \(1\)/);
    const json = JSON.parse(
      (await runCli(['migrate', 'plan', '--env', 'production', '--format', 'json'], { cwd: dir })).stdout,
    );
    expect(json.verification).toEqual({ result: 'passed', problems: [] });
    expect(json.pending.map((m: { version: string }) => m.version)).toEqual(['0003', '0004']);

    // Drift: someone added a column by hand. Verification fails, the plan says why.
    await database(dir, 'prod', 'ALTER TABLE public.resource ADD COLUMN note text;');
    const drifted = await runCli(['migrate', 'plan', '--env', 'production'], { cwd: dir });
    expect(drifted.code).toBe(1);
    expect(drifted.stdout).toMatch(
      /Verification: failed\n\s+✗ drift: the database has column public\.resource\.note, which no applied migration makes/,
    );
    const skipped = await runCli(['migrate', 'plan', '--env', 'production', '--skip-verification'], { cwd: dir });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toMatch(/WARNING: verification SKIPPED/);
    expect(skipped.stdout).toMatch(/Verification: SKIPPED/);
    const byEnv = await runCli(['migrate', 'plan', '--env', 'production'], {
      cwd: dir,
      env: { SCHEMAGUARD_SKIP_VERIFICATION: 'true' },
    });
    expect(byEnv.code).toBe(0);
  }, 120_000);
});

describe('schemaguard migrate status on a Prisma folder', () => {
  it('matches _prisma_migrations rows by folder name, sees a changed file, a failed and a pending migration', async () => {
    const fixture = join(import.meta.dirname, '..', 'fixtures', 'migrations', 'prisma', 'migrations');
    const dir = project({ 'schemaguard.config.json': JSON.stringify({ migrations: { dir: fixture } }) });
    const init = readFileSync(join(fixture, '20240105100000_init', 'migration.sql'), 'utf8');
    const checksum = createHash('sha256').update(init).digest('hex');
    await database(
      dir,
      'db',
      init,
      `CREATE TABLE public._prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz,
        migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),
        applied_steps_count integer NOT NULL DEFAULT 0);
       INSERT INTO public._prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES
         ('a', '${checksum}', now(), '20240105100000_init', 1),
         ('b', '${'0'.repeat(64)}', NULL, '20240106110000_add_comments', 0);`,
    );
    const result = await runCli(['migrate', 'status', '--db', 'pglite:./db', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.history.tool).toBe('prisma');
    expect(json.migrations.map((m: { version: string; state: string }) => `${m.state} ${m.version}`)).toEqual([
      'applied 20240105100000_init',
      'failed 20240106110000_add_comments',
      'pending 20240107120000_index_post_author',
    ]);
    expect(json.drift).toEqual([]);
  }, 120_000);
});

describe('schemaguard migrate check and migrate new', () => {
  const files = {
    'schemaguard.config.json': JSON.stringify({
      migrations: { dir: 'migrations', format: 'plain' },
      models: 'sql:schema.sql',
    }),
    'migrations/0001_init.sql': INIT,
    'schema.sql': `${INIT}ALTER TABLE public.asset ADD COLUMN published_at timestamptz;\n`,
  };

  it('catches a model change without a migration, prints it, and writes it with --fix', async () => {
    const dir = project(files);
    const missing = await runCli(['migrate', 'check'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/missing-migration/);
    expect(missing.stdout).toMatch(/ALTER TABLE public\.asset ADD COLUMN published_at timestamp with time zone;/);
    const fixed = await runCli(['migrate', 'check', '--fix', '--name', 'publish'], { cwd: dir });
    expect(fixed.code).toBe(0);
    expect((await runCli(['migrate', 'check'], { cwd: dir })).code).toBe(0);
  }, 120_000);

  it('catches duplicate versions, a broken migration (file and line), and a migration older than the base branch', async () => {
    const duplicate = project({ ...files, 'migrations/0001_again.sql': COURSE });
    const dup = await runCli(['migrate', 'check'], { cwd: duplicate });
    expect(dup.code).toBe(1);
    expect(dup.stdout).toMatch(
      /conflict: .*0001_again\.sql.*0001_init\.sql|conflict: .*0001_init\.sql.*0001_again\.sql/,
    );

    const broken = project({
      ...files,
      'migrations/0002_broken.sql': 'CREATE TABLE public.x (id integer);\nCREATE TABL public.y ();\n',
    });
    const bad = await runCli(['migrate', 'check'], { cwd: broken });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /broken: migrations\/0002_broken\.sql, line 2, fails on the shadow database: syntax error/,
    );

    const repo = project({ ...files, 'migrations/0003_course.sql': COURSE, 'schema.sql': INIT + COURSE });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-qm', 'base');
    git('checkout', '-qb', 'feature');
    writeFileSync(join(repo, 'migrations/0002_late.sql'), 'CREATE TABLE public.late (id integer);\n');
    writeFileSync(join(repo, 'schema.sql'), `${INIT}${COURSE}CREATE TABLE public.late (id integer);\n`);
    const order = await runCli(['migrate', 'check', '--base-ref', 'main'], { cwd: repo });
    expect(order.code).toBe(1);
    expect(order.stdout).toMatch(/0002_late\.sql is new on this branch but older than 0003/);
  }, 180_000);

  it('creates the next migration, empty or from the models', async () => {
    const dir = project(files);
    const empty = await runCli(['migrate', 'new', 'Add things'], { cwd: dir });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout.trim()).toBe('migrations/0002_add_things.sql');
    const filled = await runCli(['migrate', 'new', 'sync', '--from-models'], { cwd: dir });
    const path = filled.stdout.trim();
    const written = readFileSync(join(dir, path), 'utf8');
    expect(written).toMatch(/ADD COLUMN published_at/);
    // A committed file names the models as the project does, not by this machine's path.
    expect(written).toMatch(/^-- schemaguard .*: from the migrations to sql:\.\/schema\.sql$/m);
    expect(written).not.toContain(dir);
    expect(written).not.toContain(tmpdir());
  }, 120_000);

  it('writes a placeholder comment into a new drizzle migration, and the journal lists it', async () => {
    const dir = project({
      'schemaguard.config.json': JSON.stringify({ migrations: { dir: 'drizzle' } }),
      'drizzle/0000_init.sql': INIT.replace(/;\n(?=.)/g, ';\n--> statement-breakpoint\n'),
      'drizzle/meta/_journal.json': JSON.stringify({
        version: '7',
        dialect: 'postgresql',
        entries: [{ idx: 0, version: '7', when: 1_700_000_000_000, tag: '0000_init', breakpoints: true }],
      }),
    });
    const created = await runCli(['migrate', 'new', 'backfill titles'], { cwd: dir });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout.trim().split('\n')).toEqual([
      'drizzle/0001_backfill_titles.sql',
      'drizzle/meta/_journal.json',
    ]);
    const text = readFileSync(join(dir, 'drizzle/0001_backfill_titles.sql'), 'utf8');
    expect(text).toBe('-- Write the statements of this migration here.\n');
    const journal = JSON.parse(readFileSync(join(dir, 'drizzle/meta/_journal.json'), 'utf8')) as {
      entries: { idx: number; tag: string; breakpoints: boolean }[];
    };
    expect(journal.entries.map((e) => [e.idx, e.tag, e.breakpoints])).toEqual([
      [0, '0000_init', true],
      [1, '0001_backfill_titles', true],
    ]);
    // The folder with its placeholder still replays.
    const checked = await runCli(['migrate', 'check'], { cwd: dir });
    expect(checked.code, `${checked.stdout}${checked.stderr}`).toBe(0);
  }, 120_000);

  it('says what is wrong with an unknown folder layout', async () => {
    const dir = project({ 'migrations/readme.txt': 'nothing here', 'schema.sql': INIT });
    const result = await runCli(['migrate', 'check', '--dir', 'migrations'], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
  });
});

describe.runIf(hasServer())('schemaguard migrate status on the PostgreSQL server', () => {
  it('reports the seeds\u2019 incident on a server database', async () => {
    const db = await createServerDatabase('sgincident');
    try {
      const dir = project({
        'schemaguard.config.json': JSON.stringify({ migrations: { dir: 'migrations' } }),
        'migrations/0001_init.sql':
          'CREATE TABLE public.resource (id integer PRIMARY KEY);\nCREATE TABLE public.asset (id integer PRIMARY KEY, publishing_organization_id integer);\n',
        'migrations/0002_rename.sql':
          'ALTER TABLE public.asset RENAME COLUMN publishing_organization_id TO resource_id;\n',
      });
      const client = await openTestServer(db.url);
      await client.exec(readFileSync(join(dir, 'migrations/0001_init.sql'), 'utf8'));
      await client.exec(postgres.history.createSql());
      await client.exec(
        "INSERT INTO public.schemaguard_migrations (version, name, checksum, success) VALUES ('0001', 'init', '', true), ('0002', 'rename', '', true)",
      );
      await client.close();
      const result = await runCli(['migrate', 'status', '--db', db.url], { cwd: dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/note: the migrations were replayed on PostgreSQL 18/);
      expect(result.stdout).toMatch(/public\.asset\.resource_id: made by 0002_rename\.sql/);
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe.runIf(hasServer())('a shadow database on a server', () => {
  it('explains a role without CREATEDB', async () => {
    await ensureServerRole('sg_no_createdb');
    const url = new URL(serverUrlFor('postgres'));
    url.username = 'sg_no_createdb';
    const dir = project({
      'schemaguard.config.json': JSON.stringify({ shadow: url.toString(), models: 'sql:schema.sql' }),
      'schema.sql': INIT,
    });
    await database(dir, 'dev', INIT);
    const result = await runCli(['verify', '--db', 'pglite:./dev'], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/refused to create a database: give the role CREATEDB/);
  }, 60_000);

  it('creates, uses and drops a temporary database', async () => {
    // A role of this test's own: other tests running meanwhile make shadow databases too, as
    // another role, and only the ones this role owns are this test's.
    await ensureServerRole('sg_shadow_maker');
    await serverAdminQuery('ALTER ROLE sg_shadow_maker CREATEDB');
    const url = new URL(serverUrlFor('postgres'));
    url.username = 'sg_shadow_maker';
    const dir = project({
      'schemaguard.config.json': JSON.stringify({ shadow: url.toString(), models: 'sql:schema.sql' }),
      'schema.sql': INIT,
    });
    await database(dir, 'dev', INIT);
    const result = await runCli(['verify', '--db', 'pglite:./dev'], { cwd: dir });
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    const left = execFileSync(
      'psql',
      [
        serverUrlFor('postgres'),
        '-Atc',
        "SELECT count(*) FROM pg_database WHERE datname LIKE 'schemaguard_shadow_%' AND pg_get_userbyid(datdba) = 'sg_shadow_maker'",
      ],
      { encoding: 'utf8' },
    );
    expect(left.trim()).toBe('0');
  }, 60_000);
});
