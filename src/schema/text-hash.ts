/**
 * The hash of the schema in snapshot file text, read from its bytes without parsing them
 * (see {@link hashOfSchemaInText}), on this thread or, for a large file, on a worker thread
 * while this one decodes and parses the text.
 */
import { type Hash, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Bytes of JSON text this module reads by value. */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
/** `"schema"` as UTF-8 bytes: the top-level key whose value {@link hashOfSchemaInText} hashes. */
const SCHEMA_KEY = Buffer.from('"schema"');

/** The compacted text is hashed a piece of this size at a time. */
const PIECE_BYTES = 64 * 1024;

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
  const length = bytes.length;
  const piece = new Uint8Array(PIECE_BYTES);
  let used = 0;
  let hash: Hash | undefined;
  let depth = 0;
  // Whether the last string at the top level was the key "schema"; whether the bytes are those
  // of its value (then hashed, whitespace left out); what that value opened with and whether it ended.
  let schemaKey = false;
  let inValue = false;
  let opening = 0;
  let ended = false;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i] as number;
    // JSON's whitespace: space, line feed, tab, carriage return.
    if (byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d) continue;
    if (byte === QUOTE) {
      const start = i;
      // The string up to its closing quote, a byte at a time: most strings are a few bytes.
      for (i++; i < length; i++) {
        const inner = bytes[i] as number;
        if (inner === QUOTE) break;
        if (inner === BACKSLASH) i++;
      }
      const end = Math.min(i + 1, length);
      if (inValue) {
        if (opening === 0) opening = QUOTE;
        for (let j = start; j < end; j++) {
          if (used === PIECE_BYTES) {
            hash?.update(piece);
            used = 0;
          }
          piece[used++] = bytes[j] as number;
        }
      } else if (depth === 1) schemaKey = sameBytes(bytes, start, end, SCHEMA_KEY);
      continue;
    }
    if (!inValue && depth === 1 && byte === COLON) {
      if (schemaKey) {
        // A repeated key: the last one is the member, as JSON.parse reads it.
        hash = createHash('sha256');
        used = 0;
        inValue = true;
        opening = 0;
        ended = false;
      }
      schemaKey = false;
      continue;
    }
    if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) depth--;
    if (inValue) {
      // The value ends at the top level's next comma or closing brace.
      if (depth === 0 || (depth === 1 && byte === COMMA)) {
        inValue = false;
        ended = true;
        continue;
      }
      if (opening === 0) opening = byte;
      if (used === PIECE_BYTES) {
        hash?.update(piece);
        used = 0;
      }
      piece[used++] = byte;
    }
  }
  if (!hash || !ended || (opening !== 0x7b && opening !== 0x5b)) return undefined;
  hash.update(piece.subarray(0, used));
  return `sha256:${hash.digest('hex')}`;
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
