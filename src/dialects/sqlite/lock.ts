/**
 * The migration lock on SQLite: a row in `schemaguard_lock`, written in a short `BEGIN IMMEDIATE`
 * transaction of its own, naming its holder (process id, host, user, when taken). SQLite has no
 * named lock a session holds without writing, and its own write lock (`BEGIN IMMEDIATE`) cannot be
 * held for the whole run: it would stop every writer of the application for as long as the run
 * reads, backs up and waits for confirmation, and a table rebuild needs `PRAGMA foreign_keys = OFF`,
 * which SQLite ignores inside a transaction. So the row says who runs migrations, and each migration
 * takes SQLite's write lock only for its own transaction.
 *
 * A process killed while it held the row leaves it behind: a row of a process that no longer runs
 * on this host is taken over. A row of another host cannot be checked; the message says how to
 * remove it.
 */
import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { SchemaguardError, errorMessage } from '../../errors.js';
import { DEFAULT_LOCK_WAIT_MS } from '../../migrations/lock.js';
import { processRunning } from '../../process-running.js';
import type { HeldLock, LockWaitOptions } from '../dialect.js';
import type { SqliteDriver } from './driver.js';

/** The table of lock rows (a bookkeeping table: dumps and comparisons leave it out, as the history table). */
export const LOCK_TABLE = 'schemaguard_lock';

const LOCK_TABLE_DDL = `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE} (
  name TEXT NOT NULL PRIMARY KEY,
  token TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  user TEXT,
  taken_at TEXT NOT NULL
)`;

/** The row of a held lock. */
interface LockRow {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly user: string | null;
  readonly taken_at: string;
}

/** How often a waiting run tries again. */
const POLL_MS = 200;

/** Whether an error is SQLite's "database is locked" (another connection holds the write lock). */
export function isSqliteBusy(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return /^SQLITE_(BUSY|LOCKED)/.test(code) || /database is locked/i.test(errorMessage(error));
}

/** The holder of a row, for messages: `process 4242 of ana on build-7 since 2026-12-06T20:01:02.123Z`. */
function holderOf(row: LockRow): string {
  return `process ${row.pid}${row.user ? ` of ${row.user}` : ''} on ${row.host} since ${row.taken_at}`;
}

/** Whether the holder of a row is gone: a process of this host that no longer runs. */
function stale(row: LockRow): boolean {
  return row.host === hostname() && !processRunning(Number(row.pid));
}

function currentUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/** The locks a connection holds, by name, with how many times each was taken. */
export interface SqliteLocks {
  /** This connection's token, written in its rows. */
  readonly token: string;
  readonly held: Map<string, number>;
}

/** A connection's lock bookkeeping. */
export function newLocks(): SqliteLocks {
  return { token: randomBytes(8).toString('hex'), held: new Map() };
}

/** Runs `work` with SQLite's busy timeout at `ms`, then puts it back (a libSQL server has none to set). */
async function withBusyTimeout<T>(driver: SqliteDriver, ms: number, work: () => Promise<T>): Promise<T> {
  if (driver.server) return await work();
  const [row] = await driver.query('PRAGMA busy_timeout');
  const before = Number(Object.values(row ?? {})[0] ?? 0);
  await driver.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(ms))}`);
  try {
    return await work();
  } finally {
    await driver.exec(`PRAGMA busy_timeout = ${before}`).catch(() => {});
  }
}

/** One attempt: the row taken (or taken over from a gone holder), else the row of the holder. */
async function attempt(
  driver: SqliteDriver,
  name: string,
  token: string,
): Promise<{ taken: true; tookOver?: LockRow } | { taken: false; holder: LockRow }> {
  return driver.transaction('write', async (tx) => {
    await tx.exec(LOCK_TABLE_DDL);
    const [row] = (await tx.query(`SELECT token, pid, host, user, taken_at FROM ${LOCK_TABLE} WHERE name = ?`, [
      name,
    ])) as unknown as LockRow[];
    if (row && row.token !== token && !stale(row)) return { taken: false, holder: row };
    await tx.query(
      `INSERT OR REPLACE INTO ${LOCK_TABLE} (name, token, pid, host, user, taken_at)
       VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
      [name, token, process.pid, hostname(), currentUser()],
    );
    return row && row.token !== token ? { taken: true, tookOver: row } : { taken: true };
  });
}

