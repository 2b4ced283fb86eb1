/**
 * The in-memory schema model: plain, JSON-serialisable data with no methods.
 *
 * Conventions:
 * - Names are stored unquoted, exactly as the catalog holds them.
 * - Type names and expressions are stored as the server prints them with an empty
 *   `search_path`, so user objects are always schema-qualified.
 * - Optional attributes are omitted when they have their default value (no comment,
 *   no default, nullable, …): snapshots stay short and `git diff` shows only what matters.
 *   Every boolean flag is therefore `false` by default and written only when `true`.
 * - Top-level lists are sorted by qualified name; columns keep their table order.
 */
import type { KindLists } from './model-kinds.js';
import { emptyLists } from './kind-lists.js';

import type { ExtensibilityLists } from './model-extensibility.js';

/** A privilege granted on an object, as in `GRANT <privilege> ON … TO <grantee>`. */
export interface Grant {
  /** Role name, or `PUBLIC`. */
  readonly grantee: string;
  /** `SELECT`, `INSERT`, `USAGE`, `EXECUTE`, … */
  readonly privilege: string;
  /** `WITH GRANT OPTION`. */
  readonly grantable?: boolean;
}

/** Attributes that every named object may carry. */
export interface Commentable {
  readonly comment?: string;
}

/** Owner and privileges: present only when introspected with owners / privileges. */
export interface Securable {
  readonly owner?: string;
  readonly grants?: readonly Grant[];
}

export interface NamespaceDef extends Commentable, Securable {
  readonly name: string;
  /** MySQL: the database's default character set (`utf8mb4`), with `utf8` written `utf8mb3`. */
  readonly charset?: string;
  /** MySQL: the database's default collation. */
  readonly collation?: string;
}

export interface ExtensionDef extends Commentable {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

export interface EnumDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  /** Labels in sort order. */
  readonly values: readonly string[];
}

/** A named CHECK constraint of a domain. */
export interface DomainCheck extends Commentable {
  readonly name: string;
  /** The boolean expression, without the `CHECK (…)` wrapper. */
  readonly expression: string;
  readonly notValid?: boolean;
}

export interface DomainDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  readonly baseType: string;
  readonly notNull?: boolean;
  readonly default?: string;
  readonly collation?: string;
  readonly checks?: readonly DomainCheck[];
  readonly dependsOn?: readonly ObjectKey[];
}

export interface CompositeAttribute extends Commentable {
  readonly name: string;
  readonly type: string;
  readonly collation?: string;
}

export interface CompositeTypeDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  readonly attributes: readonly CompositeAttribute[];
  readonly dependsOn?: readonly ObjectKey[];
}

export interface CollationDef extends Commentable {
  readonly schema: string;
  readonly name: string;
  /** `libc`, `icu` or `builtin`. */
  readonly provider: string;
  readonly locale?: string;
  readonly lcCollate?: string;
  readonly lcCtype?: string;
  /** `deterministic = false`. */
  readonly nondeterministic?: boolean;
}

/** Sequence options shared by sequences and identity columns. */
export interface SequenceOptions {
  /** `smallint`, `integer` or `bigint`. */
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle?: boolean;
}

export interface SequenceDef extends SequenceOptions, Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  /** `OWNED BY` column, as `schema.table.column`. */
  readonly ownedBy?: { readonly schema: string; readonly table: string; readonly column: string };
  readonly unlogged?: boolean;
}

export interface IdentityDef {
  /** `ALWAYS` or `BY DEFAULT`. */
  readonly generation: 'ALWAYS' | 'BY DEFAULT';
  readonly sequence: SequenceOptions;
}

