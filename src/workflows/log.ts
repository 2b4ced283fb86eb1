/**
 * `log`'s reader: the versions of a snapshot file through the git history, each compared
 * with the one before it.
 */
import { realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dialectByName } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { errorMessage } from '../errors.js';
import { CatFileBatch, type FileCommit, type GitObject, type RepositoryPath } from '../git/history.js';
import { normalizeSchema } from '../schema/canonical.js';
import { type Schema, emptySchema } from '../schema/model.js';
import { type Snapshot, parseSnapshot } from '../schema/snapshot.js';

/** The file at one side of a commit: not there, not a valid snapshot, or a snapshot. */
type FileVersion =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable'; readonly error: string }
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot };

const ABSENT: FileVersion = { kind: 'absent' };

/** What a commit did to the schema file. */
export type SchemaLogStatus = 'added' | 'modified' | 'deleted' | 'unreadable' | 'not compared';

/** One commit of a schema file's history, compared with the version before it. */
export interface SchemaLogEntry {
  readonly commit: FileCommit;
  readonly status: SchemaLogStatus;
  /** What the changes are measured from: a `git:REV:PATH` ref, or `(no file)`; undefined when not compared. */
  readonly from?: string;
  /** What they are measured to: a `git:REV:PATH` ref, or `(no file)` for a deletion; undefined when not compared. */
  readonly to?: string;
  /** Set when the parent's version was unreadable and an older one was used: that commit. */
  readonly comparedWith?: FileCommit;
  /** True when the parent's version and every one before it are unreadable: compared with no file. */
  readonly noReadableBefore?: boolean;
  /** The changes from `from` to `to`; undefined for `unreadable` and `not compared`. */
  readonly changes?: readonly Change[];
  /** Why the commit's version could not be read or compared. */
  readonly error?: string;
}

/** Options of {@link schemaLog}. */
export interface SchemaLogOptions {
  /** At most this many commits (after `table` filtering). */
  readonly maxCount?: number;
  /**
   * Keep only the changes of this table or view (`name` or `schema.name`, see
   * {@link changeTouchesTable}) and the commits that have some; commits whose version
   * cannot be read or compared are left out (see `onLeftOut`).
   */
  readonly table?: string;
  /** Paths in labels and messages are shown relative to this folder (the working directory). */
  readonly cwd: string;
  /** Called after each commit is read, with how many there are. */
  readonly onProgress?: (done: number, total: number) => void;
  /** With `table`: called for each commit left out because its version could not be read or compared. */
  readonly onLeftOut?: (entry: SchemaLogEntry) => void;
}

/** Whether two JSON values are equal, member by member. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What identifies an object of a schema list, to find it again after objects were added before it. */
function objectKey(element: unknown): string | undefined {
  if (!isRecord(element)) return undefined;
  const { schema, name, identityArguments } = element;
  return `${String(schema)}\u0000${String(name)}\u0000${String(identityArguments)}`;
}

/** A place in a schema list waiting for a newly validated object. */
const FRESH: unique symbol = Symbol('fresh');

/**
 * Parses the versions of one snapshot file in sequence. Consecutive versions differ in a
 * few objects, so each version's objects whose JSON equals an object of the previous
 * version reuse that validated object, and only the others are validated: the result
 * equals `parseSnapshot(text, origin, { recomputeHash: false })`, at a fraction of the
 * cost, and its unchanged objects are the previous version's, which `diff` skips at once.
 * Anything unusual (no previous version, invalid text, another format version, most
 * objects changed) takes the full {@link parseSnapshot}, whose errors are reported.
 */
export class SnapshotSequenceParser {
  private previous?: Snapshot;

  /** The snapshot of `text`; throws as {@link parseSnapshot} does, `origin` naming the file. */
  async parse(text: string, origin: string): Promise<Snapshot> {
    const snapshot =
      (this.previous && (await this.parseReusing(text, this.previous))) ??
      (await parseSnapshot(text, origin, { recomputeHash: false }));
    this.previous = snapshot;
    return snapshot;
  }

