/**
 * The hash of the schema in snapshot file text, read from its bytes without parsing them
 * (see {@link hashOfSchemaInText}), on this thread or, for a large file, on a worker thread
 * while this one decodes and parses the text.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Bytes of JSON text this module reads by value. */
const NEWLINE = 0x0a;
const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
/** `"schema"` as UTF-8 bytes: the top-level key whose value {@link hashOfSchemaInText} hashes. */
const SCHEMA_KEY = Buffer.from('"schema"');

/**
 * `hashAsWritten` (canonical.ts) of the `schema` member of snapshot file text, computed on the
 * text's UTF-8 bytes without parsing them: the member's text with the whitespace outside strings
 * removed, hashed. For a file this version wrote that is the text `JSON.stringify` gives of the
 * parsed member, so the hash is the canonical one; for any other text (other escapes, other
 * number forms, another key order) it is another hash, never the stored one. Undefined when the
 * text has no top-level `schema` object or array. `content` is only read.
 */
export function hashOfSchemaInText(content: Uint8Array): string | undefined {
  // A plain view: a Buffer's indexed access goes through its own wrapper.
  const bytes = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  let hash: string | undefined;
  // A repeated key: the last one is the member, as JSON.parse reads it.
  for (let at = 0; ;) {
    const start = nextSchemaValue(bytes, at, at === 0 ? 0 : 1);
    if (start === undefined) return hash;
    const opening = bytes[start];
    if (opening !== 0x7b && opening !== 0x5b) return undefined;
    const compacted = compactedValue(bytes, start);
    if (!compacted) return undefined;
    hash = `sha256:${createHash('sha256').update(compacted.text).digest('hex')}`;
    at = compacted.end;
  }
}

// The text is read by small functions, each with one loop whose branches all run within the
// first bytes it reads, and the compacted value is hashed at once: V8 then optimises each loop
// once, early. One loop doing it all, hashing a piece at a time, was optimised again each time
// it took a branch it had not taken yet (the first in the value, the first full piece): a cold
// call on a 13.5 MB file took 170 ms against 75 ms now.

function isWhitespace(byte: number): boolean {
  // JSON's whitespace: space, line feed, tab, carriage return.
  return byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d;
}

/** Where the string whose opening quote is at `start` ends (past its closing quote). */
function stringEnd(bytes: Uint8Array, start: number): number {
  const length = bytes.length;
  let i = start + 1;
  for (; i < length; i++) {
    const byte = bytes[i] as number;
    if (byte === QUOTE) break;
    // An escape: the byte after the backslash is part of the string, whatever it is.
    i += byte === BACKSLASH ? 1 : 0;
  }
  return Math.min(i + 1, length);
}

/**
 * The first byte of the value of the next top-level `"schema"` member from `from` (where the
 * text is `depth` levels deep); undefined when there is none.
 */
function nextSchemaValue(bytes: Uint8Array, from: number, depth: number): number | undefined {
  const length = bytes.length;
  let level = depth;
  // Whether the last string at the top level was the key "schema".
  let schemaKey = false;
  for (let i = from; i < length; i++) {
    const byte = bytes[i] as number;
    if (isWhitespace(byte)) continue;
    if (byte === QUOTE) {
      const end = stringEnd(bytes, i);
      schemaKey = level === 1 && sameBytes(bytes, i, end, SCHEMA_KEY);
      i = end - 1;
      continue;
    }
    if (byte === COLON && level === 1 && schemaKey) {
      for (i++; i < length && isWhitespace(bytes[i] as number); i++);
      return i < length ? i : undefined;
    }
    schemaKey = false;
    if (byte === 0x7b || byte === 0x5b) level++;
    else if (byte === 0x7d || byte === 0x5d) level--;
  }
  return undefined;
}

/**
 * The object or array starting at `start` with the whitespace outside its strings removed (in
 * a buffer as long as the rest of the text: at most the file's size again, for a moment), and
 * where it ends; undefined when it does not end.
 */