export interface ColumnDef extends Commentable {
  readonly name: string;
  /** As `format_type` prints it, e.g. `character varying(40)`, `public.mood[]`. */
  readonly type: string;
  readonly notNull?: boolean;
  readonly default?: string;
  readonly identity?: IdentityDef;
  /** Expression of a `GENERATED ALWAYS AS (…)` column. */
  readonly generated?: string;
  /** The generated column is computed on read (`VIRTUAL`, PostgreSQL 18) rather than `STORED`. */
  readonly virtual?: boolean;
  /** `NOT NULL NO INHERIT` (PostgreSQL 18): child tables do not inherit the NOT NULL. */
  readonly notNullNoInherit?: boolean;
  /** Only when it differs from the type's default collation. */
  readonly collation?: string;
  /** Inherited from a parent table (partition or `INHERITS`) rather than declared locally. */
  readonly inherited?: boolean;
  /** Column-level grants (`GRANT SELECT (col) …`). */
  readonly grants?: readonly Grant[];
  /** `SET COMPRESSION` method (`pglz`, `lz4`); omitted for the server's default. */
  readonly compression?: string;
  /** `SET STORAGE` (`PLAIN`, `EXTERNAL`, `EXTENDED`, `MAIN`); only when it differs from the type's. */
  readonly storage?: string;
  /** MySQL: the column's character set, only when it differs from the table's. */
  readonly charset?: string;
  /** MySQL: `ON UPDATE current_timestamp(n)`, written as `current_timestamp()` or `current_timestamp(3)`. */
  readonly onUpdate?: string;
  /** MySQL: `AUTO_INCREMENT`; SQLite: `AUTOINCREMENT` on an `INTEGER PRIMARY KEY` (the counter's value is data, never recorded). */
  readonly autoIncrement?: boolean;
  /** MySQL: `INVISIBLE`, left out of `SELECT *`. */
  readonly invisible?: boolean;
  /** MySQL: the spatial reference system of a geometry column (`SRID 4326`, MariaDB `REF_SYSTEM_ID=4326`). */
  readonly srid?: number;
  /**
   * MariaDB: the column's own `CHECK`, part of its definition (a `json` column's `json_valid(…)`):
   * it goes with the column, and `DROP CONSTRAINT` cannot drop it.
   */
  readonly check?: string;
}

interface ConstraintBase extends Commentable {
  readonly name: string;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
}

export interface PrimaryKeyDef extends ConstraintBase {
  readonly type: 'primary key';
  readonly columns: readonly string[];
  /** MySQL: the key parts, in `columns` order, when any is not the plain column (a prefix length, `DESC`). */
  readonly parts?: readonly IndexKey[];
  readonly include?: readonly string[];
  /** The last column is `WITHOUT OVERLAPS` (temporal key, PostgreSQL 18). */
  readonly withoutOverlaps?: boolean;
}

export interface UniqueDef extends ConstraintBase {
  readonly type: 'unique';
  readonly columns: readonly string[];
  readonly include?: readonly string[];
  readonly nullsNotDistinct?: boolean;
  /** The last column is `WITHOUT OVERLAPS` (temporal key, PostgreSQL 18). */
  readonly withoutOverlaps?: boolean;
}

export interface CheckDef extends ConstraintBase {
  readonly type: 'check';
  /** The boolean expression, without the `CHECK (…)` wrapper. */
  readonly expression: string;
  readonly notValid?: boolean;
  readonly noInherit?: boolean;
  /** `NOT ENFORCED` (PostgreSQL 18). */
  readonly notEnforced?: boolean;
}

export interface ExclusionDef extends ConstraintBase {
  readonly type: 'exclusion';
  /** As the server prints it: `EXCLUDE USING gist (…)`. */
  readonly definition: string;
}

/** Referential actions other than the default `NO ACTION`. */
export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

