/**
 * The dialect contract: everything schemaguard needs from one database engine. A new
 * engine is a folder under `src/dialects/` implementing {@link Dialect}, plus one line in
 * the registry (`src/dialects/index.ts`); nothing outside its folder imports it.
 */
import type { Change, ChangeDraft, Hazard } from '../diff/change.js';
import type { Equivalence } from '../diff/equivalence.js';
import type { SeverityRules } from '../diff/severity.js';
import type { HistoryTool, MigrationHistory, ReadHistoriesOptions } from '../migrations/history.js';
import type { Plan, PlanOptions } from '../plan/plan.js';
import type { TableSizes } from '../plan/table-size.js';
import type { ListName } from '../schema/kind-lists.js';
import type { Schema, TableData } from '../schema/model.js';
import type { UnreadKind } from '../schema/unread.js';

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** For embedded databases kept in a folder: create it when missing (default: refuse). */
  readonly create?: boolean;
  /** The folder a relative embedded database path is found from (default: the process's working directory). */
  readonly cwd?: string;
  /**
   * The run's environment variables, which an engine's client settings may come from
   * (PostgreSQL: `PGSSLMODE` and the other `PGSSL*` variables); default none.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The schema the session's unqualified names are found and created in (PostgreSQL: its
   * `search_path`, that schema alone): migrations of a schema-per-tenant target run in the
   * tenant's schema. Engines without schemas within a database ignore it.
   */
  readonly schema?: string;
}

export interface IntrospectOptions {
  /** Read grants on schemas, tables, columns, sequences and routines. */
  readonly includePrivileges?: boolean;
  /** Read the owner of every object. */
  readonly includeOwners?: boolean;
  /** Called before each catalog query, for progress display. */
  readonly onProgress?: (step: string) => void;
  /**
   * Read the database as another session sees it at this moment: a snapshot that session
   * exported and keeps open (see {@link Connection.readConsistently}), so that two reads agree.
   */
  readonly snapshot?: string;
  /**
   * Read the objects of these schemas alone, and nothing that belongs to the whole database
   * (extensions, event triggers, publications, …): PostgreSQL restricts its catalog queries to
   * them, so that one tenant of a database of a thousand schemas reads as fast as a small
   * database. MySQL and SQLite ignore it (a connection reads one database, which has no schemas
   * within it); the caller filters what they read.
   */
  readonly schemas?: readonly string[];
}

export interface Introspection {
  readonly schema: Schema;
  /** The server's version as it prints it, e.g. `15.20`. */
  readonly serverVersion: string;
  /** Objects of kinds the model does not describe, counted by kind (a singular noun); kinds with none left out. */
  readonly notIncluded?: Readonly<Record<string, number>>;
  /** Kinds the session was not allowed to read (see src/schema/unread.ts); left out when it read them all. */
  readonly unread?: readonly UnreadKind[];
}

export interface ReadDataOptions {
  /** Qualified names (`schema.table`) of the tables to read. */
  readonly tables: readonly string[];
  /** Rows per table at most. */
  readonly limit: number;
}

/** How {@link Connection.transaction} runs its work. */
export interface TransactionOptions {
  /** A read-only transaction: the work cannot change anything. */
  readonly readOnly?: boolean;
  /** Each statement of the work is cancelled after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Roll the transaction back even when the work succeeds (checks that must leave nothing). */
  readonly rollback?: boolean;
}

/** How {@link Connection.lock} waits for a lock another session holds. */
export interface LockWaitOptions {
  /** Give up after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Called once, when another session holds the lock and the wait begins, with who holds it. */
  readonly onWait?: (holder: string) => void;
}

/** A lock taken, and whether this session had to wait for another. */
export interface HeldLock {
  /**
   * When the session this one waited for connected (ISO 8601, the server's clock): what
   * that session did is recorded after it. Undefined when the lock was free.
   */
  readonly waitedFor?: string;
  /** Gives the lock back (the session's end does too). */
  release(): Promise<void>;
}

