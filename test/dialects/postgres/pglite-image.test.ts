import { appendFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openPglite, type PostgresClient } from '../../../src/dialects/postgres/connection.js';
import { startFromImage } from '../../../src/dialects/postgres/pglite-image.js';

const start = (cacheDir: string) =>
  startFromImage<PostgresClient>(
    cacheDir,
    (image) => openPglite('pglite:memory', image ? { image, extensions: [] } : { extensions: [] }),
    (client) => client.saveImage?.(),
  );

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
});
