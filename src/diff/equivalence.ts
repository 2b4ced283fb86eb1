import type { Schema } from '../schema/model.js';

/**
 * How a dialect decides that two spellings mean the same thing, so the diff reports
 * only real differences. Each function returns a canonical form; two values are equal
 * when their canonical forms are.
 */
export interface Equivalence {
  /** A type name: `int4` and `integer` are one type. */
  type(name: string): string;
  /**
   * A type's family, for `--loose-types`: names the engine stores alike are one type
   * (SQLite: a declared type's affinity, `INT` and `BIGINT`). Undefined for an engine whose
   * every type is its own family; `--loose-types` then changes nothing.
   */
  looseType?(name: string): string;
  /** A column default, given the column's type: `'x'::text` and `'x'` are one default on a text column. */
  defaultExpression(expression: string, columnType: string): string;
  /**
   * A boolean or scalar expression (checks, index predicates, policies, generated columns).
   * `table` is the name of the table a check, an index's predicate or key, or a generated
   * column belongs to, whose columns the expression may qualify with it (`"asset"."title"`).
   */
  expression(expression: string, table?: string): string;
  /** A view's query as the server printed it. */
  viewDefinition(definition: string): string;
  /** A function's body. */
  functionBody(body: string): string;
  /**
   * A trigger's own body (MySQL's statement, SQLite's `BEGIN … END`), for engines that store
   * it as written; undefined compares the text exactly.
   */
  triggerBody?(body: string): string;
  /**
   * When the two sides come from servers of different major versions: both schemas with
   * what only the versions explain made alike, and one line for each such thing, which is
   * then not compared. Undefined when the versions are alike or unknown.
   */
  acrossVersions?(from: Schema, to: Schema, sides: ComparedSides): AcrossVersions | undefined;
}

/** What a comparison knows of one side beyond its schema. */
export interface ComparedSide {
  /** The server version it was read from or built on, as the server prints it (`15.20`). */
  readonly serverVersion?: string;
  /** Extensions whose version the SQL it was built from pins (`VERSION '1.3'`, `UPDATE TO`). */
  readonly pinnedExtensions?: readonly string[];
}

/** Both sides of a comparison, read from `from` to `to`. */
export interface ComparedSides {
  readonly from: ComparedSide;
  readonly to: ComparedSide;
}

/** Two schemas made comparable across server versions, and what was left uncompared. */
export interface AcrossVersions {
  readonly from: Schema;
  readonly to: Schema;
  /** One line per difference only the versions explain: `extension pgcrypto: 1.4 on …, 1.3 on …: not compared across versions`. */
  readonly notCompared: readonly string[];
}

/** Equivalence that only trims: two spellings are equal when they are the same text. */
export const exactEquivalence: Equivalence = {
  type: (name) => name,
  defaultExpression: (expression) => expression.trim(),
  expression: (expression) => expression.trim(),
  viewDefinition: (definition) => definition.trim(),
  functionBody: (body) => body.trim(),
};
