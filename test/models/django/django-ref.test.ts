/**
 * `django:` refs: the project's own `migrate`, run by its Python on a shadow database (the
 * embedded one through a local port, or a temporary database on the server), read back, and
 * cached so that a second load runs neither Python nor a database.
 */
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { SERVER_URL, hasServer } from '../../helpers/databases.js';
import { djangoProjectFolder, hasDjango, writeDjangoConfig } from '../../helpers/django-project.js';

interface DumpedTable {
  name: string;
  columns: { name: string; type: string; notNull?: boolean }[];
}

/** The tables of a dump's stdout, by name, with their columns as `name type [not null]`. */
function tablesOf(stdout: string): Record<string, string[]> {
  const snapshot = JSON.parse(stdout) as { schema: { tables: DumpedTable[] } };
  return Object.fromEntries(
    snapshot.schema.tables.map((table) => [
      table.name,
      table.columns.map((column) => `${column.name} ${column.type}${column.notNull ? ' not null' : ''}`),
    ]),
  );
}

/** The project's own tables as its models and migrations define them. */
const PROJECT_TABLES = {
  asset: ['id integer not null', 'url character varying(500) not null', 'resource_id integer not null'],
  asset_tags: ['id integer not null', 'asset_id integer not null', 'tag_id integer not null'],
  content_resource: ['id integer not null', 'title character varying(200) not null', 'author_id integer not null'],
  content_tag: ['id integer not null', 'name character varying(50) not null'],
  people_author: ['id integer not null', 'name character varying(100) not null'],
};

const DEBUG = { SCHEMAGUARD_DEBUG: '1' };

describe.runIf(hasDjango())('django: refs', () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const dir of folders) await rm(dir, { recursive: true, force: true });
  });

  describe('on the embedded shadow', () => {
    let dir: string;
    beforeAll(() => {
      dir = djangoProjectFolder();
      folders.push(dir);
      writeDjangoConfig(dir);
    });

    it("dumps the tables the project's migrate makes; a second dump runs neither Python nor a database", async () => {
      const first = await runCli(['dump', 'django:'], { cwd: dir, env: DEBUG });
      expect(first.stderr).toContain('shadow database started (pglite) for django:');
      expect(first.stderr).toContain('running /usr/bin/python3 for Django (version, migrate)');
      expect(first.code).toBe(0);
      const tables = tablesOf(first.stdout);
      expect(tables).toMatchObject(PROJECT_TABLES);
      // The unmanaged model has no table; the proxy has none of its own.
      expect(Object.keys(tables).filter((name) => name.startsWith('legacy') || name.includes('draft'))).toEqual([]);

      const second = await runCli(['dump', 'django:./manage.py'], { cwd: dir, env: DEBUG });
      expect(second.code).toBe(0);
      expect(second.stderr).toContain('shadow result for django:./manage.py taken from the cache');
      expect(second.stderr).not.toContain('running');
      expect(second.stderr).not.toContain('shadow database started');
      expect(tablesOf(second.stdout)).toEqual(tables);
    });

    it('says in one sentence that the settings do not load, with the traceback under --verbose', async () => {
      const broken = djangoProjectFolder({ 'lms/settings.py': "SECRET_KEY = 'x'\nfrom .local import *\n" });
      folders.push(broken);
      writeDjangoConfig(broken);
      const quiet = await runCli(['dump', 'django:'], { cwd: broken });
      expect(quiet.code).toBe(2);
      expect(quiet.stderr).toBe(
        "schemaguard: The Django settings lms.settings do not load: ModuleNotFoundError: No module named 'lms.local'.\n",
      );
      const verbose = await runCli(['dump', 'django:', '--verbose'], { cwd: broken });
      expect(verbose.code).toBe(2);
      expect(verbose.stderr).toMatch(
        /Caused by: Traceback \(most recent call last\):[\s\S]*lms\/settings\.py", line 2/,
      );
    });

    it('names a manage.py that does not exist', async () => {
      const missing = await runCli(['dump', 'django:./backend/manage.py'], { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe('schemaguard: The Django project ./backend/manage.py does not exist.\n');
    });
  });

  describe.runIf(hasServer())('on a temporary database of the shadow server', () => {
    it('dumps the same tables, and leaves no database behind', async () => {
      const dir = djangoProjectFolder();
      folders.push(dir);
      writeDjangoConfig(dir, { shadow: SERVER_URL });
      const result = await runCli(['dump', 'django:./manage.py'], { cwd: dir, env: DEBUG });
      expect(result.stderr).toContain('shadow database started (server) for django:./manage.py');
      expect(result.code).toBe(0);
      expect(tablesOf(result.stdout)).toMatchObject(PROJECT_TABLES);
      const client = new pg.Client({ connectionString: SERVER_URL });
      await client.connect();
      try {
        const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
          `schemaguard_shadow_${process.pid}_%`,
        ]);
        expect(rows).toEqual([]);
      } finally {
        await client.end();
      }
    });
  });
});
