/**
 * The worker thread that hashes large snapshot files (text-hash.ts): for each message
 * `{ id, bytes }`, it answers `{ id, hash }`.
 */
import { parentPort } from 'node:worker_threads';
import { hashOfSchemaInText } from './text-hash.js';

parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  parentPort?.postMessage({ id, hash: hashOfSchemaInText(bytes) });
});