  private async parseReusing(text: string, previous: Snapshot): Promise<Snapshot | undefined> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isRecord(raw) || !isRecord(raw.schema) || raw.formatVersion !== previous.formatVersion) return undefined;
    const previousLists = previous.schema as unknown as Readonly<Record<string, unknown>>;
    const toValidate: Record<string, unknown> = {};
    const assembled: Record<string, (unknown | typeof FRESH)[]> = {};
    let total = 0;
    let fresh = 0;
    for (const [list, elements] of Object.entries(raw.schema)) {
      const before = previousLists[list];
      if (!Array.isArray(elements) || !Array.isArray(before)) {
        toValidate[list] = elements;
        continue;
      }
      let byKey: Map<string | undefined, unknown> | undefined;
      const changed: unknown[] = [];
      assembled[list] = elements.map((element: unknown, index) => {
        total++;
        if (sameJson(element, before[index])) return before[index];
        byKey ??= new Map(before.map((b: unknown) => [objectKey(b), b]));
        const match = byKey.get(objectKey(element));
        if (match !== undefined && sameJson(element, match)) return match;
        fresh++;
        changed.push(element);
        return FRESH;
      });
      toValidate[list] = changed;
    }
    // Mostly new objects: validating the whole file costs no more.
    if (fresh * 2 > total) return undefined;
    const { snapshotValidator } = await import('../schema/validate.js');
    const result = snapshotValidator.safeParse({ ...raw, schema: toValidate });
    if (!result.success) return undefined;
    const validated = result.data as unknown as Snapshot;
    const validatedLists = validated.schema as unknown as Readonly<Record<string, readonly unknown[]>>;
    const schema: Record<string, unknown> = { ...validatedLists };
    for (const [list, elements] of Object.entries(assembled)) {
      const newlyValidated = (validatedLists[list] ?? [])[Symbol.iterator]();
      schema[list] = elements.map((element) => (element === FRESH ? newlyValidated.next().value : element));
    }
    return { ...validated, schema: normalizeSchema(schema as unknown as Schema) };
  }
}

/** Versions are read this many requests ahead of their use. */
const READ_AHEAD = 8;

/**
 * The versions of a file, read in the order the history needs them through one
 * `git cat-file --batch` process, each parsed once and forgotten after its last use.
 */
class FileVersions {
  private readonly order: string[] = [];
  /** The index of the last commit that needs each object. */
  private readonly lastUse = new Map<string, number>();
  private readonly parsed = new Map<string, FileVersion>();
  /** Where each object is first seen, for messages: the file's path at that commit. */
  private readonly origins = new Map<string, string>();
  private readonly stream: AsyncGenerator<GitObject | undefined>;
  private streamed = 0;
  private readonly parser = new SnapshotSequenceParser();

  constructor(reader: CatFileBatch, commits: readonly FileCommit[], describe: (path: string) => string) {
    commits.forEach((commit, index) => {
      const names: [string | undefined, string][] = [
        [commit.after, commit.path],
        [commit.before, commit.previousPath],
      ];
      for (const [name, path] of names) {
        if (name === undefined) continue;
        if (!this.lastUse.has(name)) {
          this.order.push(name);
          this.origins.set(name, describe(path));
        }
        this.lastUse.set(name, index);
      }
    });
    this.stream = reader.readEach(this.order, READ_AHEAD);
  }

  /**
   * The version named `name` (an object name of a {@link FileCommit}; undefined means no
   * file); `origin` names the file in messages when it was not seen in the history.
   */
  async get(name: string | undefined, origin: string): Promise<FileVersion> {
    if (name === undefined) return ABSENT;
    for (;;) {
      const known = this.parsed.get(name);
      if (known) return known;
      const next = this.order[this.streamed];
      if (next === undefined) throw new Error(`git object ${name} was not requested`);
      const { value: object } = await this.stream.next();
      this.streamed++;
      this.parsed.set(next, await this.parse(object ?? undefined, this.origins.get(next) ?? origin));
    }
  }

  /** Forgets the versions no commit after `index` needs. */
  release(index: number): void {
    for (const name of this.parsed.keys()) {
      if ((this.lastUse.get(name) ?? -1) <= index) this.parsed.delete(name);
    }
  }

  /** Stops reading ahead. */
  async close(): Promise<void> {
    await this.stream.return(undefined);
  }

  private async parse(object: GitObject | undefined, origin: string): Promise<FileVersion> {
    if (!object) return ABSENT;
    if (object.type !== 'blob') return { kind: 'unreadable', error: `${origin} is a ${object.type}, not a file` };
    try {
      const snapshot = await this.parser.parse(object.content.toString('utf8'), origin);
      return { kind: 'snapshot', snapshot };
    } catch (error) {
      // On one line: a JSON parse error quotes the text it stopped at.
      return { kind: 'unreadable', error: errorMessage(error).replace(/\s+/g, ' ').replace(/\.$/, '') };
    }
  }
}

/** Whether `wanted` (`name` or `schema.name`) names the table or view `qualified` (`schema.name`). */
function namesTable(wanted: string, qualified: string): boolean {
  return qualified === wanted || qualified.slice(qualified.indexOf('.') + 1) === wanted;
}

/**
 * Whether a change is about a table or view named `wanted` (`name` or `schema.name`): the
 * object itself or anything it holds (columns, constraints, indexes, triggers, policies),
 * as the change's `table` says.
 */
export function changeTouchesTable(change: Change, wanted: string): boolean {
  return change.table !== undefined && namesTable(wanted, change.table);
}

