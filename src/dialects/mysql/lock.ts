/**
 * Named locks as MySQL user-level locks (`GET_LOCK`): held by the session, released by
 * `RELEASE_LOCK` or when the session ends, so a killed run never leaves one behind.
 */
import { createHash } from 'node:crypto';
import { SchemaguardError } from '../../errors.js';
import { DEFAULT_LOCK_WAIT_MS } from '../../migrations/lock.js';
import type { HeldLock, LockWaitOptions } from '../dialect.js';
import type { MysqlClient } from './connection.js';

/**
 * The `GET_LOCK` name of a lock of a database. User-level locks belong to the whole server,
 * so the database is part of the name; a name longer than MySQL's 64 characters is hashed.
 */
export function userLockName(database: string, name: string): string {
  const full = `${database}/${name}`;
  return full.length <= 64 ? full : `schemaguard:${createHash('sha256').update(full).digest('hex').slice(0, 52)}`;
}

/** The session that holds a user-level lock, as the messages name it: `connection 42 (ana@10.0.0.7:51234, idle for 12 s)`. */
async function lockHolder(client: MysqlClient, key: string): Promise<string> {
  const [used] = await client.query<{ id: number | string | null }>('SELECT IS_USED_LOCK(?) AS id', [key]);
  if (used?.id === null || used?.id === undefined) return 'another session';
  // A user without the PROCESS privilege sees only its own sessions: then the id alone.
  const [row] = await client
    .query<{ user: string; host: string; time: number | string; command: string }>(
      'SELECT USER AS user, HOST AS host, TIME AS time, COMMAND AS command FROM information_schema.PROCESSLIST WHERE ID = ?',
      [used.id],
    )
    .catch(() => []);
  if (!row) return `connection ${used.id}`;
  const state = row.command === 'Sleep' ? 'idle' : `running ${row.command.toLowerCase()}`;
  return `connection ${used.id} (${row.user}@${row.host}, ${state} for ${Number(row.time)} s)`;
}

/**
 * Takes a named lock (`GET_LOCK`) for the session, polling so that the wait can say who
 * holds it; the session may take it again inside (each take is released once). Throws a
 * {@link SchemaguardError} naming the holder when the wait times out.
 */
export async function takeUserLock(
  client: MysqlClient,
  name: string,
  options: LockWaitOptions = {},
): Promise<HeldLock> {
  const key = userLockName(client.database, name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let waitedFor: string | undefined;
  for (;;) {
    const [row] = await client.query<{ locked: number | string | null }>('SELECT GET_LOCK(?, 0) AS locked', [key]);
    if (Number(row?.locked) === 1) {
      return {
        ...(waitedFor ? { waitedFor } : {}),
        release: async () => {
          await client.query('SELECT RELEASE_LOCK(?)', [key]).catch(() => {});
        },
      };
    }
    const holder = await lockHolder(client, key);
    if (Date.now() >= deadline) {
      throw new SchemaguardError(
        `Another migration run holds the lock of this database (${holder}); waited ${Math.round(timeoutMs / 1000)} s (--lock-timeout): try again when it has finished.`,
      );
    }
    if (waitedFor === undefined) {
      options.onWait?.(holder);
      // MySQL does not say when the holder's session connected: what was recorded since this wait began is the other run's.
      const [now] = await client.query<{ now: string }>(
        "SELECT DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%dT%H:%i:%sZ') AS now",
      );
      waitedFor = now?.now ?? new Date().toISOString();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
