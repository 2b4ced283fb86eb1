import { open } from 'node:fs/promises';
import { SchemaguardError, errorMessage, jsonParseReason } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import {
  adoptWrittenSchema,
  canonicalJsonPieces,
  canonicalSchema,
  hashAsWritten,
  hashSchema,
  hashSchemaForSnapshot,
  normalizeSchema,
} from './canonical.js';
import type { Schema, TableData } from './model.js';
import { parseSharingItems, rememberWrittenSnapshot } from './shared-items.js';
import { bufferForText, hashOfSchemaInText, hashOfSchemaInTextOffThread } from './text-hash.js';
import { UNREAD_KINDS, type UnreadKind } from './unread.js';
import { writeFileAtomic } from '../write-file.js';

// Writing files lives in ../write-file.ts; the tool's modules import it from here.
export { writeFileAtomic };

/** The snapshot format this version writes and the newest it reads. */
export const FORMAT_VERSION = 1;

/** Facts about where and how a snapshot was taken. Nothing here changes between two dumps of an unchanged database. */
export interface SnapshotMeta {
  /** `schemaguard <version>`. */
  readonly tool: string;
  readonly serverVersion?: string;
  /** The ref it was loaded from, with any password removed. */
  readonly source?: string;
  /** Marked as the team's baseline (`dump --baseline`). */
  readonly baseline?: boolean;
  /** The commit checked out when it was written, inside a git repository. */
  readonly gitCommit?: string;
  /** Objects of kinds the model does not describe, counted by kind: what the snapshot leaves out. */
  readonly notIncluded?: Readonly<Record<string, number>>;
  /** Kinds the user it was read as may not see: not in the snapshot, and not compared. */
  readonly unread?: readonly UnreadKind[];
}

/** The committed JSON file: a schema plus what is needed to trust and read it. */
export interface Snapshot {
  readonly formatVersion: number;
  readonly dialect: string;
  /** {@link hashSchema} of `schema`: equal hashes mean equal schemas. */
  readonly hash: string;
  readonly meta: SnapshotMeta;
  readonly schema: Schema;
  /** Sample rows by qualified table name (`dump --include-data`); not part of the hash. */
  readonly data?: Readonly<Record<string, TableData>>;
}

/** The counts of what a snapshot leaves out, for its meta: undefined when nothing is left out. */
export function notIncludedMeta(
  counts: Readonly<Record<string, number>> | undefined,
): Readonly<Record<string, number>> | undefined {
  return counts && Object.keys(counts).length > 0 ? counts : undefined;
}

/** What `meta.tool` of the snapshots this version writes says. */
const WRITER = `schemaguard ${TOOL_VERSION}`;

/** Builds a snapshot around a schema, normalising it and computing its hash. */
export function createSnapshot(
  dialect: string,
  schema: Schema,
  meta: Omit<SnapshotMeta, 'tool'>,
  data?: Readonly<Record<string, TableData>>,
): Snapshot {
  // Canonical once here (no copy when it already is, as a loaded schema): hashing and
  // serialising then find each object in canonical form.
  const normalized = canonicalSchema(schema);
  return {
    formatVersion: FORMAT_VERSION,
    dialect,
    hash: hashSchemaForSnapshot(normalized),
    meta: { tool: WRITER, ...meta },
    schema: normalized,
    ...(data ? { data } : {}),
  };
}

/** The snapshot as file text: canonical, deterministic, git-friendly. */
export function serializeSnapshot(snapshot: Snapshot): string {
  return snapshotPieces(snapshot).join('');
}

/**
 * {@link serializeSnapshot}'s text in pieces of about a megabyte, for writing: a large
 * snapshot's text is then never one string in memory.
 */
export function snapshotPieces(snapshot: Snapshot): string[] {
  return canonicalJsonPieces(snapshot);
}

/** Whether a JSON parse error is the text ending early, rather than bad text in the middle. */
function isTruncated(text: string, message: string): boolean {
  const length = text.trimEnd().length;
  if (length === 0) return false;
  if (/end of (JSON )?input|Unterminated/i.test(message)) return true;
  const position = /at position (\d+)/.exec(message)?.[1];
  return position !== undefined && Number(position) >= length - 1;
}

