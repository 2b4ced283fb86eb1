import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { installedVersion } from '../../version.js';

/** The installed version of the embedded PostgreSQL package (PGlite): cached embedded builds depend on it. */
export function pgliteVersion(): string {
  return installedVersion('@electric-sql/pglite') ?? 'unknown';
}

/** Saved images of other PGlite versions (and of versions before images were named by version). */
const IMAGE_FILE = /^pglite-(?:.+-)?(?:initdb|lean)\.tar\.gz$/;

/**
 * The saved initdb image for the installed PGlite: an image of another version may not start.
 * `wal1m` names the layout (1MB WAL segments, see `inMemoryPgliteOptions`): an image saved
 * before it still works, but is replaced by one that starts faster.
 */
function imagePath(cacheDir: string): string {
  return join(cacheDir, `pglite-${pgliteVersion()}-wal1m-initdb.tar.gz`);
}

/** The saved lean image (see {@link LEAN_STATEMENTS}) for the installed PGlite. */
function leanImagePath(cacheDir: string): string {
  return join(cacheDir, `pglite-${pgliteVersion()}-wal1m-lean.tar.gz`);
}

/**
 * What makes the lean image of the in-memory databases (shadows, scratch databases) from a
 * fresh one: `template0` and `template1` dropped. Two of an initdb's three databases, they
 * make two thirds of the image's files; without them a start unpacks 16 MB instead of 31 MB,
 * in 60% of the time. A short-lived in-memory database never creates another database (one
 * that tries is told that template1 does not exist). A new database in a folder starts from
 * the whole image and keeps both. One statement at a time: `DROP DATABASE` runs outside any
 * transaction, and a multi-statement script is one.
 */
export const LEAN_STATEMENTS = [
  'ALTER DATABASE template1 IS_TEMPLATE false',
  'DROP DATABASE template1',
  'ALTER DATABASE template0 IS_TEMPLATE false',
  'DROP DATABASE template0',
  'CHECKPOINT',
];

/** Images being saved by this process, so that databases started meanwhile run initdb only once. */
const saving = new Map<string, Promise<Image | undefined>>();

/** An initdb image: the gzip file as saved, and the tar it holds, which is what a start reads. */
interface Image {
  readonly saved: Buffer;
  readonly tar: Blob;
}

/**
 * The last image this process read or made: an image depends only on the PGlite version, so
 * a cache folder that has none gets this one instead of a new initdb, and a later start reads
 * neither the file nor gzip again (about a fifth of the CPU of a start).
 */
let known: Image | undefined;
/** The same for the lean image of in-memory databases. */
let knownLean: Image | undefined;

/**
 * Reads the images saved in `cacheDir`, if there are whole ones and this process has none yet,
 * and keeps them for every later start in this process whatever its cache folder. For processes
 * that run many commands in other folders (the test suite).
 */
export async function preloadImage(cacheDir: string): Promise<void> {
  if (!known) {
    const path = imagePath(cacheDir);
    known = existsSync(path) ? await readImage(path) : undefined;
  }
  if (!knownLean) {
    const path = leanImagePath(cacheDir);
    knownLean = existsSync(path) ? await readImage(path) : undefined;
  }
}

/** The initdb image this process has read or made, if any: a new embedded database in a folder can start from it. */
export function knownImage(): Blob | undefined {
  return known?.tar;
}

/** The image a new in-memory database starts from: the lean one if this process has it, else the whole one. */
export function knownInMemoryImage(): Blob | undefined {
  return knownLean?.tar ?? known?.tar;
}

/** How {@link startFromImage} starts an in-memory database and turns one into images. */
export interface ImageHooks<T> {
  /** Opens a database, from an image when it gets one. */
  readonly start: (image?: Blob) => Promise<T>;
  /** Dumps a just-started database as a gzipped image. */
  readonly save: (database: T) => Promise<Blob> | undefined;
  /** Runs {@link LEAN_STATEMENTS} on a just-started database, then dumps it as a gzipped image. */
  readonly saveLean: (database: T) => Promise<Blob | undefined>;
}

/**
 * Starts a fresh in-memory embedded database from the lean image saved in `cacheDir` (about
 * 0.2 s instead of 5–10 s of initdb), and saves the images there when they are missing: the
 * whole initdb image, from an initdb, and the lean one, from a start of the whole one. A
 * damaged image is deleted and made again; a cache that cannot be written only costs time.
 */
export async function startFromImage<T>(cacheDir: string, hooks: ImageHooks<T>): Promise<T> {
  const path = leanImagePath(cacheDir);
  const lean = knownLean ?? (existsSync(path) ? await readImage(path) : undefined);
  if (lean) {
    try {
      const database = await hooks.start(lean.tar);
      knownLean = lean;
      // A missing or damaged file (one of another length) is written again, for other processes.
      await keepSaved(cacheDir, path, lean);
      if (known) await keepSaved(cacheDir, imagePath(cacheDir), known);
      return database;
    } catch {
      if (lean === knownLean) knownLean = undefined;
      await rm(path, { force: true });
    }
  }
  const database = await startFromWholeImage(cacheDir, hooks.start, hooks.save);
  const blob = await hooks.saveLean(database).catch(() => undefined);
  const made = blob ? await imageOf(Buffer.from(await blob.arrayBuffer())) : undefined;
  if (made) {
    knownLean = made;
    await writeImage(cacheDir, path, made.saved);
  }
  return database;
}

