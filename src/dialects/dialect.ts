import type { Change, Hazard } from '../diff/change.js';
import type { ChangeDraft } from '../diff/diff.js';
import type { Equivalence } from '../diff/equivalence.js';
import type { SeverityRules } from '../diff/severity.js';
import type { Plan, PlanOptions } from '../plan/plan.js';
import type { ListName } from '../schema/kind-lists.js';
import type { Schema, TableData } from '../schema/model.js';

export interface ConnectOptions {
  /** Give up connecting after this many milliseconds (default 10 000). */
  readonly connectTimeoutMs?: number;
  /** For embedded databases kept in a folder: create it when missing (default: refuse). */
  readonly create?: boolean;
  /** The folder a relative embedded database path is found from (default: the process's working directory). */
  readonly cwd?: string;
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
   * exported and keeps open (PostgreSQL's `pg_export_snapshot()`), so that two reads agree.
   */
  readonly snapshot?: string;
}

export interface Introspection {
  readonly schema: Schema;
  /** The server's version as it prints it, e.g. `15.20`. */
  readonly serverVersion: string;
  /** Objects of kinds the model does not describe, counted by kind (a singular noun); kinds with none left out. */
  readonly notIncluded?: Readonly<Record<string, number>>;
}

export interface ReadDataOptions {
  /** Qualified names (`schema.table`) of the tables to read. */
  readonly tables: readonly string[];
  /** Rows per table at most. */
  readonly limit: number;
}

/** An open connection to one database, through which a dialect reads it. */
export interface DatabaseSession {
  /** The ref it was opened from, with any password removed. */
  readonly source: string;
  /** Reads the whole schema, consistently and read-only. */
  introspect(options?: IntrospectOptions): Promise<Introspection>;
  /** Reads sample rows of the given tables, ordered by primary key. */
  readData(schema: Schema, options: ReadDataOptions): Promise<Record<string, TableData>>;
  close(): Promise<void>;
}

/** One database engine. Nothing outside its folder knows an engine's name. */
export interface Dialect {
  /** `postgres`, as written in snapshot files. */
  readonly name: string;
  /** Whether a ref (a URL such as `postgres://…` or `pglite:…`) names a database of this engine. */
  handles(ref: string): boolean;
  /** Throws the one sentence a malformed URL of this engine gets (its password hidden), without connecting. */
  checkUrl(ref: string): void;
  open(ref: string, options?: ConnectOptions): Promise<DatabaseSession>;
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
