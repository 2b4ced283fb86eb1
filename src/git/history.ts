/**
 * The history of one file in git: the commits that changed it (`git log`), and its
 * content at many revisions read through a single `git cat-file --batch` process
 * rather than one `git show` per revision.
 */

import { existsSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { SchemaguardError, errorMessage } from '../errors.js';
import { type StartedProgram, startProgram } from '../subprocess.js';
import { git } from './git.js';

/** Object ids git prints for "no file on this side" (SHA-1 and SHA-256 repositories). */
const NULL_OBJECT_ID = /^0+$/;

/** The repository holding a path, and the path as git names it (relative to the top level, `/`-separated). */
export interface RepositoryPath {
  /** The repository's top-level folder. */
  readonly root: string;
  /** The path relative to `root`, with `/` separators. */
  readonly path: string;
}

/** The first line of a failed git command's stderr, or the error's message. */
function gitFailure(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
  return (stderr.split('\n')[0] ?? '').replace(/^fatal: /, '') || errorMessage(error);
}

/**
 * Locates a file (which need not exist on disk any more; an absolute path) in the git
 * repository holding it; throws a {@link SchemaguardError}, naming it as `shownAs`, outside a
 * repository or outside its work tree.
 */
export async function locateInRepository(path: string, shownAs = path): Promise<RepositoryPath> {
  const file = shownAs;
  const absolute = resolve(path);
  // The nearest existing folder, real path: git reports the top level with symbolic links resolved.
  let folder = dirname(absolute);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  const realFolder = realpathSync(folder);
  let root: string;
  try {
    root = (await git(['rev-parse', '--show-toplevel'], realFolder)).trim();
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`Cannot read the history of ${file}: ${folder} is not inside a git repository.`, {
      cause: error,
    });
  }
  const inside = relative(root, resolve(realFolder, relative(folder, absolute)));
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..') {
    throw new SchemaguardError(
      `Cannot read the history of ${file}: it is not a file of the git repository at ${root}.`,
    );
  }
  return { root, path: inside.split(sep).join('/') };
}

/** A commit that changed a file, with the file's object ids before and after it. */
export interface FileCommit {
  readonly commit: string;
  /** The abbreviation git chose, unique in the repository (usually 7 characters). */
  readonly shortCommit: string;
  readonly parents: readonly string[];
  /** The author date, strict ISO 8601 with the author's offset: `2026-11-20T09:15:00+01:00`. */
  readonly authorDate: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly subject: string;
  /** The file's path at this commit, relative to the repository's top level. */
  readonly path: string;
  /** The file's path in the first parent; differs from `path` when this commit renamed the file. */
  readonly previousPath: string;
  /**
   * How to read the file as it is after the commit (`git cat-file` object name: a blob id,
   * or `REV:path` for a merge, where git reports no per-file change); undefined when the
   * commit deleted it.
   */
  readonly after?: string;
  /** How to read the file in the first parent; undefined when the commit added it (or has no parent). */
  readonly before?: string;
}

/** Options of {@link commitsChangingFile}. */
export interface FileHistoryOptions {
  /** At most this many commits (`git log -n`). */
  readonly maxCount?: number;
  /** Follow the file back through the commits that renamed it; default true. */
  readonly followRenames?: boolean;
}

/** Separates commits in the `git log` output; cannot appear in the NUL-separated fields before the subject. */
const RECORD = '\u001e';
const LOG_FORMAT = `${RECORD}%H%x00%P%x00%aI%x00%an%x00%ae%x00%s`;

/** One line of git's raw diff format: `:<old mode> <new mode> <old id> <new id> <status>` and its paths. */
interface RawChange {
  readonly status: string;
  readonly before: string;
  readonly after: string;
  /** One path; two (old, new) for a rename or copy. */
  readonly paths: readonly string[];
}

/** The fields of one commit in the `git log` output, and its raw change lines. */
interface LogRecord {
  readonly header: Omit<FileCommit, 'shortCommit' | 'path' | 'previousPath' | 'after' | 'before'>;
  readonly changes: RawChange[];
}

/** Parses NUL-separated (`-z`) output made of LOG_FORMAT headers (for `git log`) and raw change lines. */
function parseRaw(output: string): { records: LogRecord[]; changes: RawChange[] } {
  const tokens = output.split('\0');
  const records: LogRecord[] = [];
  /** Raw lines before any header: those of `git diff-tree`. */
  const loose: RawChange[] = [];
  let i = 0;
  const next = () => tokens[i++] ?? '';
  while (i < tokens.length) {
    const token = next().replace(/^\s+/, '');
    if (token.startsWith(RECORD)) {
      const commit = token.slice(RECORD.length);
      const [parents, authorDate, authorName, authorEmail, subject] = [next(), next(), next(), next(), next()];
      const header = {
        commit,
        parents: parents.split(' ').filter(Boolean),
        authorDate,
        authorName,
        authorEmail,
        subject,
      };
      records.push({ header, changes: [] });
    } else if (token.startsWith(':')) {
      const [, , before = '', after = '', status = ''] = token.slice(1).split(' ');
      const paths = /^[RC]/.test(status) ? [next(), next()] : [next()];
      (records.at(-1)?.changes ?? loose).push({ status, before, after, paths });
    }
  }
  return { records, changes: loose };
}

