/**
 * The migration lock: one run at a time per database and history table, taken before
 * a run reads or writes anything (the history table included), and held until the run
 * has verified its result. Each engine's connection provides the lock itself (see
 * `Connection.lock`), released when the session ends.
 */
import type { Connection, HeldLock, LockWaitOptions } from '../dialects/dialect.js';

/** How long to wait for another run's lock by default. */
export const DEFAULT_LOCK_WAIT_MS = 60_000;

/** The name of the migration lock of a history table (`schema.table`, quoted as in SQL). */
export function migrationLockName(table: string): string {
  return `schemaguard migrations ${table}`;
}

/**
 * Takes the migration lock of `table` on this session, waiting for another run to
 * finish; the session may take it again inside. Throws one sentence naming the holder
 * when the wait times out.
 */
export function takeMigrationLock(
  connection: Connection,
  table: string,
  options: LockWaitOptions = {},
): Promise<HeldLock> {
  return connection.lock(migrationLockName(table), options);
}
