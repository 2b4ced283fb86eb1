import type { Change } from '../diff/change.js';
import type { CodeMigration, MigrationFile, MigrationFolder } from './formats.js';
import type { AppliedMigration, MigrationHistory } from './history.js';
import { compareVersions } from './versions.js';

/**
 * - `applied`: in the folder and recorded as applied.
 * - `pending`: in the folder, not applied yet.
 * - `failed`: recorded as failed (or dirty).
 * - `interrupted`: schemaguard ran it outside a transaction and it failed or was killed
 *   (the file unchanged since): `migrate apply` continues it from the statement that
 *   did not complete.
 * - `changed`: applied, but the file no longer has the checksum recorded when it ran.
 * - `unknown`: recorded as applied, but not in the folder (for Django: not on disk).
 */
export type MigrationState = 'applied' | 'pending' | 'failed' | 'interrupted' | 'changed' | 'unknown';

export interface MigrationStatus {
  readonly version: string;
  readonly name: string;
  /** The file, relative to the folder (undefined for `unknown`). */
  readonly path?: string;
  readonly state: MigrationState;
  readonly appliedAt?: string;
  /** For `interrupted` and a schemaguard `failed`: how many of its statements completed. */
  readonly statementsDone?: number;
  /** For `interrupted`: how many statements it has. */
  readonly statements?: number;
  /** A code migration: its state is the history's, and it is not replayed. */
  readonly code?: true;
  /** Django: the migration's app label (its version is `app.name`). */
  readonly app?: string;
  /** Django: a squashed migration used in place of these (`app.name` each). */
  readonly replaces?: readonly string[];
  /** Django: a replaced migration listed on its own because this squashed migration is only partly applied. */
  readonly squashedInto?: string;
}

function stateOf(
  file: MigrationFile,
  applied: AppliedMigration | undefined,
  transactionalDdl: boolean,
): MigrationState {
  if (!applied) return 'pending';
  if (!applied.success) {
    // schemaguard's runner continues a migration it ran outside a transaction (the file's or the
    // engine's choice) of the same file, even one stopped in its first statement.
    const outside = !file.transactional || !transactionalDdl;
    const resumable = outside && applied.statementsDone !== undefined && applied.checksum === file.checksum;
    return resumable ? 'interrupted' : 'failed';
  }
  if (applied.checksum !== undefined && /^[0-9a-f]{64}$/.test(applied.checksum) && applied.checksum !== file.checksum) {
    return 'changed';
  }
  return 'applied';
}

/** golang-migrate records only the current version: every file up to it is applied. */
function golangMigrateStatus(folder: MigrationFolder, history: MigrationHistory): MigrationStatus[] {
  const current = history.applied[0];
  const currentVersion = current && /^\d+$/.test(current.version) ? current.version : undefined;
  const order = (file: MigrationFile) =>
    currentVersion === undefined ? undefined : compareVersions('golang-migrate', file.version, currentVersion);
  const statuses: MigrationStatus[] = folder.migrations.map((file) => {
    const reached = (order(file) ?? 1) <= 0;
    const dirty = order(file) === 0 && current?.success === false;
    return {
      version: file.version,
      name: file.name,
      path: file.path,
      state: dirty ? 'failed' : reached ? 'applied' : 'pending',
    };
  });
  if (current && !folder.migrations.some((f) => order(f) === 0)) {
    statuses.push({ version: current.version, name: current.name ?? '', state: 'unknown' });
  }
  return statuses;
}

/**
 * drizzle's migrator reads the newest `created_at` of its table and runs every journal
 * entry whose `when` is later: an entry at or before it is applied, whatever its file
 * holds now (changed when its row's hash differs). Rows no journal entry has are unknown.
 */
