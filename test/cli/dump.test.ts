import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, serializeSnapshot } from '../../src/schema/snapshot.js';
import { emptySchema } from '../../src/schema/model.js';
import {
  createServerDatabase,
  ensureServerRole,
  hasServer,
  openEmbeddedFolder,
  openTestServer,
  postgres,
  serverUrlFor,
  type TestDatabase,
} from '../helpers/databases.js';
import { isOneSentenceError, runCli, runCliProcess } from '../helpers/cli.js';

const SCHEMA_SQL = `
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.resource (id bigserial PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.asset (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  resource_id bigint REFERENCES public.resource (id) ON DELETE CASCADE,
  mood public.mood DEFAULT 'ok',
  title varchar(40) NOT NULL
);
CREATE SCHEMA content;
CREATE TABLE content.lesson_type (code text PRIMARY KEY, label text NOT NULL, position integer NOT NULL);
INSERT INTO content.lesson_type VALUES ('video', 'Video', 2), ('quiz', 'Quiz', 1), ('text', 'It''s text', 3);
CREATE VIEW public.asset_titles AS SELECT id, title FROM public.asset;
CREATE TABLE content.counter (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);
INSERT INTO content.counter (label) SELECT 'row ' || i FROM generate_series(1, 12) i;
CREATE TABLE content.counter_archive (archived_on date) INHERITS (content.counter);
INSERT INTO content.counter_archive (id, label, archived_on) VALUES (100, 'archived', '2024-01-01');
CREATE FUNCTION public.secret() RETURNS integer LANGUAGE sql AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION public.secret() FROM PUBLIC;
CREATE TABLE public._prisma_migrations (id text PRIMARY KEY);
CREATE TABLE public.knex_migrations (id serial PRIMARY KEY, name text);
`;

const workdir = mkdtempSync(join(tmpdir(), 'sg-cli-dump-'));
const dataDir = join(workdir, 'db');

beforeAll(async () => {
  const db = await openEmbeddedFolder(dataDir);
  await db.exec(SCHEMA_SQL);
  await db.close();
});

function snapshotOf(text: string) {
  return JSON.parse(text) as {
    hash: string;
    meta: Record<string, unknown>;
    schema: { tables: { schema: string; name: string }[] };
    data?: Record<string, { columns: string[]; rows: unknown[][] }>;
  };
}