/** Compares two versions of the file; a dialect difference is not comparable. */
function compareVersions(
  base: FileVersion & { kind: 'absent' | 'snapshot' },
  current: FileVersion & { kind: 'absent' | 'snapshot' },
): { changes: Change[] } | { error: string } {
  const from = base.kind === 'snapshot' ? base.snapshot : undefined;
  const to = current.kind === 'snapshot' ? current.snapshot : undefined;
  if (from && to && from.dialect !== to.dialect) {
    return { error: `its dialect ${to.dialect} differs from the previous version's (${from.dialect})` };
  }
  const dialect = to?.dialect ?? from?.dialect;
  if (dialect === undefined) return { changes: [] };
  try {
    return { changes: diff(dialectByName(dialect), from?.schema ?? emptySchema(), to?.schema ?? emptySchema()) };
  } catch (error) {
    return { error: errorMessage(error).replace(/\.$/, '') };
  }
}

const NO_FILE = '(no file)';

/** What {@link compareCommit} needs: the history, its versions, and how to name a file at a revision. */
interface HistoryContext {
  readonly commits: readonly FileCommit[];
  readonly versions: FileVersions;
  readonly shown: (path: string) => string;
}

/** A `git:REV:PATH` ref, the path relative to the working directory as `compare` reads it. */
function gitRef(context: HistoryContext, revision: string, path: string): string {
  return `git:${revision}:${context.shown(path)}`;
}

/** Compares the file at the commit `index` of the history with its parent's version (or the last readable one). */
async function compareCommit(context: HistoryContext, index: number): Promise<SchemaLogEntry> {
  const { commits, versions, shown } = context;
  const commit = commits[index];
  if (!commit) throw new Error(`no commit ${index} in the history`);
  const after = await versions.get(commit.after, shown(commit.path));
  if (after.kind === 'unreadable') return { commit, status: 'unreadable', error: after.error };
  const to = after.kind === 'absent' ? NO_FILE : gitRef(context, commit.shortCommit, commit.path);
  const status: SchemaLogStatus =
    commit.before === undefined ? 'added' : after.kind === 'absent' ? 'deleted' : 'modified';
  let base = await versions.get(commit.before, shown(commit.previousPath));
  let from = commit.before === undefined ? NO_FILE : gitRef(context, `${commit.shortCommit}^`, commit.previousPath);
  let comparedWith: FileCommit | undefined;
  let noReadableBefore = false;
  // The parent's version is unreadable: go back to the last readable one.
  for (let older = index + 1; base.kind === 'unreadable'; older++) {
    const candidate = commits[older];
    if (!candidate) {
      return {
        commit,
        status: 'not compared',
        error: 'the previous version is unreadable, and no readable one comes before it',
      };
    }
    const version = await versions.get(candidate.after, shown(candidate.path));
    if (version.kind !== 'unreadable') {
      base = version;
      from = version.kind === 'absent' ? NO_FILE : gitRef(context, candidate.shortCommit, candidate.path);
      comparedWith = candidate;
    } else if (candidate.before === undefined) {
      // The oldest unreadable version created the file: before it there was none.
      base = ABSENT;
      from = NO_FILE;
      noReadableBefore = true;
    }
  }
  const compared = compareVersions(base, after);
  if ('error' in compared) return { commit, status: 'not compared', error: compared.error };
  return { commit, status, from, to, comparedWith, noReadableBefore, changes: compared.changes };
}

/**
 * The history of a schema file in git, newest first: each commit that changed it (see
 * {@link commitsChangingFile}) compared with its first parent's version (the commit that
 * added the file with an empty schema). A version that is not a valid snapshot is
 * reported as `unreadable`, and the next commit is compared with the last readable
 * version before it. Every version is read through one running `git cat-file --batch`.
 */
export async function* schemaLog(
  location: RepositoryPath,
  commits: readonly FileCommit[],
  options: SchemaLogOptions,
): AsyncGenerator<SchemaLogEntry> {
  const shown = displayPath(location.root, options.cwd);
  const reader = new CatFileBatch(location.root);
  const versions = new FileVersions(reader, commits, shown);
  const context: HistoryContext = { commits, versions, shown };
  let listed = 0;
  try {
    for (let index = 0; index < commits.length; index++) {
      if (options.maxCount !== undefined && listed >= options.maxCount) break;
      const entry = await compareCommit(context, index);
      options.onProgress?.(index + 1, commits.length);
      versions.release(index);
      const table = options.table;
      if (table === undefined) {
        listed++;
        yield entry;
        continue;
      }
      if (!entry.changes) {
        options.onLeftOut?.(entry);
        continue;
      }
      const changes = entry.changes.filter((change) => changeTouchesTable(change, table));
      if (changes.length === 0) continue;
      listed++;
      yield { ...entry, changes };
    }
  } finally {
    await versions.close();
    await reader.close();
  }
}

/** Shows a repository path relative to `cwd` (both with symbolic links resolved, as git reports them). */
export function displayPath(root: string, cwd: string): (path: string) => string {
  let base = cwd;
  try {
    base = realpathSync(cwd);
  } catch {
    // Shown relative to the folder as given.
  }
  return (path) => relative(base, join(root, path)).split('\\').join('/') || path;
}
