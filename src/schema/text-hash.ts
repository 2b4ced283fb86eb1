/**
 * The hash of the schema in snapshot file text, read from its bytes without parsing them
 * (see {@link hashOfSchemaInText}), on this thread or, for a large file, on a worker thread
 * while this one parses the text.
 */
import { createHash } from 'node:crypto';
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

/**
 * `hashAsWritten` (canonical.ts) of the `schema` member of snapshot file text, computed on the text's
 * UTF-8 bytes without parsing them: the member's text with the whitespace outside strings
 * removed, hashed. For a file this version wrote that is the text `JSON.stringify` gives of
 * the parsed member, so the hash is the canonical one; for any other text (other escapes,
 * other number forms, another key order) it is another hash, never the stored one. Undefined
 * when the text has no top-level `schema` object or array. Overwrites `content` (it compacts the
 * text in place): pass a buffer that is no longer needed.
 */
export function hashOfSchemaInText(content: Uint8Array): string | undefined {
  // A plain view: a Buffer's indexed access goes through its own wrapper.
  const bytes = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
  const length = bytes.length;
  let out = 0;
  let depth = 0;
  // Where, in the compacted text, the last top-level key started, and the schema member's value.
  let keyStart = -1;
  let valueStart = -1;
  let valueEnd = -1;
  let inSchemaValue = false;
  for (let i = 0; i < length; i++) {
    let byte = bytes[i] as number;
    // JSON's whitespace: space, line feed, tab, carriage return.
    if (byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d) continue;
    if (byte === QUOTE) {
      if (depth === 1) keyStart = out;
      bytes[out++] = byte;
      // The string up to its closing quote, a byte at a time: most strings are a few bytes,
      // where this loop beats a native search and copy per string.
      for (i++; i < length; i++) {
        byte = bytes[i] as number;
        bytes[out++] = byte;
        if (byte === QUOTE) break;
        if (byte === BACKSLASH && i + 1 < length) bytes[out++] = bytes[++i] as number;
      }
      continue;
    }
    if (depth === 1) {
      if (byte === COLON) {
        inSchemaValue = keyStart >= 0 && sameBytes(bytes, keyStart, out, SCHEMA_KEY);
        if (inSchemaValue) valueStart = out + 1;
        keyStart = -1;
      } else if (byte === COMMA && inSchemaValue) {
        valueEnd = out;
        inSchemaValue = false;
      }
    }
    if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0 && inSchemaValue) {
        valueEnd = out;
        inSchemaValue = false;
      }
    }
    bytes[out++] = byte;
  }
  if (valueStart < 0 || valueEnd <= valueStart) return undefined;
  const first = bytes[valueStart];
  if (first !== 0x7b && first !== 0x5b) return undefined;
  const hash = createHash('sha256');
  hash.update(bytes.subarray(valueStart, valueEnd));
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
    // A worker that failed or ended answers nothing more: its files are not vouched for (they
    // are then validated in full), later ones are hashed here.
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
 * {@link hashOfSchemaInText} of `content`, on a worker thread when it is large (the caller
 * goes on parsing meanwhile), else here. Takes `content` over: it is overwritten, or moved
 * to the worker. Undefined also when the worker cannot answer.
 */
export function hashOfSchemaInTextSoon(content: Buffer): Promise<string | undefined> {
  const hashing = content.length >= OFF_THREAD_BYTES ? hashingWorker() : undefined;
  if (!hashing) return Promise.resolve(hashOfSchemaInText(content));
  const id = ++requests;
  return new Promise((settle) => {
    hashing.pending.set(id, settle);
    hashing.thread.ref();
    const bytes = new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
    // The bytes move to the worker when they are a buffer of their own; otherwise they are copied.
    const own = content.byteOffset === 0 && content.byteLength === content.buffer.byteLength;
    hashing.thread.postMessage({ id, bytes }, own ? [bytes.buffer as ArrayBuffer] : []);
  });
}
