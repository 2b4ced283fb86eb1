/**
 * Named locks as PostgreSQL session-level advisory locks: released when the session
 * ends, so a killed run never leaves one behind.
 */
import { createHash } from 'node:crypto';
import { SchemaguardError } from '../../errors.js';
import { DEFAULT_LOCK_WAIT_MS } from '../../migrations/lock.js';
import type { HeldLock, LockWaitOptions } from '../dialect.js';
import type { PostgresClient } from './connection.js';

/** The advisory lock key of a lock name. */
export function advisoryLockKey(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigInt64BE(0);
}

/** The session that holds the advisory lock: for the messages, and to tell what its run did. */
interface LockHolder {
  /** `process 4242 (schemaguard), connected since …`, or `another session`. */
  readonly description: string;
  /** When that session connected (ISO 8601, the server's clock). */
  readonly since?: string;
}

async function lockHolder(client: PostgresClient, key: bigint): Promise<LockHolder> {
  const [row] = await client.query<{
    pid: number;
    application_name: string | null;
    since: string | null;
    iso: string | null;
  }>(
    `SELECT a.pid, a.application_name, a.backend_start::text AS since,
            to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS iso
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint
      LIMIT 1`,
    [key.toString()],
  );
  if (!row) return { description: 'another session' };
  return {
    description: `process ${row.pid}${row.application_name ? ` (${row.application_name})` : ''}${row.since ? `, connected since ${row.since}` : ''}`,
    ...(row.iso ? { since: row.iso } : {}),
  };
}

/**
 * Takes the advisory lock of a name on this session, waiting for the session that holds
 * it; an advisory lock is reentrant, so the session may take it again inside. Throws a
 * {@link SchemaguardError} naming the holder when the wait times out.
 */
export async function takeAdvisoryLock(
  client: PostgresClient,
  name: string,
  options: LockWaitOptions = {},
): Promise<HeldLock> {
  const key = advisoryLockKey(name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let waited: LockHolder | undefined;
  for (;;) {
    const [row] = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      key.toString(),
    ]);
    if (row?.locked) {
      return {
        ...(waited?.since ? { waitedFor: waited.since } : {}),
        release: async () => {
          await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => {});
        },
      };
    }
    const holder = await lockHolder(client, key);
    if (Date.now() >= deadline) {
      throw new SchemaguardError(
        `Another migration run holds the lock of this database (${holder.description}); waited ${Math.round(timeoutMs / 1000)} s (--lock-timeout): try again when it has finished.`,
      );
    }
    if (!waited) options.onWait?.(holder.description);
    if (!waited?.since) waited = holder;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
