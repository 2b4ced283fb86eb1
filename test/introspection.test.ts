import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnapshot, loadSchema, serializeSnapshot } from '../src/index.js';
import {
  createServerDatabase,
  hasServer,
  openTestPglite,
  openTestServer,
  resetDatabase,
  ensureServerRole,
} from './helpers/databases.js';
import type { Connection } from '../src/dialects/dialect.js';

function tablesSql(count: number): string {
  return Array.from(
    { length: count },
    (
      _,
      i,
    ) => `CREATE TABLE public.t${i} (id serial PRIMARY KEY, ref integer${i > 0 ? ` REFERENCES public.t${i - 1} (id)` : ''},
       label text NOT NULL DEFAULT 'x', CHECK (length(label) < 100));
     CREATE INDEX t${i}_label ON public.t${i} (lower(label));
     CREATE VIEW public.v${i} AS SELECT id, label FROM public.t${i};
     COMMENT ON TABLE public.t${i} IS 'table ${i}';`,
  ).join('\n');
}

/** A client that counts the statements it is sent. */
function counting(client: Connection): Connection & { count: number } {
  const counter = {
    ...client,
    count: 0,
    query<Row>(sql: string, params?: readonly unknown[]) {
      counter.count++;
      return client.query<Row>(sql, params);
    },
    exec(sql: string) {
      counter.count++;
      return client.exec(sql);
    },
  };
  return counter;
}

describe('introspection on PGlite', () => {
  let db: Connection;
  beforeAll(async () => {
    db = await openTestPglite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('sends the same number of statements for 1 table and for 60: one per object kind, never one per table', async () => {
    await resetDatabase(db);
    await db.exec(tablesSql(1));
    const small = counting(db);
    const one = await small.introspect({ includePrivileges: true });
    await resetDatabase(db);
    await db.exec(tablesSql(60));
    const large = counting(db);
    const sixty = await large.introspect({ includePrivileges: true });
    expect(one.schema.tables).toHaveLength(1);
    expect(sixty.schema.tables).toHaveLength(60);
    expect(sixty.schema.views).toHaveLength(60);
    expect(large.count).toBe(small.count);
    // One catalog query per kind (every modelled kind, and one count of the kinds not
    // modelled), plus BEGIN, SET search_path, the server version and COMMIT.
    expect(large.count).toBeLessThanOrEqual(43);
  });
});

describe.runIf(hasServer())('introspection on the PostgreSQL server', () => {
  it('works for a role that may only read the catalogs, and writes nothing', async () => {
    const db = await createServerDatabase('sgreader');
    try {
      await ensureServerRole('sg_catalog_reader');
      const admin = await openTestServer(db.url);
      await admin.exec(`${tablesSql(3)}; REVOKE ALL ON SCHEMA public FROM PUBLIC;`);
      await admin.close();
      const url = new URL(db.url);
      url.username = 'sg_catalog_reader';
      const loaded = await loadSchema(url.toString(), { config: undefined });
      expect(loaded.schema.tables.map((t) => t.name)).toEqual(['t0', 't1', 't2']);
      expect(loaded.source).toBe(url.toString());
      // The library API gives the same bytes as the CLI would write for the same schema.
      const text = serializeSnapshot(createSnapshot(loaded.dialect, loaded.schema, { source: loaded.source }));
      expect(JSON.parse(text).schema.tables).toHaveLength(3);
    } finally {
      await db.drop();
    }
  });

  it('shows progress on a terminal, and none when stderr is not one', async () => {
    const db = await createServerDatabase('sgtty');
    try {
      const admin = await openTestServer(db.url);
      await admin.exec(tablesSql(3));
      await admin.close();
      const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'main.js');
      const out = join(mkdtempSync(join(tmpdir(), 'sg-tty-')), 'out.json');
      // `script` runs the command on a pseudo-terminal and copies what it shows.
      const shown = execFileSync('script', ['-qec', `node ${cli} dump --db ${db.url} --output ${out}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(shown).toMatch(/schemaguard dump: connecting…/);
      expect(shown).toMatch(/schemaguard dump: columns…/);
      const piped = spawnSync(process.execPath, [cli, 'dump', '--db', db.url, '--output', out], { encoding: 'utf8' });
      expect(piped.status).toBe(0);
      expect(piped.stderr).toMatch(/^Wrote .*out\.json: 3 tables, 3 views, 0 functions\.\n$/);
    } finally {
      await db.drop();
    }
  });
});
