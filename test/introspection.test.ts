import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSnapshot, loadSchema, serializeSnapshot } from '../src/index.js';
import { createServerDatabase, hasServer, openTestServer, ensureServerRole } from './helpers/databases.js';
import { tablesSql } from './helpers/tables-sql.js';

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
      expect(shown).toMatch(/schemaguard dump: catalog…/);
      const piped = spawnSync(process.execPath, [cli, 'dump', '--db', db.url, '--output', out], { encoding: 'utf8' });
      expect(piped.status).toBe(0);
      expect(piped.stderr).toMatch(/^Wrote .*out\.json: 3 tables, 3 views, 0 functions\.\n$/);
    } finally {
      await db.drop();
    }
  });
});