/** The row of a lock, read without a write lock (undefined when there is none, or no table yet). */
async function readRow(driver: SqliteDriver, name: string): Promise<LockRow | undefined> {
  const [row] = (await driver.query(`SELECT token, pid, host, user, taken_at FROM ${LOCK_TABLE} WHERE name = ?`, [
    name,
  ])) as unknown as LockRow[];
  return row;
}

/** Deletes this connection's row of a lock, waiting for SQLite's write lock up to `waitMs`. */
async function deleteRow(driver: SqliteDriver, name: string, token: string, waitMs: number): Promise<void> {
  await withBusyTimeout(driver, waitMs, () =>
    driver.transaction('write', async (tx) => {
      await tx.query(`DELETE FROM ${LOCK_TABLE} WHERE name = ? AND token = ?`, [name, token]);
    }),
  );
}

/**
 * Takes the named lock for this connection (again, when it holds it already), waiting for another
 * holder up to `options.timeoutMs`. `where` names the database in messages (`./app.db`).
 */
export async function takeSqliteLock(
  driver: SqliteDriver,
  locks: SqliteLocks,
  where: string,
  name: string,
  options: LockWaitOptions = {},
): Promise<HeldLock> {
  const release = async () => {
    const count = (locks.held.get(name) ?? 1) - 1;
    if (count > 0) {
      locks.held.set(name, count);
      return;
    }
    locks.held.delete(name);
    await deleteRow(driver, name, locks.token, 10_000).catch(() => {});
  };
  const held = locks.held.get(name);
  if (held !== undefined) {
    locks.held.set(name, held + 1);
    return { release };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_WAIT_MS;
  const deadline = Date.now() + timeoutMs;
  let waitedFor: string | undefined;
  for (;;) {
    let holder: string;
    let since: string | undefined;
    try {
      const result = await withBusyTimeout(driver, Math.min(POLL_MS, Math.max(0, deadline - Date.now())), () =>
        attempt(driver, name, locks.token),
      );
      if (result.taken) {
        locks.held.set(name, 1);
        return { ...(waitedFor ? { waitedFor } : {}), release };
      }
      holder = `another schemaguard run (${holderOf(result.holder)})`;
      since = result.holder.taken_at;
    } catch (error) {
      if (!isSqliteBusy(error)) {
        throw new SchemaguardError(`Cannot take the migration lock of ${where}: ${errorMessage(error)}.`, {
          cause: error,
        });
      }
      // SQLite's write lock is taken: by a run of a migration (its row says so), else by any writer.
      const row = await readRow(driver, name).catch(() => undefined);
      if (row && row.token !== locks.token) {
        holder = `another schemaguard run (${holderOf(row)})`;
        since = row.taken_at;
      } else holder = 'another schemaguard run or writer holding SQLite’s write lock';
    }
    if (Date.now() >= deadline) {
      const seconds = Math.round(timeoutMs / 1000);
      throw new SchemaguardError(
        since === undefined
          ? `Another schemaguard run or writer holds SQLite's write lock on ${where}; waited ${seconds} s (--lock-timeout): try again when it has finished.`
          : `${holder[0]?.toUpperCase()}${holder.slice(1)} holds the migration lock of ${where}; waited ${seconds} s (--lock-timeout): try again when it has finished, or, if that process is gone, delete its row: DELETE FROM ${LOCK_TABLE} WHERE name = '${name.replace(/'/g, "''")}'.`,
      );
    }
    if (waitedFor === undefined) {
      options.onWait?.(holder);
      waitedFor = since ?? new Date().toISOString();
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Releases every lock a connection holds (when it closes). */
export async function releaseAll(driver: SqliteDriver, locks: SqliteLocks): Promise<void> {
  for (const name of [...locks.held.keys()]) {
    locks.held.delete(name);
    await deleteRow(driver, name, locks.token, 2_000).catch(() => {});
  }
}

/** Writes the rows of the locks a connection holds again (a restore replaced the file, rows and all). */
export async function reassertLocks(driver: SqliteDriver, locks: SqliteLocks): Promise<void> {
  for (const name of locks.held.keys()) {
    await withBusyTimeout(driver, 10_000, () => attempt(driver, name, locks.token));
  }
}
