import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { inMemoryPgliteOptions, openPglite } from '../../../src/dialects/postgres/connection.js';
import { type EmscriptenFs, FileMaker, pgliteStorage } from '../../../src/dialects/postgres/pglite-filesystems.js';
import { knownImage, knownInMemoryImage, tarBytes } from '../../../src/dialects/postgres/pglite-image.js';

/** The in-memory image the worker's setup read, and its bytes. */
function image(): { blob: Blob; bytes: Uint8Array } {
  const blob = knownInMemoryImage();
  const bytes = blob && tarBytes(blob);
  if (!blob || !bytes) throw new Error('The test setup read no image.');
  return { blob, bytes };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Emscripten's file system, with what the tests list folders with. */
interface ListedFs extends EmscriptenFs {
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
}

/** Emscripten's file system in a running PGlite. */
const fileSystemOf = (db: PGlite) => (db as unknown as { mod: { FS: ListedFs } }).mod.FS;

/** The paths of the files under `folder`, in the order the file system lists them. */
function filesUnder(fs: ListedFs, folder: string): string[] {
  return fs
    .readdir(folder)
    .filter((name) => name !== '.' && name !== '..')
    .flatMap((name) => {
      const path = `${folder}/${name}`;
      return fs.isDir(fs.stat(path).mode) ? filesUnder(fs, path) : [path];
    });
}

describe('embedded databases started from the image', () => {
  it('work, read the package’s data files, and write neither in the image nor in the next database', async () => {
    const { bytes } = image();
    const before = sha256(bytes);
    const first = await openPglite('pglite:memory');
    // Time zones and text search dictionaries are among the package's data files.
    await first.exec("SET timezone = 'America/New_York'");
    expect(
      await first.query(
        "SELECT to_char(timestamptz '2026-07-01 12:00 UTC', 'HH24 TZ') AS local, " +
          "to_tsvector('english', 'the running foxes') AS words",
      ),
    ).toEqual([{ local: '08 EDT', words: "'fox':3 'run':2" }]);
    // Writes to files of the data directory, flushed to them by a checkpoint.
    await first.exec(
      'CREATE TABLE kept (id int PRIMARY KEY, note text); ' +
        "INSERT INTO kept SELECT g, repeat('x', 200) FROM generate_series(1, 5000) g; CHECKPOINT;",
    );
    expect(await first.query('SELECT count(*)::int AS n FROM kept')).toEqual([{ n: 5000 }]);
    const second = await openPglite('pglite:memory');
    expect(await second.query("SELECT to_regclass('kept') AS kept")).toEqual([{ kept: null }]);
    await Promise.all([first.close(), second.close()]);
    expect(sha256(bytes)).toBe(before);
  }, 60_000);

  it('hold the image’s files byte for byte, as PGlite’s own loading of it makes them', async () => {
    const { blob } = image();
    const options = inMemoryPgliteOptions(PGlite);
    const quick = await PGlite.create({ ...options, ...pgliteStorage(undefined, blob) });
    // Any blob but the process's own image is loaded by PGlite.
    const usual = await PGlite.create({
      ...options,
      ...pgliteStorage(undefined, new Blob([await blob.arrayBuffer()])),
    });
    try {
      // Files no start writes (pg_control records each start): the cluster's shared catalogs as the
      // image holds them, and the package's time zones.
      const quickFs = fileSystemOf(quick);
      const usualFs = fileSystemOf(usual);
      const files = (fs: ListedFs) => [
        ...filesUnder(fs, '/pglite/data/global').filter((path) => !path.endsWith('/pg_control')),
        ...filesUnder(fs, '/pglite/share/postgresql/timezone'),
      ];
      expect(files(usualFs).length).toBeGreaterThan(600);
      expect(files(quickFs)).toEqual(files(usualFs));
      for (const file of files(usualFs))
        expect([file, sha256(quickFs.readFile(file))]).toEqual([file, sha256(usualFs.readFile(file))]);
    } finally {
      await Promise.all([quick.close(), usual.close()]);
    }
  }, 60_000);
});

describe('files made in an embedded database’s file system', () => {
  it('are made as nodes in memory, and written out where a folder is mounted from the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-fs-'));
    const whole = knownImage();
    if (!whole) throw new Error('The test setup read no image.');
    const db = await PGlite.create({ ...pgliteStorage(join(dir, 'db'), whole) });
    try {
      const fs = fileSystemOf(db);
      const bytes = new Uint8Array(Buffer.from('made here\n'));

      const inMemory = new FileMaker(fs);
      inMemory.make('/tmp/made.txt', bytes);
      expect(inMemory.direct).toBe(true);
      expect(Buffer.from(fs.readFile('/tmp/made.txt')).toString()).toBe('made here\n');

      // The data directory of a folder is the disk's: a node made in memory would be lost there.
      const onDisk = new FileMaker(fs);
      onDisk.make('/pglite/data/made.txt', bytes);
      expect(onDisk.direct).toBe(false);
      expect(readFileSync(join(dir, 'db', 'made.txt'), 'utf8')).toBe('made here\n');
      onDisk.make('/pglite/data/made-too.txt', bytes);
      expect(readFileSync(join(dir, 'db', 'made-too.txt'), 'utf8')).toBe('made here\n');
    } finally {
      await db.close();
    }
  }, 60_000);
});
