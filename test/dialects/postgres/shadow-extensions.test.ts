import { describe, expect, it } from 'vitest';
import { openPglite } from '../../../src/dialects/postgres/connection.js';
import { isOneSentenceError, runCli } from '../../helpers/cli.js';
import { applyIn, embeddedTarget, migrationProject } from '../../helpers/migration-project.js';

/** Extensions PGlite ships that the embedded databases did not load before, used by a table. */
const MORE_EXTENSIONS = `CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION bloom;
CREATE EXTENSION tcn;
CREATE EXTENSION tsm_system_rows;
CREATE EXTENSION amcheck;
CREATE EXTENSION dict_int;
CREATE EXTENSION earthdistance CASCADE;
CREATE EXTENSION lo;
CREATE TABLE public.place (
  id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),
  code integer,
  at earth,
  picture lo
);
CREATE INDEX place_code_bloom ON public.place USING bloom (code);
CREATE TRIGGER place_notify AFTER INSERT OR UPDATE OR DELETE ON public.place FOR EACH ROW EXECUTE FUNCTION triggered_change_notification();
`;

const status = (dir: string) => runCli(['migrate', 'status', '--env', 'production'], { cwd: dir });

describe('extensions on the embedded shadow and embedded databases', () => {
  it('replays migrations that create contrib extensions, and opens a database kept in a folder that has them', async () => {
    const db = await embeddedTarget();
    const dir = migrationProject(db.url, { '0001_places.sql': MORE_EXTENSIONS });
    const applied = await applyIn(dir, '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    const clean = await status(dir);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/No drift/);
    const dumped = await runCli(['dump', '--db', db.url, '--format', 'json'], { cwd: dir });
    expect(dumped.code, dumped.stderr).toBe(0);
    const names = JSON.parse(dumped.stdout).schema.extensions.map((x: { name: string }) => x.name);
    expect(names).toEqual(
      expect.arrayContaining(['uuid-ossp', 'bloom', 'tcn', 'tsm_system_rows', 'amcheck', 'dict_int', 'cube', 'lo']),
    );
    // The application's own PGlite, without schemaguard's extensions, still opens the folder.
    const plain = await openPglite(db.url, { extensions: [] });
    expect(await plain.query("SELECT extname FROM pg_extension WHERE extname = 'tcn'")).toEqual([{ extname: 'tcn' }]);
    await plain.close();
  }, 300_000);

  it('opens a folder its application uses with pg_stat_statements, a shared preload library', async () => {
    const db = await embeddedTarget();
    const app = await openPglite(db.url, { extensions: ['pg_stat_statements'] });
    await app.exec('CREATE EXTENSION pg_stat_statements');
    await app.close();
    const dumped = await runCli(['dump', '--db', db.url, '--format', 'json']);
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(JSON.parse(dumped.stdout).schema.extensions.map((x: { name: string }) => x.name)).toContain(
      'pg_stat_statements',
    );
  }, 120_000);

  it('names an extension PGlite lacks, and the shadow config key, before replaying anything', async () => {
    // The other side is an empty database: one in memory, not one kept in a folder.
    const db = { url: 'pglite:memory' };
    const dir = migrationProject(db.url, {
      '0001_base.sql': 'CREATE TABLE public.t (id integer PRIMARY KEY);\n',
      '0002_geo.sql': '-- maps\nCREATE EXTENSION IF NOT EXISTS "postgis" WITH SCHEMA public;\n',
    });
    const result = await runCli(['compare', 'migrations:migrations', db.url], { cwd: dir });
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(
      /no extension "postgis", which migrations\/0002_geo\.sql creates: set "shadow" in the config to the URL of a PostgreSQL server that has it\./,
    );
  }, 120_000);

  it('replays pgvector (CREATE EXTENSION vector) on the embedded shadow', async () => {
    const db = { url: 'pglite:memory' };
    const dir = migrationProject(db.url, {
      '0001_vector.sql':
        'CREATE EXTENSION vector;\nCREATE TABLE public.item (id integer PRIMARY KEY, embedding vector(3));\nCREATE INDEX item_embedding ON public.item USING hnsw (embedding vector_l2_ops);\n',
    });
    const result = await runCli(['compare', 'migrations:migrations', db.url, '--format', 'json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    const differences = JSON.parse(result.stdout).differences as { path: string; objectType: string }[];
    expect(differences.map((d) => `${d.objectType} ${d.path}`)).toEqual(
      expect.arrayContaining(['extension vector', 'table public.item']),
    );
  }, 120_000);
});
