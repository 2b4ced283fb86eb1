import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openPglite, type PostgresClient } from '../../../src/dialects/postgres/connection.js';
import { LEAN_STATEMENTS, startFromImage } from '../../../src/dialects/postgres/pglite-image.js';

const start = (cacheDir: string) =>
  startFromImage<PostgresClient>(cacheDir, {
    start: (image) => openPglite('pglite:memory', image ? { image, extensions: [] } : { extensions: [] }),
    save: (client) => client.saveImage?.(),
    saveLean: async (client) => {
      for (const statement of LEAN_STATEMENTS) await client.exec(statement);
      return client.saveImage?.();
    },
  });

describe('the saved initdb image of embedded databases', () => {
  it('is saved by the first start, and a damaged one is replaced instead of crashing the next start', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sg-image-'));
    const first = await start(cacheDir);
    await first.close();
    const [image] = readdirSync(cacheDir).filter((f) => f.endsWith('initdb.tar.gz'));
    expect(image).toBeDefined();
    const path = join(cacheDir, image as string);
    // What an interrupted or doubled write leaves: a whole gzip stream, then stray bytes.
    appendFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x2a]));
    expect(() => gunzipSync(readFileSync(path))).toThrow();

    const second = await start(cacheDir);
    expect(await second.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await second.close();
    expect(() => gunzipSync(readFileSync(path))).not.toThrow();
  }, 120_000);

  it('starts in-memory databases from a lean image, without the template databases; folders keep them', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'sg-image-'));
    const shadow = await start(cacheDir);
    expect(await shadow.query('SELECT datname FROM pg_database')).toEqual([{ datname: 'postgres' }]);
    await expect(shadow.exec('CREATE DATABASE another')).rejects.toThrow(/template1/);
    await shadow.close();
    const [lean] = readdirSync(cacheDir).filter((f) => f.endsWith('lean.tar.gz'));
    expect(lean).toBeDefined();
    const leanPath = join(cacheDir, lean as string);
    appendFileSync(leanPath, Buffer.from([0x1f, 0x8b, 0x08, 0x00]));
    const again = await start(cacheDir);
    expect(await again.query('SELECT datname FROM pg_database')).toEqual([{ datname: 'postgres' }]);
    await again.close();
    expect(() => gunzipSync(readFileSync(leanPath))).not.toThrow();

    const folder = await openPglite(`pglite:${join(cacheDir, 'db')}`, { create: true });
    const names = await folder.query<{ datname: string }>('SELECT datname FROM pg_database ORDER BY 1');
    expect(names.map((row) => row.datname)).toEqual(['postgres', 'template0', 'template1']);
    await folder.close();
  }, 120_000);
});