describe('schemaguard dump on an embedded PGlite database', () => {
  it('writes the same bytes for the same schema, and a new hash only when the schema changes', async () => {
    const first = await runCli(['dump', `pglite:${dataDir}`, '--output', join(workdir, 'a.json')]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Wrote .*a\.json: 5 tables, 1 view, 1 function\./);
    const second = await runCli(['dump', `pglite:${dataDir}`]);
    expect(second.code).toBe(0);
    const a = readFileSync(join(workdir, 'a.json'), 'utf8');
    expect(second.stdout).toBe(a);

    const db = await postgres.connect(`pglite:${dataDir}`);
    await db.exec('ALTER TABLE public.asset ADD COLUMN note text');
    await db.close();
    const changed = await runCli(['dump', `pglite:${dataDir}`]);
    expect(snapshotOf(changed.stdout).hash).not.toBe(snapshotOf(a).hash);

    const db2 = await postgres.connect(`pglite:${dataDir}`);
    await db2.exec('ALTER TABLE public.asset DROP COLUMN note');
    await db2.close();
    const reverted = await runCli(['dump', `pglite:${dataDir}`]);
    expect(snapshotOf(reverted.stdout).hash).toBe(snapshotOf(a).hash);
    expect(reverted.stdout).toBe(a);
  }, 120_000);

  it('leaves out migration tools\u2019 tables unless asked, and filters by schema and table', async () => {
    const plain = snapshotOf((await runCli(['dump', `pglite:${dataDir}`])).stdout);
    const names = (s: typeof plain) => s.schema.tables.map((t) => `${t.schema}.${t.name}`).sort();
    const contentTables = ['content.counter', 'content.counter_archive', 'content.lesson_type'];
    expect(names(plain)).toEqual([...contentTables, 'public.asset', 'public.resource']);
    const all = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--include-system-tables'])).stdout);
    expect(names(all)).toEqual([
      ...contentTables,
      'public._prisma_migrations',
      'public.asset',
      'public.knex_migrations',
      'public.resource',
    ]);
    const content = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--schema', 'content'])).stdout);
    expect(names(content)).toEqual(contentTables);
    const noContent = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--exclude-schema', 'cont*'])).stdout);
    expect(names(noContent)).toEqual(['public.asset', 'public.resource']);
    const one = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--table', 'public.as*'])).stdout);
    expect(names(one)).toEqual(['public.asset']);
    const without = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--exclude-table', 'asset'])).stdout);
    expect(names(without)).toEqual([...contentTables, 'public.resource']);
  }, 120_000);

  it('draws the tables as a Mermaid erDiagram and as DOT with a cluster per schema', async () => {
    const mermaid = await runCli(['dump', `pglite:${dataDir}`, '--format', 'mermaid', '--schema', 'public']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^erDiagram\n/);
    expect(mermaid.stdout).toContain('  "public.asset" {\n    integer id PK\n    bigint resource_id FK\n  }\n');
    expect(mermaid.stdout).toContain('  "public.resource" |o..o{ "public.asset" : "resource_id"\n');
    expect(mermaid.stdout).not.toContain('content.');
    const dot = await runCli(['dump', `pglite:${dataDir}`, '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout.match(/label="(content|public)";/g)).toEqual(['label="content";', 'label="public";']);
    expect(dot.stdout).toContain('tooltip="asset_resource_id_fkey"');
  });

  it('includes sample rows ordered by primary key with --include-data', async () => {
    const result = await runCli([
      'dump',
      `pglite:${dataDir}`,
      '--include-data',
      '--data-tables',
      'content.lesson*',
      '--data-limit',
      '2',
    ]);
    expect(result.code).toBe(0);
    const data = snapshotOf(result.stdout).data;
    expect(Object.keys(data ?? {})).toEqual(['content.lesson_type']);
    expect(data?.['content.lesson_type']).toEqual({
      columns: ['code', 'label', 'position'],
      rows: [
        ['quiz', 'Quiz', 1],
        ['text', "It's text", 3],
      ],
    });
  }, 60_000);

  it("orders sample rows by the primary key's own type and reads a parent table without its children", async () => {
    const result = await runCli(['dump', `pglite:${dataDir}`, '--data-tables', 'counter', '--data-limit', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(snapshotOf(result.stdout).data?.['content.counter']?.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    const all = snapshotOf((await runCli(['dump', `pglite:${dataDir}`, '--data-tables', 'counter'])).stdout);
    expect(all.data?.['content.counter']?.rows).toHaveLength(12);
  }, 60_000);

  it('keeps "nothing granted" apart from "privileges not read" through a snapshot file', async () => {
    const file = join(workdir, 'with-privileges.json');
    expect((await runCli(['dump', `pglite:${dataDir}`, '--include-privileges', '--output', file])).code).toBe(0);
    const sql = await runCli(['dump', file, '--format', 'sql']);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toContain('REVOKE ALL ON FUNCTION public.secret() FROM PUBLIC;');
    const plain = await runCli(['dump', `pglite:${dataDir}`, '--format', 'sql']);
    expect(plain.stdout).not.toContain('REVOKE');
  }, 60_000);

  it('passes on the rows of a snapshot file only when asked, and only for kept tables', async () => {
    const file = join(workdir, 'with-data.json');
    expect((await runCli(['dump', `pglite:${dataDir}`, '--data-tables', 'content.*', '--output', file])).code).toBe(0);
    expect(snapshotOf((await runCli(['dump', file])).stdout).data).toBeUndefined();
    const picked = snapshotOf((await runCli(['dump', file, '--data-tables', 'lesson_type'])).stdout);
    expect(Object.keys(picked.data ?? {})).toEqual(['content.lesson_type']);
    const filtered = snapshotOf((await runCli(['dump', file, '--include-data', '--exclude-table', 'counter*'])).stdout);
    expect(Object.keys(filtered.data ?? {})).toEqual(['content.lesson_type']);
  }, 60_000);

  it('reads the config given with --config, from any working directory', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'sg-config-'));
    writeFileSync(
      join(configDir, 'team.config.mjs'),
      `export default { defaultEnvironment: 'local', environments: { local: { url: 'pglite:${dataDir}' } }, exclude: { tables: ['counter*'] } };\n`,
    );
    const result = await runCli(['--config', join(configDir, 'team.config.mjs'), 'dump']);
    expect(result.code, result.stderr).toBe(0);
    const names = snapshotOf(result.stdout).schema.tables.map((t) => t.name);
    expect(names).toContain('lesson_type');
    expect(names).not.toContain('counter');
    const missing = await runCli(['--config', join(configDir, 'nope.ts'), 'dump']);
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toMatch(/config file .*nope\.ts does not exist/);
  }, 60_000);

  it('writes the baseline to the configured path with --baseline, marked as baseline', async () => {
    const project = join(workdir, 'project');
    mkdirSync(project, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: project });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'init'], {
      cwd: project,
    });
    writeFileSync(
      join(project, 'schemaguard.config.ts'),
      `export default { environments: { development: { url: 'pglite:../db' } } };\n`,
    );
    const result = await runCli(['dump', '--baseline'], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    const baseline = snapshotOf(readFileSync(join(project, 'database_schema', 'baseline_schema.json'), 'utf8'));
    expect(baseline.meta.baseline).toBe(true);
    expect(baseline.meta.gitCommit).toMatch(/^[0-9a-f]{40}$/);
    // As written in the config, not this machine's absolute path.
    expect(baseline.meta.source).toBe('pglite:../db');
  }, 60_000);
});