/**
 * The unique abbreviations git chooses for commits, in order: `git log --raw --no-abbrev`
 * would print full ids for `%h` too.
 */
async function shortCommits(commits: readonly string[], root: string): Promise<string[]> {
  const abbreviations: string[] = [];
  // In slices, to stay far below the system's limit on the length of a command line.
  for (let start = 0; start < commits.length; start += 2000) {
    const slice = commits.slice(start, start + 2000);
    const output = await git(['log', '--no-walk=unsorted', '--no-show-signature', '--format=%h', ...slice], root);
    abbreviations.push(...output.split('\n').filter(Boolean));
  }
  return abbreviations;
}

/** Runs a git command of the history, turning a failure into a clear error. */
async function gitHistory(args: readonly string[], root: string, path: string): Promise<string> {
  try {
    return await git(args, root);
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    throw new SchemaguardError(`Cannot read the history of ${path}: ${gitFailure(error)}.`, { cause: error });
  }
}

type UnabbreviatedCommit = Omit<FileCommit, 'shortCommit'>;

/**
 * The commits of `revision`'s history that changed `path`, as `git log REVISION -- PATH`
 * lists them (merges that took one side's file as it was are left out, as by git).
 */
async function logOfPath(root: string, revision: string, path: string, maxCount?: number) {
  const args = ['--literal-pathspecs', 'log', '-z', '--raw', '--no-abbrev', '--no-renames', '--no-color'];
  args.push('--no-show-signature', `--format=${LOG_FORMAT}`);
  if (maxCount !== undefined) args.push(`--max-count=${maxCount}`);
  const { records } = parseRaw(await gitHistory([...args, revision, '--', path], root, path));
  return records.map(({ header, changes }): UnabbreviatedCommit => {
    const change = changes.find((c) => c.paths[0] === path);
    if (!change) {
      // A merge whose file differs from every parent's: git lists no per-file change, so
      // read it by revision and path, against the first parent.
      const parent = header.parents[0];
      const after = `${header.commit}:${path}`;
      return { ...header, path, previousPath: path, after, before: parent ? `${parent}:${path}` : undefined };
    }
    const after = NULL_OBJECT_ID.test(change.after) ? undefined : change.after;
    const before = NULL_OBJECT_ID.test(change.before) ? undefined : change.before;
    return { ...header, path, previousPath: path, after, before };
  });
}

/** The rename by which `commit` (compared with its first parent) created `path`, if it did. */
async function renameCreating(root: string, commit: UnabbreviatedCommit): Promise<RawChange | undefined> {
  const parent = commit.parents[0];
  if (!parent) return undefined;
  const args = ['diff-tree', '-r', '-z', '--raw', '--no-abbrev', '-M', parent, commit.commit];
  const { changes } = parseRaw(await gitHistory(args, root, commit.path));
  return changes.find((c) => c.status.startsWith('R') && c.paths[1] === commit.path);
}

/**
 * The commits of the history of HEAD that changed a file (as {@link locateInRepository}
 * found it), newest first, with how to read its content before and after each: what
 * `git log -- PATH` lists, continued through the commits that renamed the file (unless
 * `followRenames` is false). Before the first commit there are none.
 */
export async function commitsChangingFile(
  location: RepositoryPath,
  options: FileHistoryOptions = {},
): Promise<FileCommit[]> {
  try {
    await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], location.root);
  } catch (error) {
    if (error instanceof SchemaguardError) throw error;
    return []; // no commit yet
  }
  const commits: UnabbreviatedCommit[] = [];
  let revision = 'HEAD';
  let path = location.path;
  for (;;) {
    const remaining = options.maxCount === undefined ? undefined : options.maxCount - commits.length;
    const found = await logOfPath(location.root, revision, path, remaining);
    commits.push(...found);
    const oldest = commits.at(-1);
    const parent = oldest?.parents[0];
    // Where the file appears, it may have been renamed from another path: continue there.
    if (options.followRenames === false || found.length === 0 || remaining === found.length) break;
    if (!oldest || !parent || oldest.before !== undefined) break;
    const rename = await renameCreating(location.root, oldest);
    if (!rename) break;
    const previousPath = rename.paths[0] ?? path;
    commits[commits.length - 1] = { ...oldest, previousPath, before: rename.before };
    revision = parent;
    path = previousPath;
  }
  const abbreviations = await shortCommits(
    commits.map((c) => c.commit),
    location.root,
  );
  return commits.map((commit, index) => ({
    ...commit,
    shortCommit: abbreviations[index] ?? commit.commit.slice(0, 7),
  }));
}