/**
 * Parses and fully validates snapshot text, given as a string or as its UTF-8 bytes (read
 * from a file: then faster). `origin` names the file in errors.
 * Throws a {@link SchemaguardError} naming the exact path of the first bad field.
 */
export async function parseSnapshot(
  content: string | Buffer,
  origin: string,
  options: { readonly recomputeHash?: boolean } = {},
): Promise<Snapshot> {
  const bytes = typeof content === 'string' ? undefined : content;
  // For a large file, the hash of its schema as written is computed on another thread while the
  // text is decoded and parsed here.
  const offThread = bytes && hashOfSchemaInTextOffThread(bytes);
  // A second large snapshot takes the objects it has in common with the one read before (see
  // shared-items.ts), if its schema is one this version wrote; any other is parsed as a whole.
  const sharing = bytes && parseSharingItems(bytes);
  if (sharing && isRecord(sharing) && isWrittenEnvelope(sharing)) {
    const snapshot = sharing as unknown as Snapshot;
    rememberWrittenSnapshot(bytes, snapshot.schema);
    if ((await writtenHash(snapshot.schema, bytes, offThread)) === snapshot.hash) {
      return { ...snapshot, schema: adoptWrittenSchema(snapshot.schema) };
    }
  }
  const text = bytes ? bytes.toString('utf8') : (content as string);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const truncated = isTruncated(text, errorMessage(error));
    throw new SchemaguardError(
      `${origin} is not a valid snapshot: ${truncated ? 'the JSON is truncated' : `it is not JSON (${jsonParseReason(error)})`}.`,
    );
  }
  if (!isRecord(json)) {
    throw new SchemaguardError(`${origin} is not a valid snapshot: expected a JSON object at the top level.`);
  }
  // Remembered before its hash is checked (that waits for another thread), so that a second
  // file read beside it can share its objects: shared objects are those whose text is the same,
  // so they are what parsing that file would give, whatever this one's hash says.
  if (bytes && isRecord(json.meta) && json.meta.tool === WRITER && isRecord(json.schema)) {
    rememberWrittenSnapshot(bytes, json.schema as unknown as Schema);
  }
  const version = json.formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new SchemaguardError(
      `${origin} was written by a newer schemaguard (snapshot format ${version}; this is ${TOOL_VERSION}, which reads format ${FORMAT_VERSION}): upgrade schemaguard.`,
    );
  }
  // Loaded on first use: commands that never read a snapshot, or read only snapshots the quick
  // checks vouch for, do not pay for zod and the validators.
  const check = async (which: 'snapshotValidator' | 'snapshotEnvelopeValidator') => {
    const validators = await import('./validate.js');
    const { formatIssuePath } = validators;
    const result = validators[which].safeParse(json);
    if (result.success) return;
    const issue = result.error.issues[0];
    const where = issue ? formatIssuePath(issue.path) : '(top level)';
    throw new SchemaguardError(`${origin} is not a valid snapshot: at ${where}: ${issue?.message ?? 'invalid'}.`);
  };
  // zod is loaded and run only when the quick check finds something to report (or cannot tell).
  if (!isPlainEnvelope(json)) await check('snapshotEnvelopeValidator');
  const snapshot = json as unknown as Snapshot;
  // A schema this very version wrote, unchanged since (as it stands in the file, it has the
  // stored hash), has the shape this version checks: a second check would take longer than
  // reading the file. Any other schema is checked field by field (one from another version may
  // hold fields this one does not know), and its hash recomputed rather than trusted: a
  // baseline whose merge conflict was resolved by hand is still a valid schema.
  if (snapshot.meta.tool === WRITER && (await writtenHash(snapshot.schema, bytes, offThread)) === snapshot.hash) {
    // As it hashes to the hash of the normalised canonical schema, it is that schema.
    return { ...snapshot, schema: adoptWrittenSchema(snapshot.schema) };
  }
  await check('snapshotValidator');
  const schema = normalizeSchema(snapshot.schema);
  return { ...snapshot, schema, hash: options.recomputeHash === false ? snapshot.hash : hashSchema(schema) };
}