describe.runIf(hasServer())('schemaguard dump on the PostgreSQL server', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createServerDatabase('sgdump');
    const client = await openTestServer(db.url);
    await client.exec(SCHEMA_SQL);
    await client.close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('writes SQL that recreates the same schema and rows in an empty database', async () => {
    const sql = await runCli(['dump', '--db', db.url, '--format', 'sql', '--data-tables', 'content.*']);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/CREATE TABLE public\.asset/);
    expect(sql.stdout).toMatch(/INSERT INTO content\.lesson_type/);
    const copy = await createServerDatabase('sgdumpcopy');
    try {
      const client = await openTestServer(copy.url);
      await client.exec(sql.stdout);
      const [row] = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM content.lesson_type');
      expect(row?.n).toBe(3);
      // The parent holds its own 12 rows and the child's one row once, not twice.
      const [parent] = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM ONLY content.counter');
      const [all] = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM content.counter');
      expect([parent?.n, all?.n]).toEqual([12, 13]);
      // The identity moved past the rows inserted.
      const [next] = await client.query<{ id: number }>(
        "INSERT INTO content.counter (label) VALUES ('new') RETURNING id",
      );
      expect(next?.id).toBe(13);
      await client.close();
      const original = snapshotOf((await runCli(['dump', '--db', db.url])).stdout);
      const recreated = snapshotOf((await runCli(['dump', '--db', copy.url])).stdout);
      expect(recreated.hash).toBe(original.hash);
    } finally {
      await copy.drop();
    }
  });

  it('names the environment variable behind an environment, and never prints its password', async () => {
    const project = mkdtempSync(join(tmpdir(), 'sg-cli-env-'));
    writeFileSync(
      join(project, 'schemaguard.config.json'),
      JSON.stringify({ environments: { production: { urlEnv: 'PROD_DATABASE_URL' } } }),
    );
    const missing = await runCli(['dump', '--env', 'production'], { cwd: project, env: { PROD_DATABASE_URL: '' } });
    expect(isOneSentenceError(missing)).toBe(true);
    expect(missing.stderr).toMatch(/PROD_DATABASE_URL, which is not set/);
    const url = new URL(db.url);
    url.password = 's3cret-pass';
    const ok = await runCli(['dump', '--env', 'production'], {
      cwd: project,
      env: { PROD_DATABASE_URL: url.toString() },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).not.toContain('s3cret-pass');
    expect(snapshotOf(ok.stdout).meta.source).toBe(db.url.replace(/^postgres:\/\/postgres@/, 'postgres://postgres@'));
  });

  it('refuses a database that does not exist', async () => {
    const result = await runCli(['dump', '--db', serverUrlFor('sg_no_such_database_here')]);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/Database "sg_no_such_database_here" does not exist/);
  });

  it('explains a role that may not read the catalog', async () => {
    const limited = await createServerDatabase('sgperm');
    try {
      await ensureServerRole('sg_limited');
      const admin = await openTestServer(limited.url);
      await admin.exec('REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC');
      await admin.close();
      const url = new URL(limited.url);
      url.username = 'sg_limited';
      const result = await runCli(['dump', '--db', url.toString()]);
      expect(isOneSentenceError(result), result.stderr).toBe(true);
      expect(result.stderr).toMatch(/Permission denied reading the catalog/);
    } finally {
      await limited.drop();
    }
  });
});