/** An object read by {@link CatFileBatch}. */
export interface GitObject {
  readonly objectId: string;
  /** `blob`, `tree`, `commit` or `tag`. */
  readonly type: string;
  readonly content: Buffer;
}

interface PendingRead {
  readonly name: string;
  resolve(object: GitObject | undefined): void;
  reject(error: Error): void;
}

/**
 * Reads many git objects (`REV:path`, blob ids, …) through one `git cat-file --batch`
 * process: requests go to its stdin, answers come back in order on its stdout as
 * `<id> <type> <size>\n<content>\n`, or `<name> missing\n` for an object that does not
 * exist (a file absent at a revision, an unknown revision). Call {@link close} when done.
 */
export class CatFileBatch {
  private readonly child: StartedProgram;
  private readonly pending: PendingRead[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The header of the object whose content is being received. */
  private receiving?: { readonly objectId: string; readonly type: string; readonly size: number };
  private failure?: Error;
  private stderr = '';
  private readonly exited: Promise<void>;

  /** Starts `git cat-file --batch` in `cwd` (any folder of the repository). */
  constructor(cwd: string) {
    this.child = startProgram('git', ['cat-file', '--batch'], { cwd });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += chunk.toString();
    });
    // A write after git has gone: the end below reports why.
    this.child.stdin.on('error', () => {});
    this.exited = this.child.ended.then(
      ({ exitCode, signal }) => {
        const why =
          this.stderr
            .trim()
            .split('\n')[0]
            ?.replace(/^fatal: /, '') || `exit ${exitCode ?? signal}`;
        this.fail(new SchemaguardError(`git cat-file stopped before answering every request: ${why}.`));
      },
      (error: Error) => this.fail(error),
    );
  }

  /** The process id of the git process, for diagnostics. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * The object named `name`, or undefined when it does not exist. Requests are answered
   * in the order they are made; many may be outstanding at once.
   */
  read(name: string): Promise<GitObject | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    if (/[\r\n]/.test(name) || name === '') {
      return Promise.reject(
        new SchemaguardError(`Cannot read git object "${name}": the name is empty or spans lines.`),
      );
    }
    return new Promise((resolveRead, rejectRead) => {
      this.pending.push({ name, resolve: resolveRead, reject: rejectRead });
      this.child.stdin.write(`${name}\n`);
    });
  }

  /**
   * The objects named, in order, keeping at most `ahead` requests outstanding, so that
   * memory holds a few objects however many are read.
   */
  async *readEach(names: Iterable<string>, ahead = 8): AsyncGenerator<GitObject | undefined> {
    const queue: Promise<GitObject | undefined>[] = [];
    const iterator = names[Symbol.iterator]();
    const request = () => {
      const step = iterator.next();
      if (step.done) return false;
      const read = this.read(step.value);
      read.catch(() => {}); // rejections are seen when the read is awaited below
      queue.push(read);
      return true;
    };
    while (queue.length < Math.max(1, ahead) && request());
    for (let read = queue.shift(); read; read = queue.shift()) {
      request();
      yield await read;
    }
  }

  /** Ends the process after the outstanding requests are answered. */
  async close(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.receiving) {
        // The content and its trailing newline.
        if (this.buffered < this.receiving.size + 1) return;
        const data = this.take(this.receiving.size + 1);
        const { objectId, type, size } = this.receiving;
        this.receiving = undefined;
        this.pending.shift()?.resolve({ objectId, type, content: data.subarray(0, size) });
        continue;
      }
      const joined = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      const newline = joined ? joined.indexOf(10) : -1;
      if (!joined || newline < 0) {
        if (joined) this.chunks = [joined];
        return;
      }
      const header = joined.toString('utf8', 0, newline);
      this.chunks = newline + 1 < joined.length ? [joined.subarray(newline + 1)] : [];
      this.buffered = joined.length - newline - 1;
      const request = this.pending[0];
      const found = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(header);
      if (found) {
        this.receiving = { objectId: found[1] ?? '', type: found[2] ?? '', size: Number(found[3]) };
      } else if (request && header === `${request.name} missing`) {
        this.pending.shift()?.resolve(undefined);
      } else if (request && header === `${request.name} ambiguous`) {
        this.pending.shift()?.reject(new SchemaguardError(`The git object name "${request.name}" is ambiguous.`));
      } else {
        this.fail(new SchemaguardError(`Unexpected answer from git cat-file: "${header.slice(0, 200)}".`));
        this.child.kill();
        return;
      }
    }
  }

  /** Removes and returns the first `length` buffered bytes (at least that many are buffered). */
  private take(length: number): Buffer {
    const joined =
      this.chunks.length === 1 && this.chunks[0] ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = length < joined.length ? [joined.subarray(length)] : [];
    this.buffered = joined.length - length;
    return joined.subarray(0, length);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of this.pending.splice(0)) request.reject(this.failure);
  }
}