export interface ForeignKeyDef extends ConstraintBase {
  readonly type: 'foreign key';
  readonly columns: readonly string[];
  readonly references: { readonly schema: string; readonly table: string; readonly columns: readonly string[] };
  /** Omitted for the default `MATCH SIMPLE`. */
  readonly match?: 'FULL' | 'PARTIAL';
  /** Omitted for the default `NO ACTION`. */
  readonly onUpdate?: ReferentialAction;
  /** Omitted for the default `NO ACTION`. */
  readonly onDelete?: ReferentialAction;
  /** `SET NULL (col)` / `SET DEFAULT (col)` column list (PostgreSQL 15+). */
  readonly onDeleteColumns?: readonly string[];
  readonly notValid?: boolean;
  /** The last column pair is `PERIOD` (temporal foreign key, PostgreSQL 18). */
  readonly period?: boolean;
  /** `NOT ENFORCED` (PostgreSQL 18). */
  readonly notEnforced?: boolean;
}

export type ConstraintDef = PrimaryKeyDef | UniqueDef | CheckDef | ExclusionDef | ForeignKeyDef;

export interface IndexKey {
  /** Set for a plain column key. */
  readonly column?: string;
  /** Set for an expression key. */
  readonly expression?: string;
  /** Only when not the default for the type. */
  readonly opclass?: string;
  /** Only when not the column's collation. */
  readonly collation?: string;
  readonly descending?: boolean;
  /** Only when not the default for the direction (`LAST` for ASC, `FIRST` for DESC). */
  readonly nulls?: 'FIRST' | 'LAST';
  /** MySQL: a prefix key part's length in characters, `name(10)`. */
  readonly length?: number;
}

export interface IndexDef extends Commentable {
  readonly name: string;
  readonly unique?: boolean;
  /** Access method: `btree`, `gin`, `gist`, `hash`, `brin`, … */
  readonly method: string;
  readonly keys: readonly IndexKey[];
  readonly include?: readonly string[];
  /** Predicate of a partial index. */
  readonly where?: string;
  readonly nullsNotDistinct?: boolean;
  /** Storage parameters such as `fillfactor=70`. */
  readonly options?: readonly string[];
  /** Flagged when a failed `CREATE INDEX CONCURRENTLY` left it invalid. */
  readonly invalid?: boolean;
  /** MySQL: the parser plugin of a FULLTEXT index (`WITH PARSER ngram`); omitted for the built-in one. */
  readonly parser?: string;
}

export interface TriggerDef extends Commentable {
  readonly name: string;
  readonly timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  /** `INSERT`, `UPDATE`, `DELETE`, `TRUNCATE`, in that order. */
  readonly events: readonly string[];
  /** `UPDATE OF` columns. */
  readonly columns?: readonly string[];
  readonly level: 'ROW' | 'STATEMENT';
  readonly when?: string;
  /** Qualified function name, e.g. `public.touch_updated_at`; absent for a trigger with a body of its own (MySQL). */
  readonly function?: string;
  /** MySQL: the trigger's statement, as the server stores it. */
  readonly body?: string;
  /** MySQL: its place among the triggers of the same timing and event (`FOLLOWS`/`PRECEDES`); omitted for the first. */
  readonly order?: number;
  /** MySQL: the trigger's definer (`user@host`), read only with owners. */
  readonly owner?: string;
  readonly arguments?: readonly string[];
  readonly referencingOld?: string;
  readonly referencingNew?: string;
  /** A `CREATE CONSTRAINT TRIGGER`. */
  readonly constraint?: boolean;
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** Omitted when enabled normally (`ORIGIN`). */
  readonly enabled?: 'DISABLED' | 'REPLICA' | 'ALWAYS';
}

export interface PolicyDef extends Commentable {
  readonly name: string;
  /** `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`. */
  readonly command: string;
  /** Omitted when permissive (the default). */
  readonly restrictive?: boolean;
  /** Role names, `PUBLIC` for everyone. */
  readonly roles: readonly string[];
  readonly using?: string;
  readonly withCheck?: string;
}