/** {@link startFromImage} from the whole initdb image, saving it when there is none. */
async function startFromWholeImage<T>(
  cacheDir: string,
  start: (image?: Blob) => Promise<T>,
  save: (database: T) => Promise<Blob> | undefined,
): Promise<T> {
  const path = imagePath(cacheDir);
  const pending = saving.get(path);
  let image: Image | undefined;
  if (known) {
    image = known;
    await keepSaved(cacheDir, path, known);
  } else {
    image = existsSync(path) ? await readImage(path) : undefined;
    image ??= await pending;
  }
  if (image) {
    try {
      const database = await start(image.tar);
      known = image;
      return database;
    } catch {
      if (image === known) known = undefined;
      await rm(path, { force: true });
    }
  }
  let saved: (image: Image | undefined) => void = () => {};
  saving.set(path, new Promise((resolve) => (saved = resolve)));
  try {
    const database = await start();
    const blob = await Promise.resolve(save(database)).catch(() => undefined);
    const made = blob ? await imageOf(Buffer.from(await blob.arrayBuffer())) : undefined;
    saved(made);
    if (made) {
      known = made;
      await writeImage(cacheDir, path, made.saved);
    }
    return database;
  } finally {
    saved(undefined);
    saving.delete(path);
  }
}

/**
 * A tar in memory that PGlite reads without a copy. Node's own `Blob.arrayBuffer()` copies
 * the 40 MB piece by piece on every start: a third of the CPU of an in-memory start. PGlite
 * only reads the buffer, so every start is given the same one.
 */
class TarBlob extends Blob {
  readonly #bytes: ArrayBuffer;
  /** The tar, shared by every start: read it, never change it. */
  readonly tarBytes: Uint8Array;

  constructor(bytes: Buffer) {
    super([], { type: 'application/x-tar' });
    // Bytes that fill their buffer (unpacked in one piece) are used as they are; others are copied out.
    const whole = bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength;
    this.#bytes = (
      whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)
    ) as ArrayBuffer;
    Object.defineProperty(this, 'size', { value: this.#bytes.byteLength });
    this.tarBytes = new Uint8Array(this.#bytes);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#bytes);
  }

  override slice(start?: number, end?: number, type?: string): Blob {
    return new Blob([this.#bytes]).slice(start, end, type);
  }

  override stream(): ReturnType<Blob['stream']> {
    return new Blob([this.#bytes]).stream();
  }

  override text(): Promise<string> {
    return Promise.resolve(new TextDecoder().decode(this.#bytes));
  }
}

/** The bytes of an image this process unpacked (shared: never change them), or undefined for any other blob. */
export function tarBytes(image: Blob): Uint8Array | undefined {
  return image instanceof TarBlob ? image.tarBytes : undefined;
}

/** An image of a data directory dumped as a tar (PGlite's `dumpDataDir('none')`), for starts that make it quickly. */
export async function tarImage(dumped: Blob): Promise<Blob> {
  return new TarBlob(Buffer.from(await dumped.arrayBuffer()));
}

/** Writes `image` at `path` again when the file there is missing or damaged (of another length). */
async function keepSaved(cacheDir: string, path: string, image: Image): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => -1,
  );
  if (size !== image.saved.length) await writeImage(cacheDir, path, image.saved);
}

/** The image of gzip bytes, or undefined when they are not a whole gzip stream. */
async function imageOf(saved: Buffer): Promise<Image | undefined> {
  try {
    return { saved, tar: new TarBlob(await promisify(gunzip)(saved, { chunkSize: unpackedSize(saved) })) };
  } catch {
    return undefined;
  }
}

/** The largest output piece asked of gzip: an image is about 30 MB. */
const MAX_CHUNK = 128 * 1024 * 1024;

/**
 * The size of what gzip bytes unpack to, as their last four bytes record it (ISIZE), for the
 * piece size of the unpacking: in one piece of that size, gzip writes the tar straight into
 * the buffer PGlite is then given, where pieces of the default 16 KB cost two thirds of the
 * time (200 against 70 ms for the 16 MB lean image) and a copy. Damaged bytes give another
 * size, which only costs time: the bounds keep any such number harmless.
 */
function unpackedSize(gzip: Buffer): number {
  const recorded = gzip.length >= 4 ? gzip.readUInt32LE(gzip.length - 4) : 0;
  return Math.min(Math.max(recorded, 64 * 1024), MAX_CHUNK);
}

/**
 * The saved image at `path`, or undefined (and the file deleted) when it is not a whole
 * gzip stream: PGlite fails on a damaged one with an error it throws outside any promise.
 */
async function readImage(path: string): Promise<Image | undefined> {
  const image = await imageOf(await readFile(path));
  if (!image) await rm(path, { force: true });
  return image;
}

async function writeImage(cacheDir: string, path: string, image: Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFile(temporary, image);
    await rename(temporary, path);
    // Images of other PGlite versions will not be used again.
    const current = [imagePath(cacheDir), leanImagePath(cacheDir)];
    for (const name of await readdir(cacheDir)) {
      if (IMAGE_FILE.test(name) && !current.includes(join(cacheDir, name)))
        await rm(join(cacheDir, name), { force: true });
    }
  } catch {
    await rm(temporary, { force: true }).catch(() => {});
  }
}