function drizzleStatus(folder: MigrationFolder, history: MigrationHistory): MigrationStatus[] {
  const times = history.applied.flatMap((a) => (/^\d+$/.test(a.version) ? [BigInt(a.version)] : []));
  const last = times.reduce<bigint | undefined>((max, t) => (max === undefined || t > max ? t : max), undefined);
  const remaining = new Map(history.applied.map((a) => [a.version, a]));
  const statuses: MigrationStatus[] = folder.migrations.map((file) => {
    const row = remaining.get(file.createdAt ?? '');
    remaining.delete(file.createdAt ?? '');
    const applied = last !== undefined && BigInt(file.createdAt ?? '0') <= last;
    return {
      version: file.version,
      name: file.name,
      path: file.path,
      // drizzle's rows record no statement progress: none of them reads as interrupted.
      state: !applied ? 'pending' : row ? stateOf(file, row, true) : 'applied',
      appliedAt: row?.appliedAt,
    };
  });
  return [...statuses, ...unknownStatuses(remaining.values())];
}

/** The migrations a history records that the folder does not have. */
function unknownStatuses(applied: Iterable<AppliedMigration>): MigrationStatus[] {
  return [...applied].map((a) => ({
    version: a.version,
    name: a.name ?? '',
    state: 'unknown',
    appliedAt: a.appliedAt,
  }));
}

/** A Liquibase changeset's `filename::id::author`, cut into its parts (undefined when it is not one). */
function changesetParts(version: string): { file: string; id: string; author: string } | undefined {
  const first = version.indexOf('::');
  const last = version.lastIndexOf('::');
  if (first < 0 || last <= first) return undefined;
  return { file: version.slice(0, first), id: version.slice(first + 2, last), author: version.slice(last + 2) };
}

/** A changelog path as Liquibase may record it (`classpath:db/x.sql`, `./x.sql`, `db\x.sql`), plainly. */
function changelogPath(path: string): string {
  return path
    .replace(/^classpath\*?:/, '')
    .replaceAll('\\', '/')
    .replace(/^(?:\.\/|\/)+/, '');
}

/**
 * Whether Liquibase's FILENAME names a file of the folder: the same path, or one ends with
 * the other (Liquibase records the path the changelog was included by, relative to its
 * search path, which may start above or below the configured folder).
 */