export interface TableDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** Constraints, sorted by name. NOT NULL is a column attribute, never a constraint here. */
  readonly constraints?: readonly ConstraintDef[];
  /** Indexes that do not back a constraint, sorted by name. */
  readonly indexes?: readonly IndexDef[];
  readonly triggers?: readonly TriggerDef[];
  readonly policies?: readonly PolicyDef[];
  readonly rowLevelSecurity?: boolean;
  readonly forceRowLevelSecurity?: boolean;
  readonly unlogged?: boolean;
  /** `PARTITION BY` clause of a partitioned table, e.g. `RANGE (created_at)`. */
  readonly partitionBy?: string;
  /** Set on a partition: its parent and bound (`FOR VALUES …` or `DEFAULT`). */
  readonly partitionOf?: { readonly schema: string; readonly table: string; readonly bound: string };
  /** `INHERITS` parents, as `schema.table`. */
  readonly inherits?: readonly { readonly schema: string; readonly table: string }[];
  /** Storage parameters such as `fillfactor=70`. */
  readonly options?: readonly string[];
  /** MySQL: the storage engine (`InnoDB`, `MyISAM`, …). */
  readonly engine?: string;
  /** MySQL: the table's default character set (`utf8` written `utf8mb3`). */
  readonly charset?: string;
  /** MySQL: the table's default collation. */
  readonly collation?: string;
  /** MySQL: `ROW_FORMAT`, only when the table declares one (`DYNAMIC`, `COMPRESSED`, …). */
  readonly rowFormat?: string;
  /** MySQL: `SUBPARTITION BY` clause, e.g. `HASH (\`id\`)`. */
  readonly subpartitionBy?: string;
  /** MySQL: the partitions of a table with `partitionBy`, in their order. */
  readonly partitions?: readonly PartitionDef[];
  /** SQLite: a `STRICT` table, whose columns hold only values of their declared type. */
  readonly strict?: boolean;
  /** SQLite: a `WITHOUT ROWID` table, stored by its primary key. */
  readonly withoutRowid?: boolean;
  /** Table access method (`USING …`); omitted for `heap`. */
  readonly accessMethod?: string;
  /** `REPLICA IDENTITY`; omitted for `DEFAULT` (the primary key). */
  readonly replicaIdentity?: 'FULL' | 'NOTHING' | { readonly index: string };
  /** Objects this table needs to exist first (see {@link ObjectKey}). */
  readonly dependsOn?: readonly ObjectKey[];
}

/** MySQL: one partition of a partitioned table. */
export interface PartitionDef extends Commentable {
  readonly name: string;
  /** `VALUES LESS THAN (2021)`, `VALUES IN ('n','ne')`; omitted for HASH and KEY partitions. */
  readonly bound?: string;
  /** Names of its subpartitions, in order. */
  readonly subpartitions?: readonly string[];
  /**
   * Options the server keeps for it, as `SHOW CREATE TABLE` writes them (`MAX_ROWS = 1000`,
   * `DATA DIRECTORY = '/data'`); `ENGINE` only when it is not the table's. Omitted when none, and on a
   * partition with subpartitions (they have its options, in `subpartitionOptions`).
   */
  readonly options?: readonly string[];
  /** Options of its subpartitions, by subpartition name; only those that have any. */
  readonly subpartitionOptions?: { readonly [subpartition: string]: readonly string[] };
}

export interface ViewColumn extends Commentable {
  readonly name: string;
  readonly type: string;
}

export interface ViewDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  readonly materialized?: boolean;
  /** The `SELECT` as the server prints it (`pg_get_viewdef`). */
  readonly definition: string;
  readonly columns: readonly ViewColumn[];
  /** Options such as `security_invoker=true`, or storage parameters of a materialized view. */
  readonly options?: readonly string[];
  readonly checkOption?: 'LOCAL' | 'CASCADED';
  /** MySQL: `ALGORITHM`, omitted for `UNDEFINED` (and on MySQL, whose information_schema does not say). */
  readonly algorithm?: 'MERGE' | 'TEMPTABLE';
  /** MySQL: `SQL SECURITY INVOKER`; omitted for the default `DEFINER`. */
  readonly sqlSecurity?: 'INVOKER';
  /** Indexes of a materialized view. */
  readonly indexes?: readonly IndexDef[];
  readonly triggers?: readonly TriggerDef[];
  readonly dependsOn?: readonly ObjectKey[];
}