const HASH = /^sha256:[0-9a-f]{64}$/;
const META_STRINGS = new Set(['tool', 'serverVersion', 'source', 'gitCommit']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isStringArray = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Whether parsed snapshot JSON is of a format this version reads, with a plain envelope this version wrote. */
function isWrittenEnvelope(json: Record<string, unknown>): boolean {
  const version = json.formatVersion;
  return (
    typeof version === 'number' &&
    version <= FORMAT_VERSION &&
    isPlainEnvelope(json) &&
    (json.meta as SnapshotMeta).tool === WRITER
  );
}

/**
 * Whether parsed snapshot JSON surely passes the envelope validator (everything but the
 * schema's content; see validate.ts): a check without zod for the files this tool writes.
 * False when it finds anything that validator might reject, whose message it then gives.
 */
function isPlainEnvelope(json: object): boolean {
  for (const [key, value] of Object.entries(json)) {
    const valid =
      key === 'formatVersion'
        ? Number.isSafeInteger(value) && (value as number) >= 1
        : key === 'dialect'
          ? typeof value === 'string'
          : key === 'hash'
            ? typeof value === 'string' && HASH.test(value)
            : key === 'meta'
              ? isPlainMeta(value)
              : key === 'schema'
                ? isRecord(value)
                : key === 'data'
                  ? isRecord(value) && Object.values(value).every(isPlainTableData)
                  : false;
    if (!valid) return false;
  }
  return ['formatVersion', 'dialect', 'hash', 'meta', 'schema'].every((key) => key in json);
}

function isPlainMeta(meta: unknown): boolean {
  if (!isRecord(meta) || typeof meta.tool !== 'string') return false;
  return Object.entries(meta).every(([key, value]) =>
    META_STRINGS.has(key)
      ? typeof value === 'string'
      : key === 'baseline'
        ? typeof value === 'boolean'
        : key === 'notIncluded'
          ? isRecord(value) && Object.values(value).every((n) => Number.isSafeInteger(n) && (n as number) > 0)
          : key === 'unread'
            ? Array.isArray(value) && value.every((kind) => (UNREAD_KINDS as readonly unknown[]).includes(kind))
            : false,
  );
}

function isPlainTableData(data: unknown): boolean {
  if (!isRecord(data) || Object.keys(data).some((key) => key !== 'columns' && key !== 'rows')) return false;
  return isStringArray(data.columns) && Array.isArray(data.rows) && data.rows.every((row) => Array.isArray(row));
}

/**
 * {@link hashAsWritten} of a parsed snapshot's schema: as the worker thread computed it from the
 * file's bytes, else from the bytes here (the same hash for a file this version wrote, in a
 * fraction of the time), else from the schema.
 */
async function writtenHash(
  schema: Schema,
  bytes: Buffer | undefined,
  offThread: Promise<string | undefined> | undefined,
): Promise<string> {
  return (await offThread) ?? (bytes && hashOfSchemaInText(bytes)) ?? hashAsWritten(schema);
}

/**
 * A file's bytes in one read: `readFile` reads half a megabyte at a time, each piece waiting for
 * this thread, which parses another file meanwhile (a 13 MB snapshot read beside another took
 * 70 ms instead of 10).
 */
async function readWhole(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const stats = await file.stat();
    // A pipe (`diff <(git show HEAD:baseline.json) …`) has no size to read at once: it is read to its end.
    if (!stats.isFile()) return await file.readFile();
    const { size } = stats;
    const bytes = bufferForText(size);
    let read = 0;
    while (read < size) {
      const { bytesRead } = await file.read(bytes, read, size - read, read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return read < size ? bytes.subarray(0, read) : bytes;
  } finally {
    await file.close();
  }
}

/**
 * Reads and validates a snapshot file (see {@link parseSnapshot} for the options); messages
 * name it `options.shownAs` (default: `path`).
 */
export async function readSnapshot(
  path: string,
  options: { readonly recomputeHash?: boolean; readonly shownAs?: string } = {},
): Promise<Snapshot> {
  const shownAs = options.shownAs ?? path;
  let bytes: Buffer;
  try {
    bytes = await readWhole(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SchemaguardError(
      code === 'ENOENT'
        ? `Snapshot file ${shownAs} does not exist.`
        : `Cannot read snapshot file ${shownAs}: ${errorMessage(error)}.`,
      { cause: error },
    );
  }
  return await parseSnapshot(bytes, shownAs, options);
}

/** Writes a snapshot file atomically. */
export async function writeSnapshot(path: string, snapshot: Snapshot): Promise<void> {
  await writeFileAtomic(path, snapshotPieces(snapshot));
}
