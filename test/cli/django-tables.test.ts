import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedFolder } from '../helpers/databases.js';
import { runCli } from '../helpers/cli.js';

/** What Django 3.2 runs to migrate its contrib apps (see the file's header). */
const CONTRIB_SQL = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'django', 'contrib-tables.sql'), 'utf8');

/** A project app's table, with a foreign key to the user table as most apps have. */
const APP_SQL = `CREATE TABLE "content_asset" ("id" bigserial NOT NULL PRIMARY KEY, "title" varchar(200) NOT NULL,
  "owner_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);`;

const FRAMEWORK = [
  'public.auth_group',
  'public.auth_group_permissions',
  'public.auth_permission',
  'public.django_admin_log',
  'public.django_content_type',
  'public.django_flatpage',
  'public.django_flatpage_sites',
  'public.django_migrations',
  'public.django_redirect',
  'public.django_session',
  'public.django_site',
];
const PROJECT = [
  'public.auth_user',
  'public.auth_user_groups',
  'public.auth_user_user_permissions',
  'public.content_asset',
];

const workdir = mkdtempSync(join(tmpdir(), 'sg-django-tables-'));
/** Django's contrib tables and the app's. */
const full = `pglite:${join(workdir, 'full')}`;
/** The same database whose framework tables differ (those no project table refers to). */
const bare = `pglite:${join(workdir, 'bare')}`;

beforeAll(async () => {
  const db = await openEmbeddedFolder(join(workdir, 'full'));
  await db.exec(`${CONTRIB_SQL}\n${APP_SQL}`);
  await db.close();
  const other = await openEmbeddedFolder(join(workdir, 'bare'));
  await other.exec(`${CONTRIB_SQL}\n${APP_SQL}`);
  await other.exec(`DROP TABLE django_session, django_flatpage_sites, django_flatpage, django_redirect;
    ALTER TABLE auth_group ADD COLUMN note text;
    ALTER TABLE django_migrations ADD COLUMN note text;`);
  await other.close();
});

function tablesOf(stdout: string): string[] {
  const snapshot = JSON.parse(stdout) as { schema: { tables: { schema: string; name: string }[] } };
  return snapshot.schema.tables.map((t) => `${t.schema}.${t.name}`).sort();
}

describe("Django's framework tables", () => {
  it('are left out of a dump, the user table kept; --include-django-tables and --include-system-tables keep them', async () => {
    const plain = await runCli(['dump', full]);
    expect(plain.code).toBe(0);
    expect(tablesOf(plain.stdout)).toEqual(PROJECT);
    for (const flag of ['--include-django-tables', '--include-system-tables']) {
      const all = await runCli(['dump', full, flag]);
      expect(all.code).toBe(0);
      expect(tablesOf(all.stdout)).toEqual([...FRAMEWORK, ...PROJECT].sort());
    }
  }, 120_000);

  it('are left out of a comparison unless asked for', async () => {
    const same = await runCli(['compare', full, bare]);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    const asked = await runCli(['compare', full, bare, '--include-django-tables']);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('django_migrations');
    expect(asked.stdout).toMatch(/^public.auth_group\n {2}\+ column note/m);
  }, 120_000);

  it('are only left out of a Django database: one without django_migrations keeps its auth_group', async () => {
    const dir = join(workdir, 'node');
    const db = await openEmbeddedFolder(dir);
    await db.exec(
      'CREATE TABLE auth_group (id serial PRIMARY KEY, name text); CREATE TABLE django_session (key text);',
    );
    await db.close();
    const dumped = await runCli(['dump', `pglite:${dir}`]);
    expect(tablesOf(dumped.stdout)).toEqual(['public.auth_group', 'public.django_session']);
  }, 120_000);

  it('come back with includeSystemTables in the config', async () => {
    const project = mkdtempSync(join(tmpdir(), 'sg-django-tables-config-'));
    writeFileSync(join(project, 'schemaguard.config.json'), JSON.stringify({ includeSystemTables: true }));
    const all = await runCli(['dump', full], { cwd: project });
    expect(all.code).toBe(0);
    expect(tablesOf(all.stdout)).toEqual([...FRAMEWORK, ...PROJECT].sort());
  }, 120_000);

  it('shows the alias in the help of the commands that have the flag', async () => {
    for (const command of ['dump', 'compare', 'diff', 'verify']) {
      const help = await runCli([command, '--help']);
      expect(help.stdout).toContain('--include-system-tables');
      expect(help.stdout).toMatch(/--include-django-tables\s+the same as --include-system-tables/);
    }
  });
});
