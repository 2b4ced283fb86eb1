/**
 * Object kinds of the schema model beyond tables, views, types and functions: rewrite
 * rules, foreign data (wrappers, servers, user mappings, foreign tables), extended
 * statistics and publications. Same conventions as model.ts. Each is a list of the
 * {@link Schema} that a snapshot written before these kinds existed does not have; a
 * comparison with such a snapshot leaves the kind out rather than report every object
 * of it as new.
 */
import type { Commentable } from './model.js';

/** Options of a wrapper, server, foreign table or foreign column, as `name=value` (what the catalog stores). */
export type FdwOptions = readonly string[];

/** A rewrite rule (`CREATE RULE`) on a table or view; the `_RETURN` rule of a view is the view itself. */
export interface RuleDef extends Commentable {
  readonly schema: string;
  /** The table or view the rule is on. */
  readonly table: string;
  readonly name: string;
  /** Omitted when enabled normally (`ORIGIN`). */
  readonly enabled?: 'DISABLED' | 'REPLICA' | 'ALWAYS';
  /** The whole `CREATE RULE …;` statement as the server prints it (`pg_get_ruledef`). */
  readonly definition: string;
}

export interface ForeignDataWrapperDef extends Commentable {
  readonly name: string;
  /** Qualified handler function; omitted for `NO HANDLER`. */
  readonly handler?: string;
  /** Qualified validator function; omitted for `NO VALIDATOR`. */
  readonly validator?: string;
  readonly options?: FdwOptions;
  readonly owner?: string;
}

export interface ForeignServerDef extends Commentable {
  readonly name: string;
  readonly wrapper: string;
  /** `TYPE '…'`. */
  readonly type?: string;
  /** `VERSION '…'`. */
  readonly version?: string;
  readonly options?: FdwOptions;
  readonly owner?: string;
}

/**
 * A user mapping. Its options usually hold credentials, so only their names are
 * recorded, never their values: schemaguard can say that `password` is set, not what
 * it is, and cannot recreate the values.
 */
export interface UserMappingDef {
  /** Role name, or `PUBLIC`. */
  readonly user: string;
  readonly server: string;
  /** Names of the options set (values are not recorded). */
  readonly optionNames?: readonly string[];
}

export interface ForeignColumnDef extends Commentable {
  readonly name: string;
  readonly type: string;
  readonly notNull?: boolean;
  readonly default?: string;
  /** Only when it differs from the type's default collation. */
  readonly collation?: string;
  readonly options?: FdwOptions;
}

export interface ForeignTableDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  readonly server: string;
  readonly columns: readonly ForeignColumnDef[];
  readonly options?: FdwOptions;
  readonly owner?: string;
}

/** Kinds of extended statistics, as `CREATE STATISTICS (…)` names them. */
export type StatisticsKind = 'ndistinct' | 'dependencies' | 'mcv';

/** An extended statistics object (`CREATE STATISTICS`). */
export interface StatisticsDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  /** The table (or materialized view) it is on. */
  readonly table: { readonly schema: string; readonly table: string };
  /**
   * The kinds asked for, in the catalog's order; empty for a single expression (which
   * only has expression statistics). Expression statistics come with any expression.
   */
  readonly kinds: readonly StatisticsKind[];
  /** The column and expression list, as the server prints it: `a, b, (lower(c))`. */
  readonly on: string;
  /** `ALTER STATISTICS … SET STATISTICS n`; omitted for the default. */
  readonly target?: number;
  readonly owner?: string;
}

/** One table of a publication. */
export interface PublicationTable {
  readonly schema: string;
  readonly table: string;
  /** Column list (PostgreSQL 15+); omitted for all columns. */
  readonly columns?: readonly string[];
  /** Row filter `WHERE (…)` (PostgreSQL 15+), without the `WHERE`. */
  readonly where?: string;
}

export interface PublicationDef extends Commentable {
  readonly name: string;
  readonly allTables?: boolean;
  readonly tables?: readonly PublicationTable[];
  /** `FOR TABLES IN SCHEMA` (PostgreSQL 15+). */
  readonly schemas?: readonly string[];
  /** The operations published: `insert`, `update`, `delete`, `truncate`, in that order. */
  readonly publish: readonly string[];
  readonly viaPartitionRoot?: boolean;
  /** `publish_generated_columns = stored` (PostgreSQL 18). */
  readonly publishGeneratedColumns?: boolean;
  readonly owner?: string;
}

/** A MySQL scheduled event (`CREATE EVENT`). */
export interface EventDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  /**
   * When it runs: `AT '2030-01-01 00:00:00'` or `EVERY 1 DAY`, with `ENDS '…'` when it has
   * an end. A recurring event's start defaults to its creation time, so it is not recorded.
   */
  readonly schedule: string;
  /** Omitted when `ENABLED`. */
  readonly status?: 'DISABLED' | 'SLAVESIDE_DISABLED';
  /** `ON COMPLETION PRESERVE`. */
  readonly preserve?: boolean;
  /** The statement it runs, as the server stores it. */
  readonly body: string;
  /** Its definer (`user@host`), read only with owners. */
  readonly owner?: string;
}

/** The change's object type of each of these lists: its singular noun. */
export type KindObjectType =
  | 'foreign data wrapper'
  | 'foreign server'
  | 'user mapping'
  | 'foreign table'
  | 'rule'
  | 'statistics'
  | 'publication'
  | 'event';

/** The lists of a {@link Schema} that these kinds add. */
export interface KindLists {
  readonly rules?: readonly RuleDef[];
  readonly foreignDataWrappers?: readonly ForeignDataWrapperDef[];
  readonly foreignServers?: readonly ForeignServerDef[];
  readonly userMappings?: readonly UserMappingDef[];
  readonly foreignTables?: readonly ForeignTableDef[];
  readonly statistics?: readonly StatisticsDef[];
  readonly publications?: readonly PublicationDef[];
  readonly events?: readonly EventDef[];
}
