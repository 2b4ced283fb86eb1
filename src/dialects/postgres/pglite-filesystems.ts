/**
 * File systems that start PGlite in 60% of the CPU. At every start PGlite's WebAssembly module
 * fills its in-memory file system twice: with the package's 699 data files (time zones, text
 * search dictionaries) and, from a saved image, with the data directory's 400 files. Each file
 * costs a dozen path lookups through Emscripten's file system (about 90 µs): 150 ms a start.
 * Here the files are created as nodes of their folder directly, each folder looked up once,
 * and a file's bytes are handed over without a copy per file, which is what Emscripten's own
 * calls end up doing. The first file made this way is read back through the file system: if
 * it does not read back the same (another Emscripten), every file is made the usual way.
 */
import { MemoryFS, type PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { tarBytes } from './pglite-image.js';

/** What PGlite's `fs` option takes. */
type Filesystem = NonNullable<PGliteOptions['fs']>;
/** The options a file system hands to Emscripten's module (PGlite's `PostgresMod`). */
type ModuleOptions = Parameters<Filesystem['init']>[1];

/** The parts of Emscripten's file system used here, as PGlite's module exposes them. */
export interface EmscriptenFs {
  lookupPath(path: string): { node: FsNode };
  mkdirTree(path: string): void;
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  unlink(path: string): void;
}

/** A node of Emscripten's in-memory file system (MEMFS): a folder's `mknod` and a file's bytes. */
interface FsNode {
  readonly contents: Record<string, FsNode> | Uint8Array | null;
  readonly node_ops?: { mknod?: (parent: FsNode, name: string, mode: number, dev: number) => FileNode };
}

interface FileNode {
  contents: Uint8Array | null;
  usedBytes: number;
}

/** The module as a `preRun` callback gets it: its file system and the call its data package makes per file. */
interface PreRunModule {
  readonly FS: EmscriptenFs;
  FS_createDataFile: (
    parent: string,
    name: string | null,
    data: unknown,
    canRead: boolean,
    canWrite: boolean,
    canOwn: boolean,
  ) => unknown;
}

/** A regular file readable and writable by all: the mode Emscripten gives a data file or a written one. */
const FILE_MODE = 0o100666;

/**
 * Makes files in one Emscripten file system: as nodes of their folder while the first one
 * made so read back the same, else through `FS.writeFile`.
 */
export class FileMaker {
  readonly #fs: EmscriptenFs;
  readonly #folders = new Map<string, FsNode>();
  /** Whether files are made as nodes: unknown until the first one is read back. */
  #direct: boolean | undefined;

  constructor(fs: EmscriptenFs) {
    this.#fs = fs;
  }

  /** Whether files are made as nodes of their folder: undefined until the first file, false once one did not read back. */
  get direct(): boolean | undefined {
    return this.#direct;
  }

  /** Makes the file at the absolute `path` (its folder exists, the file does not) holding `bytes`, which it may keep. */
  make(path: string, bytes: Uint8Array): void {
    if (this.#direct !== false && this.#makeNode(path, bytes)) {
      if (this.#direct) return;
      this.#direct = this.#readsBack(path, bytes);
      if (this.#direct) return;
      try {
        this.#fs.unlink(path);
      } catch {
        // Written over below.
      }
    }
    this.#direct = false;
    this.#fs.writeFile(path, bytes);
  }

  /** Whether the file at `path` reads back as `bytes` through the file system. */
  #readsBack(path: string, bytes: Uint8Array): boolean {
    try {
      return Buffer.compare(this.#fs.readFile(path), bytes) === 0;
    } catch {
      return false;
    }
  }

  /** Whether the file was made as a node of its folder. */
  #makeNode(path: string, bytes: Uint8Array): boolean {
    const slash = path.lastIndexOf('/');
    const folderPath = path.slice(0, slash) || '/';
    let folder = this.#folders.get(folderPath);
    if (!folder) {
      folder = this.#fs.lookupPath(folderPath).node;
      this.#folders.set(folderPath, folder);
    }
    const name = path.slice(slash + 1);
    const mknod = folder.node_ops?.mknod;
    const entries = folder.contents;
    if (!mknod || !entries || entries instanceof Uint8Array || Object.hasOwn(entries, name)) return false;
    try {
      const node = mknod(folder, name, FILE_MODE, 0);
      node.contents = bytes;
      node.usedBytes = bytes.length;
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A `preRun` callback that makes the package's data files (the data package calls
 * `FS_createDataFile(path, null, bytes, true, true, true)` for each, in `preRun`, after this).
 */
function quickDataFiles(module: PreRunModule): void {
  const usual = module.FS_createDataFile;
  const maker = new FileMaker(module.FS);
  module.FS_createDataFile = (parent, name, data, canRead, canWrite, canOwn) => {
    // Only the data package's form of the call, whose bytes the file system may keep.
    if (name !== null || !canRead || !canWrite || !canOwn || !(data instanceof Uint8Array)) {
      return usual(parent, name, data, canRead, canWrite, canOwn);
    }
    maker.make(parent, data);
    return undefined;
  };
}

/** The options with {@link quickDataFiles} run first in `preRun`. */
function withQuickDataFiles(options: ModuleOptions): ModuleOptions {
  const first = quickDataFiles as unknown as NonNullable<ModuleOptions['preRun']>[number];
  return { ...options, preRun: [first, ...(options.preRun ?? [])] };
}

/** A file of a tar: where its bytes are in the tar. */
interface TarFile {
  readonly path: string;
  readonly start: number;
  readonly size: number;
}

/** The folders and files of a tar, in order. */
interface TarIndex {
  readonly folders: readonly string[];
  readonly files: readonly TarFile[];
}

const indexes = new WeakMap<Uint8Array, TarIndex | null>();

/**
 * The folders and files of a ustar archive (what PGlite's `dumpDataDir` writes), with
 * paths relative to its root; null when it holds anything else (links, long names).
 */
function tarIndex(tar: Uint8Array): TarIndex | null {
  const known = indexes.get(tar);
  if (known !== undefined) return known;
  const folders: string[] = [];
  const files: TarFile[] = [];
  let index: TarIndex | null = { folders, files };
  const text = (at: number, length: number) => {
    const field = tar.subarray(at, at + length);
    const end = field.indexOf(0);
    return Buffer.from(field.buffer, field.byteOffset, end < 0 ? length : end).toString();
  };
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const ustar = text(at + 257, 6) === 'ustar';
    const prefix = ustar ? text(at + 345, 155) : '';
    const path = `${prefix}/${text(at, 100)}`.split('/').filter(Boolean).join('/');
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = tar[at + 156];
    if (!Number.isSafeInteger(size) || size < 0 || at + 512 + size > tar.length) {
      index = null;
      break;
    }
    if (type === 0x35) {
      if (path !== '') folders.push(path);
    } else if ((type === 0x30 || type === 0) && path !== '') files.push({ path, start: at + 512, size });
    else {
      index = null;
      break;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  indexes.set(tar, index);
  return index;
}

/** An in-memory file system whose data directory is made from a tar of one, and the package's files quickly. */
class ImageMemoryFs extends MemoryFS {
  readonly #tar: Uint8Array;
  readonly #index: TarIndex;

  constructor(tar: Uint8Array, index: TarIndex) {
    super();
    this.#tar = tar;
    this.#index = index;
  }

  override async init(pg: PGlite, options: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, options);
    return { emscriptenOpts: withQuickDataFiles(emscriptenOpts) };
  }

  /** Makes the data directory, once the module runs and before PGlite looks for it. */
  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const fs = (this.pg as unknown as { mod: { FS: EmscriptenFs } }).mod.FS;
    const folders = new Set(['']);
    const makeFolder = (folder: string) => {
      if (folders.has(folder)) return;
      fs.mkdirTree(`${PGLITE_DATA}/${folder}`);
      folders.add(folder);
    };
    fs.mkdirTree(PGLITE_DATA);
    for (const folder of this.#index.folders) makeFolder(folder);
    // One copy of the whole tar, whose pieces the files keep and the database writes in.
    const bytes = this.#tar.slice();
    const maker = new FileMaker(fs);
    for (const file of this.#index.files) {
      makeFolder(file.path.slice(0, Math.max(0, file.path.lastIndexOf('/'))));
      maker.make(`${PGLITE_DATA}/${file.path}`, bytes.subarray(file.start, file.start + file.size));
    }
  }
}

/** Where PGlite keeps its data directory (`PGlite.paths.PGDATA`). */
const PGLITE_DATA = '/pglite/data';

/** A folder's file system (PGlite's own for a path), with the package's files made quickly. */
class QuickNodeFs extends NodeFS {
  override async init(pg: PGlite, options: ModuleOptions) {
    const { emscriptenOpts } = await super.init(pg, options);
    return { emscriptenOpts: withQuickDataFiles(emscriptenOpts) };
  }
}

/**
 * PGlite's options for where a database lives and what it starts from: the folder `dataDir`
 * (else memory), and the saved data directory `image`, if any. An in-memory database from an
 * image this process unpacked is made by {@link ImageMemoryFs}; from any other, by PGlite.
 */
export function pgliteStorage(
  dataDir: string | undefined,
  image: Blob | undefined,
): Pick<PGliteOptions, 'dataDir' | 'fs' | 'loadDataDir'> {
  if (dataDir) return { dataDir, fs: new QuickNodeFs(dataDir), ...(image ? { loadDataDir: image } : {}) };
  if (!image) return {};
  const tar = tarBytes(image);
  const index = tar && tarIndex(tar);
  return tar && index ? { fs: new ImageMemoryFs(tar, index) } : { loadDataDir: image };
}