export interface FunctionDef extends Commentable, Securable {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'function' | 'procedure';
  /** Identity arguments (`pg_get_function_identity_arguments`): what tells overloads apart. */
  readonly identityArguments: string;
  /** Full argument list with modes, names and defaults (`pg_get_function_arguments`). */
  readonly arguments: string;
  /** Result (`pg_get_function_result`); omitted for procedures. */
  readonly returns?: string;
  readonly language: string;
  /** The body: source text, or for SQL-standard bodies the server's normalised `BEGIN ATOMIC …`/`RETURN …`. */
  readonly body: string;
  /** The body is SQL-standard (`BEGIN ATOMIC` / `RETURN`) rather than a string literal. */
  readonly sqlStandardBody?: boolean;
  /** Omitted when `VOLATILE`. */
  readonly volatility?: 'IMMUTABLE' | 'STABLE';
  readonly strict?: boolean;
  readonly securityDefiner?: boolean;
  readonly leakproof?: boolean;
  /** Omitted when `UNSAFE`. */
  readonly parallel?: 'SAFE' | 'RESTRICTED';
  /** Omitted when the language's default (1 for C/internal, 100 otherwise). */
  readonly cost?: number;
  /** Omitted when the default (1000) or not a set-returning function. */
  readonly rows?: number;
  /** `SET` clauses, e.g. `search_path=pg_catalog, public`. */
  readonly config?: readonly string[];
  /** MySQL: `DETERMINISTIC`. */
  readonly deterministic?: boolean;
  /** MySQL: `NO SQL`, `READS SQL DATA` or `MODIFIES SQL DATA`; omitted for the default `CONTAINS SQL`. */
  readonly dataAccess?: 'NO SQL' | 'READS SQL DATA' | 'MODIFIES SQL DATA';
  readonly dependsOn?: readonly ObjectKey[];
}

export interface EventTriggerDef extends Commentable {
  readonly name: string;
  readonly event: string;
  readonly tags?: readonly string[];
  readonly function: string;
  readonly enabled?: 'DISABLED' | 'REPLICA' | 'ALWAYS';
}

/**
 * A reference to another object, for dependency ordering: `kind:schema.name`, names
 * double-quoted unless lower-case letters, digits and underscores (e.g.
 * `table:public.asset`, `function:public.f(integer)`).
 */
export type ObjectKey = string;

/** A whole database schema, as one engine sees it. */
export interface Schema extends KindLists, ExtensibilityLists {
  readonly schemas: readonly NamespaceDef[];
  readonly extensions: readonly ExtensionDef[];
  readonly collations: readonly CollationDef[];
  readonly enums: readonly EnumDef[];
  readonly domains: readonly DomainDef[];
  readonly compositeTypes: readonly CompositeTypeDef[];
  readonly sequences: readonly SequenceDef[];
  readonly tables: readonly TableDef[];
  readonly views: readonly ViewDef[];
  readonly functions: readonly FunctionDef[];
  readonly eventTriggers: readonly EventTriggerDef[];
}

/** Sample rows of one table (`dump --include-data`). */
export interface TableData {
  readonly columns: readonly string[];
  /** Values as JSON: text for everything but numbers, booleans and null. */
  readonly rows: readonly (readonly unknown[])[];
}

/** An empty schema, the identity of `diff`. */
export function emptySchema(): Schema {
  return {
    schemas: [],
    extensions: [],
    collations: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    sequences: [],
    tables: [],
    views: [],
    functions: [],
    eventTriggers: [],
    ...emptyLists(),
  };
}