describe('schemaguard dump refuses bad input with one sentence and exit code 2', () => {
  let silent: Server;
  let silentPort = 0;
  let authServer: Server;
  let authPort = 0;
  beforeAll(async () => {
    // Accepts connections and never answers: a host that does not respond.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    // Speaks the start of the PostgreSQL protocol: asks for a password, then rejects it
    // as a server with password authentication does.
    authServer = createServer((socket) => {
      let stage = 0;
      socket.on('data', () => {
        if (stage === 2) return;
        if (stage === 0) {
          stage = 1;
          socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])); // AuthenticationCleartextPassword
          return;
        }
        const fields = Buffer.concat([
          Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed for user "app"\0\0'),
        ]);
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(fields.length + 4, 1);
        stage = 2;
        socket.end(Buffer.concat([header, fields]));
      });
    });
    await new Promise<void>((resolve) => authServer.listen(0, '127.0.0.1', resolve));
    authPort = (authServer.address() as { port: number }).port;
  });
  afterAll(() => {
    silent?.close();
    authServer?.close();
  });

  const output = () => join(mkdtempSync(join(tmpdir(), 'sg-bad-')), 'out.json');

  async function expectRefused(args: string[], pattern: RegExp, options: { cwd?: string } = {}) {
    const out = output();
    const result = await runCli([...args, '--output', out], options);
    expect(isOneSentenceError(result), `${result.code} ${result.stderr}`).toBe(true);
    expect(result.stderr).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(out, '..'))).toEqual([]);
    return result;
  }

  it('a malformed URL', async () => {
    await expectRefused(['dump', '--db', 'postgres://app:hunter22@'], /malformed|names no host/);
  });

  it('an unknown ref kind', async () => {
    await expectRefused(['dump', 'ftp://example/x'], /Unknown ref kind "ftp:"/);
  });

  it('a server that refuses connections', async () => {
    await expectRefused(['dump', '--db', 'postgres://app@127.0.0.1:1/app'], /connection refused/);
  });

  it('a host that does not answer, within --connect-timeout', async () => {
    const started = Date.now();
    await expectRefused(
      ['dump', '--db', `postgres://app@127.0.0.1:${silentPort}/app`, '--connect-timeout', '1'],
      /no answer within 1 s/,
    );
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('a wrong password, without printing it', async () => {
    const result = await expectRefused(
      ['dump', '--db', `postgres://app:Tr0ub4dor-x@127.0.0.1:${authPort}/app`],
      /Password authentication failed for user "app"/,
    );
    expect(result.stderr).not.toContain('Tr0ub4dor');
  });

  it('a snapshot file that is not JSON, truncated, of the wrong shape, or from a newer schemaguard', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bad-files-'));
    const valid = serializeSnapshot(createSnapshot('postgres', emptySchema(), {}));
    const files: [string, string, RegExp][] = [
      ['notjson.json', 'not json at all', /not JSON/],
      ['truncated.json', valid.slice(0, 80), /truncated/],
      ['shape.json', JSON.stringify({ ...JSON.parse(valid), schema: { tables: 3 } }), /at schema\./],
      ['newer.json', JSON.stringify({ ...JSON.parse(valid), formatVersion: 99 }), /newer schemaguard/],
    ];
    for (const [name, text, pattern] of files) {
      writeFileSync(join(dir, name), text);
      await expectRefused(['dump', join(dir, name)], pattern);
    }
  });

  it("a TypeScript config that imports 'schemaguard' loads where the project has none installed (a Python project)", async () => {
    const project = mkdtempSync(join(tmpdir(), 'sg-no-install-'));
    writeFileSync(
      join(project, 'schemaguard.config.ts'),
      "import { defineConfig } from 'schemaguard';\n\nexport default defineConfig({ environments: { development: { url: 'pglite:memory' } } });\n",
    );
    // In-process (the source) and as a process (the built command line), as a user runs it.
    for (const run of [runCli, runCliProcess]) {
      const result = await run(['dump', '--env', 'development', '--format', 'sql'], { cwd: project });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('schema of pglite:memory');
    }
  }, 60_000);

  it('a config file with a syntax error or an unknown key', async () => {
    const syntax = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
    writeFileSync(join(syntax, 'schemaguard.config.ts'), 'export default { environments: { ');
    await expectRefused(['dump', 'pglite:memory'], /config file .*schemaguard\.config\.ts does not load/, {
      cwd: syntax,
    });
    const key = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
    writeFileSync(join(key, 'schemaguard.config.json'), JSON.stringify({ snapshotDirr: 'x' }));
    await expectRefused(['dump', 'pglite:memory'], /invalid at \(top level\): unknown key "snapshotDirr"/, {
      cwd: key,
    });
    const value = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
    writeFileSync(
      join(value, 'schemaguard.config.json'),
      JSON.stringify({ environments: { prod: { confirm: 'yes' } } }),
    );
    await expectRefused(['dump', 'pglite:memory'], /invalid at environments\.prod\.confirm/, { cwd: value });
  });

  it('an output path that cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-bad-out-'));
    writeFileSync(join(dir, 'file'), '');
    const result = await runCli(['dump', 'pglite:memory', '--output', join(dir, 'file', 'x.json')]);
    expect(isOneSentenceError(result), result.stderr).toBe(true);
    expect(result.stderr).toMatch(/Cannot write .*a part of the path is a file/);
    expect(readdirSync(dir)).toEqual(['file']);
  }, 60_000);

  it('a ref other than a database URL given to --db', async () => {
    await expectRefused(['dump', '--db', 'env:production'], /--db takes a database URL/);
  });

  it('a config whose environment has no URL, or whose default environment does not exist', async () => {
    const noUrl = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
    writeFileSync(
      join(noUrl, 'schemaguard.config.json'),
      JSON.stringify({ environments: { prod: { branch: 'main' } } }),
    );
    await expectRefused(['dump', 'pglite:memory'], /invalid at environments\.prod: give "url" or "urlEnv"/, {
      cwd: noUrl,
    });
    const noDefault = mkdtempSync(join(tmpdir(), 'sg-bad-config-'));
    writeFileSync(
      join(noDefault, 'schemaguard.config.json'),
      JSON.stringify({ defaultEnvironment: 'dev', environments: { prod: { url: 'pglite:memory' } } }),
    );
    await expectRefused(['dump'], /invalid at defaultEnvironment: there is no environment "dev"/, { cwd: noDefault });
  });

  it('a missing PGlite data directory, an unknown flag and a bad --format', async () => {
    await expectRefused(['dump', 'pglite:./no-such-dir'], /PGlite data directory \.\/no-such-dir does not exist/);
    await expectRefused(['dump', 'pglite:memory', '--frobnicate'], /unknown option '--frobnicate'/);
    await expectRefused(
      ['dump', 'pglite:memory', '--format', 'yaml'],
      /--format takes json, sql, mermaid or dot, not "yaml"/,
    );
  });
});