/** An open connection to one database of some engine. */
export interface Connection {
  /** The ref it was opened from, with any password removed. */
  readonly source: string;
  /** The engine it talks to. */
  readonly dialect: Dialect;
  /** Runs one statement with parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
  /**
   * An embedded database made reachable by a program that connects by itself (a Django
   * project's `migrate`): a local port speaking the engine's protocol, until `close`.
   * Undefined for a server, whose URL the caller has.
   */
  serve?(): Promise<ServedDatabase>;
  /**
   * Told, outside any transaction, the scripts the caller is about to run (in transactions of
   * their own), so that an engine that loads modules when it starts (PGlite's extensions) can
   * load what they need first. The session stays as it was: settings and locks are kept.
   */
  prepareFor?(scripts: readonly string[]): Promise<void>;
  /**
   * Runs `work` in one transaction: committed when it returns, rolled back when it throws
   * (the error passes through). A transaction that cannot start throws before `work` runs.
   */
  transaction<T>(work: (connection: Connection) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Takes a named lock for this session, waiting for the session that holds it; the same
   * session may take it again. It is released by `release()` or when the session ends, so
   * that a killed process never leaves it behind. Throws a one-sentence error naming the
   * holder when the wait times out.
   */
  lock(name: string, options?: LockWaitOptions): Promise<HeldLock>;
  /**
   * Runs `read` with the id of a snapshot of the database that other sessions can read at
   * (see {@link IntrospectOptions.snapshot}), kept until `read` settles; undefined when the
   * engine cannot share one (an embedded database has only this session).
   */
  readConsistently<T>(read: (snapshot: string | undefined) => Promise<T>): Promise<T>;
  /** The server's version as it prints it, e.g. `15.20`. */
  serverVersion(): Promise<string>;
  /** Reads the whole schema, consistently and read-only. */
  introspect(options?: IntrospectOptions): Promise<Introspection>;
  /** Reads sample rows of the given tables, ordered by primary key. */
  readData(schema: Schema, options: ReadDataOptions): Promise<Record<string, TableData>>;
  close(): Promise<void>;
}

/** How an engine's refs name embedded databases kept in a folder. */
export interface EmbeddedFolders {
  /** How messages name such a folder: `The PGlite data directory`. */
  readonly noun: string;
  /** A ref of one, for messages: `pglite:./data`. */
  readonly example: string;
  /** The folder a ref of this engine names, as written (relative or absolute); undefined for a server or in-memory database. */
  folder(ref: string): string | undefined;
  /** The ref with its folder written as `path`. */
  withFolder(ref: string, path: string): string;
}

/** How an engine's refs are written. */
export interface DialectRefs {
  /** The ref forms, for messages and help texts: `postgres://…`, `pglite:…`. */
  readonly forms: readonly string[];
  /** Example refs, for help texts: `postgres://…`, `pglite:./dir`, `pglite:memory`. */
  readonly examples: readonly string[];
  /** For an engine whose embedded databases live in folders: how its refs name them. */
  readonly folders?: EmbeddedFolders;
  /** Whether a ref (a URL such as `postgres://…` or `pglite:…`) names a database of this engine. */
  handles(ref: string): boolean;
  /** Whether a ref of this engine names an embedded database (in this process, no server). */
  isEmbedded(ref: string): boolean;
  /** Throws the one sentence a malformed URL of this engine gets (its password hidden), without connecting. */
  checkUrl(ref: string): void;
}

/** What an engine can do, for the code that adapts to it. */
export interface DialectCapabilities {
  /** DDL runs inside transactions and rolls back with them. */
  readonly transactionalDdl: boolean;
  /** Objects live in namespaces (schemas) within one database. */
  readonly schemas: boolean;
  /** Indexes can be built and dropped without blocking writes (outside a transaction). */
  readonly concurrentIndexes: boolean;
  /**
   * `ALTER TABLE` can be told the algorithm and lock it may take (MySQL's `ALGORITHM=INPLACE,
   * LOCK=NONE`), so that the server refuses a change it cannot make online: `--online`.
   */
  readonly onlineAlter: boolean;
  /** Grants are part of the schema. */
  readonly privileges: boolean;
  /** It can run embedded in this process (shadow databases need no server). */
  readonly embedded: boolean;
}

/** One statement of a script, with the 1-based line it starts on. */
export interface SqlStatement {
  readonly sql: string;
  readonly line: number;
}

/** How an engine's SQL scripts divide into statements. */
export interface SqlLexer {
  /**
   * The statements of a script that hold something besides blanks and comments, without
   * their terminators, each with the line it starts on.
   */
  split(sql: string): SqlStatement[];
  /** Whether a statement cannot run inside a transaction (or is transaction control of its own). */
  runsOutsideTransaction(sql: string): boolean;
  /** Whether a script runs its own transactions (`BEGIN`, `COMMIT`, …). */
  controlsTransactions(sql: string): boolean;
  /** The first statement of a script that keeps it out of a transaction; undefined when none does. */
  nonTransactionalStatement(sql: string): SqlStatement | undefined;
  /**
   * The statements a script starts and ends with that set its session up for the rest and take
   * effect only outside a transaction (SQLite's `PRAGMA foreign_keys = OFF` … `= ON` around a table
   * rebuild): a script in a transaction runs `before` first, then `body` in the transaction, then
   * `after` whether it committed or not. {@link nonTransactionalStatement} looks at the body only.
   * Left out by an engine that has none.
   */
  around?(statements: readonly SqlStatement[]): SessionWrap;
}

/** A script's statements split by {@link SqlLexer.around}. */
export interface SessionWrap {
  readonly before: readonly SqlStatement[];
  readonly body: readonly SqlStatement[];
  readonly after: readonly SqlStatement[];
}

/** What rerunning a statement that an earlier, interrupted run may have been running needs. */
export type Recovery =
  /** Run it (again): it left nothing in the way. */
  | { readonly kind: 'rerun' }
  /** It completed before the run stopped: record it as done. */
  | { readonly kind: 'completed'; readonly evidence: string }
  /** Drop these leftovers (qualified index names) first, then run it again. */
  | { readonly kind: 'drop-leftovers'; readonly indexes: readonly string[]; readonly what: string };

/** The statement timeouts a migration run sets for its session (0: none). */
export interface RunTimeouts {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
}

/** The names of the server settings {@link MigrationSupport.setTimeouts} sets, as the plan says them. */
export interface TimeoutSettingNames {
  /** How long a statement waits for a lock (`lock_timeout`); undefined for a server that orders writers itself (libSQL). */
  readonly lock?: string;
  /** How long a statement may run (`statement_timeout`); undefined for an engine that has no statement timeout. */
  readonly statement?: string;
}

/** What the migration runner needs from an engine beyond plain SQL. */
export interface MigrationSupport {
  /** Sets the session's timeouts for the statements of the migrations. */
  setTimeouts(connection: Connection, timeouts: RunTimeouts): Promise<void>;
  /** The settings {@link setTimeouts} sets on this connection's server. */
  timeoutSettings(connection: Connection): TimeoutSettingNames;
  /**
   * Before statements run outside a transaction: asks the server to cancel a statement
   * whose client has gone, instead of finishing it (and holding the lock) for nobody.
   */
  watchClient(connection: Connection): Promise<void>;
  /** Whether an error is a statement that gave up waiting for a lock (worth a retry). */
  isLockTimeout(error: unknown): boolean;
  /** Whether an error is a statement cancelled by a {@link TransactionOptions.timeoutMs}. */
  isStatementTimeout(error: unknown): boolean;
  /** The 1-based offset in the statement that an error points at, when it points at one. */
  errorPosition(error: unknown): number | undefined;
  /** What the database says about a statement that may have run before its run stopped. */
  recovery(connection: Connection, sql: string): Promise<Recovery>;
  /** Drops a leftover that {@link recovery} named. */
  dropLeftover(connection: Connection, name: string): Promise<void>;
  /**
   * The names of the indexes a statement may leave behind half-built when it is
   * interrupted (a matcher on the stored name); undefined when it leaves none.
   */
  mayLeaveInvalid(sql: string): ((indexName: string) => boolean) | undefined;
}

/** Where a history table lives: the tool's default, or the config's `migrations.table`. */
export interface HistoryTableName {
  readonly schema?: string;
  readonly table: string;
}

/** A row of schemaguard's history table, as the runner reads it back. */
export interface RunRecord {
  readonly version: string;
  readonly checksum: string;
  readonly success: boolean;
  readonly statementsDone: number;
}

/** What the runner records of a migration run. */
export interface RunEntry {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  /** `user@host`. */
  readonly appliedBy: string;
  readonly gitCommit?: string;
  readonly success: boolean;
  readonly statementsDone: number;
  readonly executionMs?: number;
  readonly skippedVerification: boolean;
  readonly kind: 'migration' | 'rollback';
}

/** schemaguard's history table on an engine, and the history tables of other tools. */
export interface HistoryStore {
  /** schemaguard's history table, qualified as the engine's SQL names it (default `public.schemaguard_migrations`). */
  table(name?: Partial<HistoryTableName>): string;
  /** Idempotent DDL that creates schemaguard's history table (its schema must exist). */
  createSql(name?: Partial<HistoryTableName>): string;
  /** The rows of migrations (not rollbacks) not rolled back, by version. */
  readRuns(connection: Connection, table: string): Promise<Map<string, RunRecord>>;
  /** How many statements the history records as done for a version; undefined when it has no row. */
  readProgress(connection: Connection, table: string, version: string): Promise<number | undefined>;
  /** Inserts a migration's row, or replaces the row of an earlier run of its version. */
  record(connection: Connection, table: string, entry: RunEntry): Promise<void>;
  /** Records how many statements of a migration run outside a transaction are done. */
  recordProgress(connection: Connection, table: string, version: string, done: number): Promise<void>;
  /** Marks a migration run statement by statement as applied. */
  recordSuccess(connection: Connection, table: string, version: string, executionMs: number): Promise<void>;
  /** Marks migrations as rolled back, so that they count as pending again. */
  markRolledBack(connection: Connection, table: string, versions: readonly string[]): Promise<void>;
  /** Replaces the checksum a migration is recorded with (a file changed after it failed). */
  setChecksum(connection: Connection, table: string, version: string, checksum: string): Promise<void>;
  /** The history tables present in the database, of every tool found; [] when there is none. */
  readHistories(connection: Connection, options?: ReadHistoriesOptions): Promise<MigrationHistory[]>;
  /**
   * The SQL that creates a tool's history table as the tool does before its first
   * migration (with the schema it lives in); undefined for a tool not known here.
   */
  toolTableSql(tool: HistoryTool, name?: HistoryTableName): string | undefined;
}

/** A database reachable over the engine's own network protocol, for a program that connects by itself. */
export interface ServedDatabase {
  /** The URL to connect with (for an embedded database, a local port that speaks its protocol). */
  readonly url: string;
  /** Stops serving it (the database itself stays open). */
  close(): Promise<void>;
}

/** A fresh database to replay SQL on, and how to be rid of it. */
export interface ShadowDatabase {
  readonly connection: Connection;
  /**
   * Makes the database reachable by another program (a Django project's `migrate`): a server
   * shadow's own URL, or for an embedded one a local port speaking the engine's protocol.
   * Undefined for an engine that cannot serve its shadows.
   */
  serve?(): Promise<ServedDatabase>;
  /** Closes and removes the database. */
  dispose(): Promise<void>;
}

/** Where shadow databases come from. */
export interface ShadowOpenOptions {
  /** A server URL to create a temporary database on; an embedded database when undefined. */
  readonly server?: string;
  /** Folder for what makes embedded start-up fast (a saved initialised database). */
  readonly cacheDir: string;
  /** Give up connecting to a shadow server after this many milliseconds. */
  readonly connectTimeoutMs?: number;
  /** The run's environment variables, for connecting to a shadow server (see {@link ConnectOptions.env}). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The scripts it will replay: an embedded database is started with what they need. */
  readonly scripts: readonly { readonly label: string; readonly sql: string }[];
  /** Called when the database is actually started, with its kind (`server`, `pglite`). */
  readonly onStart?: (kind: string) => void;
  /** Holds the drop of a database created on a server until it is disposed (see `guardShadowDatabases`). */
  readonly guard?: ShadowGuard;
  /**
   * Another program will be given the database (see {@link ShadowDatabase.serve}): an engine
   * whose shadows live in this process's memory makes one that program can open (a file).
   */
  readonly served?: boolean;
}

/**
 * Keeps a drop at hand while a shadow database on a server exists and returns the function
 * that lets it go: the program decides what an interruption does (the CLI drops the
 * database and exits).
 */
export type ShadowGuard = (drop: () => Promise<void>) => () => void;

/** Throwaway databases of an engine, to replay migrations and models on. */
export interface ShadowDatabases {
  /** The embedded engine and its version (`pglite 0.3.2`): cached builds depend on it. */
  embeddedEngine(): string;
  /**
   * Opens an empty shadow database. An embedded one needs nothing running; it throws one
   * sentence, before anything starts, when the scripts need what it does not have.
   */
  open(options: ShadowOpenOptions): Promise<ShadowDatabase>;
  /** Session settings before a replay (quieter notices). */
  prepare(connection: Connection): Promise<void>;
  /** What may be done about a statement failing on a shadow database, appended to its sentence; undefined when nothing. */
  failureHint?(error: unknown): string | undefined;
  /** The extensions whose version the scripts pin; compared across server versions. */
  pinnedExtensions(scripts: readonly { readonly label: string; readonly sql: string }[]): string[];
  /**
   * The extensions that SQL generated from models uses without creating them (ORMs leave
   * `CREATE EXTENSION` to hand-written migrations), and the SQL that creates them before a
   * replay; undefined when none is missing (or the engine has no extensions). `scripts` are
   * all the scripts of the replay: an extension one of them creates is not missing.
   */
  impliedExtensions(
    generated: readonly string[],
    scripts: readonly { readonly label: string; readonly sql: string }[],
  ): { readonly names: readonly string[]; readonly sql: string } | undefined;
  /**
   * A bare in-memory embedded engine (for PostgreSQL a PGlite instance), started from the
   * image saved in `cacheDir` when given, for tools that drive the engine themselves
   * (Prisma's schema engine, through its driver adapter). The caller closes it.
   */
  startEmbeddedEngine(cacheDir: string | undefined): Promise<unknown>;
  /**
   * Makes sure `cacheDir` holds the embedded engine's initialised image and keeps it in this
   * process, so that every embedded database the process starts later, whatever its cache
   * folder, starts from it (for processes that run many commands, such as a test suite).
   */
  warmUp(cacheDir: string): Promise<void>;
}

/** A data backup taken before a migration run. */
export interface BackupResult {
  /** The file written; undefined when nothing was backed up. */
  readonly path?: string;
  /** Why nothing was backed up although the config asks for it (the tool it needs is missing). */
  readonly warning?: string;
}

/** How an engine's data is backed up before a migration run. */
export interface Backup {
  /**
   * Writes a backup of the database at `ref` to `base` plus the engine's file extension;
   * `open` connects to it when the backup is taken through a connection. With `schema` (a
   * schema-per-tenant target's), a PostgreSQL server's backup holds that schema alone; other
   * engines, and an embedded database's whole image, back up everything.
   */
  data(ref: string, base: string, open: () => Promise<Connection>, schema?: string): Promise<BackupResult>;
  /**
   * For an engine that can put a whole database back from its data backup (SQLite's file):
   * the backup {@link data} wrote for `base`, and how to restore it. Left out by an engine that
   * cannot (its rollbacks bring back the schema only).
   */
  readonly restore?: DataRestore;
}

/** Restoring a database whole from a data backup. */
export interface DataRestore {
  /** The file {@link Backup.data} writes for `base`. */
  file(base: string): string;
  /**
   * Replaces the whole database `connection` is open on (which holds the migration lock, and
   * keeps it) with the backup in `file`, consistently for the other sessions open on it.
   */
  run(connection: Connection, file: string): Promise<void>;
}

/** The service container a CI job runs the engine in. */
export interface CiService {
  /** The service's name in the workflow, which `ci github --engine` takes too: `postgres`, `mariadb`. */
  readonly name: string;
  /** The engine as the image names it, for messages: `MariaDB`. */
  readonly title: string;
  /** The image's version when none is given: `16`. */
  readonly defaultVersion: string;
  /** The container image, for a version. */
  image(version: string): string;
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
  /** The container's options (a health check). */
  readonly options: string;
  /** The URL of its throwaway database, as the CI job's `DATABASE_URL`. */
  readonly url: string;
  /**
   * False for an engine the job runs without a container (SQLite opens a file): the workflow has
   * no `services:`, and the image, its version, `env`, `ports` and `options` are not used.
   */
  readonly container?: boolean;
  /** A shell command that makes the job's empty database before the checks run (SQLite: its empty file). */
  readonly prepare?: string;
}

/** The service containers a CI job can run an engine in: one per image of the engine (MySQL's and MariaDB's). */
export interface CiServices {
  /** Their names, the default first. */
  readonly names: readonly string[];
  /**
   * The service for a project: the one `name` gives (a flag), else the one the project's hints
   * name (its database URLs, and the engine names found in its files such as `mariadb`), else
   * the default. Its URL is written in the scheme the project's URLs use, for its own tools.
   */
  choose(hints: readonly string[], name?: string): CiService;
}

/** One database engine. Nothing outside its folder knows an engine's name. */
export interface Dialect {
  /** `postgres`, as written in snapshot files and the config. */
  readonly name: string;
  /** Other names people give it (`postgresql`), taken where a name is asked for, such as init's `--dialect`. */
  readonly aliases: readonly string[];
  /** The engine as people name it, for messages: `PostgreSQL`. */
  readonly title: string;
  readonly refs: DialectRefs;
  readonly capabilities: DialectCapabilities;
  readonly lexer: SqlLexer;
  /** Connects to a database of this engine. */
  connect(ref: string, options?: ConnectOptions): Promise<Connection>;
  /**
   * Until the returned release, an embedded database opened from a folder stays open, and
   * opening it again returns the same one: a command that reads and changes one database
   * several times starts it once. Closing its last client ends the session, not the database.
   * Calls nest; the last release closes the databases.
   */
  shareEmbeddedDatabases(): () => Promise<void>;
  /** Closes the embedded databases kept open now (before another process opens one); sharing goes on. */
  closeSharedEmbeddedDatabases(): Promise<void>;
  /**
   * Until the returned release, a server session that is closed is reset and kept for the
   * next connection to the same server (many commands on the databases of one server, such as
   * a fleet's); the last release ends them. Absent for engines whose connections are cheap.
   */
  shareServerSessions?(): () => Promise<void>;
  /** The complete DDL that recreates a schema in an empty database. */
  toSql(
    schema: Schema,
    options?: { readonly header?: string; readonly data?: Readonly<Record<string, TableData>> },
  ): string;
  /** What of the schema model this engine fills in. */
  readonly model: DialectModel;
  /** When two spellings mean the same: type aliases, default expressions, view bodies. */
  readonly equivalence: Equivalence;
  /** What applying a change risks on this engine. */
  hazards(change: ChangeDraft, from: Schema, to: Schema): Hazard[];
  /** The statements that turn `from` into `to`, in dependency order. */
  plan(changes: readonly Change[], from: Schema, to: Schema, options?: PlanOptions): Plan;
  /**
   * The estimated size of every table of the connected database, from the server's statistics,
   * in one query (MySQL: `information_schema.TABLES`; PostgreSQL: `pg_class`), by table path;
   * a plan's hazards say them ({@link PlanOptions.tableSizes}). Estimates, never a count of the
   * rows. Left out by an engine that keeps no such statistics. With `schemas`, PostgreSQL reads
   * the tables of these schemas alone (see {@link IntrospectOptions.schemas}); MySQL ignores it.
   */
  readTableSizes?(connection: Connection, schemas?: readonly string[]): Promise<TableSizes>;
  readonly migrations: MigrationSupport;
  readonly history: HistoryStore;
  readonly shadow: ShadowDatabases;
  readonly backup: Backup;
  readonly ciServices: CiServices;
}

/**
 * What an engine fills in of the schema model: the core (schemas, tables, columns,
 * constraints, indexes, views, routines, triggers, …) with the attributes it has, plus the
 * optional object lists of its own kinds (docs/architecture.md, "The model").
 */
export interface DialectModel {
  /** The optional lists its schemas have (src/schema/kind-lists.ts): all the diff compares of them. */
  readonly lists: readonly ListName[];
  /** Which of its differences are warnings rather than breaking. */
  readonly severity: SeverityRules;
}