function sameChangelog(recorded: string, path: string): boolean {
  const a = changelogPath(recorded);
  const b = changelogPath(path);
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/**
 * Liquibase identifies a changeset by id, author and changelog file: a row matches a
 * changeset of a formatted SQL changelog when all three agree (see {@link sameChangelog}).
 * Its MD5SUM (`9:…`, a checksum of Liquibase's own) is not compared. The rows of
 * changelogs in XML, YAML or JSON are listed with their file as not replayed (code), and
 * such a file without rows is pending; the other rows are unknown.
 */
function liquibaseStatus(folder: MigrationFolder, history: MigrationHistory): MigrationStatus[] {
  const remaining = new Set(history.applied);
  const take = (matches: (row: { file: string; id: string; author: string }) => boolean) => {
    const found = [...remaining].filter((a) => {
      const row = changesetParts(a.version);
      return row !== undefined && matches(row);
    });
    for (const a of found) remaining.delete(a);
    return found;
  };
  const statuses: MigrationStatus[] = folder.migrations.map((file) => {
    const own = changesetParts(file.version);
    const [applied] = take(
      (row) =>
        own !== undefined && row.id === own.id && row.author === own.author && sameChangelog(row.file, file.path),
    );
    return {
      version: file.version,
      name: file.name,
      path: file.path,
      state: stateOf(file, applied, true),
      appliedAt: applied?.appliedAt,
    };
  });
  for (const changelog of folder.code) {
    const rows = take((row) => sameChangelog(row.file, changelog.path));
    if (rows.length === 0) {
      statuses.push({
        version: changelog.version,
        name: changelog.name,
        path: changelog.path,
        state: 'pending',
        code: true,
      });
    }
    for (const row of rows) {
      const state = row.success ? 'applied' : 'failed';
      statuses.push({
        version: row.version,
        name: row.name ?? '',
        path: changelog.path,
        state,
        appliedAt: row.appliedAt,
        code: true,
      });
    }
  }
  return [...statuses, ...unknownStatuses(remaining)];
}

/** Code migrations: applied or failed as the history records them, else pending. */
function codeStatuses(
  code: readonly CodeMigration[],
  recorded: ReadonlyMap<string, AppliedMigration>,
): MigrationStatus[] {
  return code.map((c) => {
    const applied = recorded.get(c.version);
    const state = !applied ? 'pending' : applied.success ? 'applied' : 'failed';
    return { version: c.version, name: c.name, path: c.path, state, appliedAt: applied?.appliedAt, code: true };
  });
}

/**
 * The state of every migration of a folder against a database's history (SQL ones, then
 * code ones), plus the migrations the history records that the folder does not have.
 * drizzle decides by time, as its migrator does (see {@link drizzleStatus}); a journal
 * without times is matched by checksum. `transactionalDdl`: whether the database's engine
 * runs DDL in transactions (`capabilities.transactionalDdl`); where it does not, the runner
 * runs every migration statement by statement, and continues any it stopped in.
 */
export function migrationStatus(
  folder: MigrationFolder,
  history: MigrationHistory | undefined,
  transactionalDdl = true,
): MigrationStatus[] {
  if (!history) {
    return [
      ...folder.migrations.map((f) => ({ version: f.version, name: f.name, path: f.path, state: 'pending' as const })),
      ...codeStatuses(folder.code, new Map()),
    ];
  }
  if (history.tool === 'golang-migrate') return golangMigrateStatus(folder, history);
  if (history.tool === 'liquibase') return liquibaseStatus(folder, history);
  const byChecksum = history.tool === 'drizzle';
  if (byChecksum && folder.migrations.every((m) => m.createdAt !== undefined)) return drizzleStatus(folder, history);
  const recorded = new Map(history.applied.map((a) => [byChecksum ? (a.checksum ?? a.version) : a.version, a]));
  const remaining = new Map(recorded);
  const statuses: MigrationStatus[] = folder.migrations.map((file) => {
    const key = byChecksum ? file.checksum : file.version;
    const applied = remaining.get(key);
    remaining.delete(key);
    const state = stateOf(file, applied, transactionalDdl);
    return {
      version: file.version,
      name: file.name,
      path: file.path,
      state,
      appliedAt: applied?.appliedAt,
      ...(applied?.statementsDone === undefined ? {} : { statementsDone: applied.statementsDone }),
      ...(state === 'interrupted' ? { statements: folder.lexer.split(file.sql).length } : {}),
    };
  });
  for (const c of folder.code) remaining.delete(c.version);
  return [...statuses, ...codeStatuses(folder.code, recorded), ...unknownStatuses(remaining.values())];
}

/** How a migration is named in messages: a Django one by `app.name`, others by their file (else their version). */
export function migrationLabel(status: MigrationStatus): string {
  return status.app === undefined ? (status.path ?? status.version) : status.version;
}

/**
 * Whether a migration is still to run: pending or interrupted. Code migrations never
 * are, for schemaguard: it neither runs nor replays them.
 */
export function awaitsRun(status: MigrationStatus): boolean {
  return !status.code && (status.state === 'pending' || status.state === 'interrupted');
}

/**
 * The migration files the history records as run (applied or changed), in folder order. A
 * migration is found by its version, as one file may hold several (a Liquibase changelog's
 * changesets).
 */
export function appliedFiles(folder: MigrationFolder, statuses: readonly MigrationStatus[]): MigrationFile[] {
  const ran = new Set(
    statuses.filter((s) => !s.code && (s.state === 'applied' || s.state === 'changed')).map((s) => s.version),
  );
  return folder.migrations.filter((m) => ran.has(m.version));
}

/**
 * The migration that most likely made the object a change is about: the last one
 * whose SQL names the object (its last path part, as a whole word).
 */
export function introducedBy(change: Change, migrations: readonly MigrationFile[]): MigrationFile | undefined {
  const name = change.path.split('.').at(-1)?.replace(/\(.*$/, '') ?? '';
  if (!name) return undefined;
  const word = new RegExp(`(^|[^A-Za-z0-9_])"?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?($|[^A-Za-z0-9_])`, 'i');
  return [...migrations].reverse().find((m) => word.test(m.sql));
}