function compactedValue(bytes: Uint8Array, start: number): { text: Uint8Array; end: number } | undefined {
  const length = bytes.length;
  const out = new Uint8Array(length - start);
  let used = 0;
  let depth = 0;
  for (let i = start; i < length; i++) {
    let byte = bytes[i] as number;
    // A new line's indentation, skipped in one run: most of a written file's whitespace
    // (a 17.6 MB file took 130–150 ms byte by byte, 55–110 ms so).
    if (byte === NEWLINE) {
      i++;
      while (i < length && bytes[i] === SPACE) i++;
      if (i === length) return undefined;
      byte = bytes[i] as number;
    }
    if (isWhitespace(byte)) continue;
    if (byte === QUOTE) {
      const end = copyString(bytes, i, out, used);
      used += end - i;
      i = end - 1;
      continue;
    }
    out[used++] = byte;
    if (byte === 0x7b || byte === 0x5b) depth++;
    else if ((byte === 0x7d || byte === 0x5d) && --depth === 0) return { text: out.subarray(0, used), end: i + 1 };
  }
  return undefined;
}

/**
 * Copies the string whose opening quote is at `start` to `out` from `at`, as it is, and says
 * where it ends (as {@link stringEnd} does): one pass where finding the end and copying were two.
 */
function copyString(bytes: Uint8Array, start: number, out: Uint8Array, at: number): number {
  const length = bytes.length;
  let to = at;
  out[to++] = QUOTE;
  for (let i = start + 1; i < length; i++) {
    const byte = bytes[i] as number;
    out[to++] = byte;
    if (byte === QUOTE) return i + 1;
    // An escape: the byte after the backslash is part of the string, whatever it is.
    if (byte === BACKSLASH && i + 1 < length) out[to++] = bytes[++i] as number;
  }
  return length;
}

/** Whether `bytes[start, end)` holds exactly `expected`. */
function sameBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

/** Files from this size up are hashed on a worker thread: below it, starting the worker costs more than it saves. */
const OFF_THREAD_BYTES = 4 * 1024 * 1024;

/** The worker's module: beside this one when compiled, one folder over from a bundle's chunk; none when run from source. */
function workerFile(): URL | undefined {
  for (const name of ['./text-hash-worker.js', '../schema/text-hash-worker.js']) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** The process's hashing worker, started on first use; kept for later files, holding the process open only while it works. */
let worker: { thread: Worker; pending: Map<number, (hash: string | undefined) => void> } | undefined;
let workerFailed = false;
let requests = 0;

function hashingWorker(): typeof worker {
  if (worker || workerFailed) return worker;
  const file = workerFile();
  if (!file) {
    workerFailed = true;
    return undefined;
  }
  const thread = new Worker(file);
  const pending = new Map<number, (hash: string | undefined) => void>();
  const stop = () => {
    // A worker that failed or ended answers nothing more: the files it had are hashed by their
    // readers from the parsed schema, later ones on this thread.
    workerFailed = true;
    worker = undefined;
    for (const settle of pending.values()) settle(undefined);
    pending.clear();
  };
  thread.on('message', ({ id, hash }: { id: number; hash: string | undefined }) => {
    pending.get(id)?.(hash);
    pending.delete(id);
    if (pending.size === 0) thread.unref();
  });
  thread.on('error', stop);
  thread.on('exit', stop);
  thread.unref();
  worker = { thread, pending };
  return worker;
}

/**
 * A buffer to read `size` bytes of snapshot file text into: for a text large enough to be
 * hashed on the worker thread, memory shared with it (handing it over then copies nothing).
 */
export function bufferForText(size: number): Buffer {
  return size >= OFF_THREAD_BYTES ? Buffer.from(new SharedArrayBuffer(size)) : Buffer.allocUnsafe(size);
}

/**
 * {@link hashOfSchemaInText} of `content` on a worker thread, for a large text in shared memory
 * ({@link bufferForText}): the caller goes on decoding and parsing the text meanwhile, and the
 * worker only reads it. Undefined, without a promise, for any other text or where no worker can
 * start (run from source); the promise gives undefined when the worker cannot answer.
 */
export function hashOfSchemaInTextOffThread(content: Uint8Array): Promise<string | undefined> | undefined {
  if (content.length < OFF_THREAD_BYTES || !(content.buffer instanceof SharedArrayBuffer)) return undefined;
  const hashing = hashingWorker();
  if (!hashing) return undefined;
  const id = ++requests;
  return new Promise((settle) => {
    hashing.pending.set(id, settle);
    hashing.thread.ref();
    hashing.thread.postMessage({ id, bytes: content });
  });
}
