/**
 * How a dialect decides that two spellings mean the same thing, so the diff reports
 * only real differences. Each function returns a canonical form; two values are equal
 * when their canonical forms are.
 */
export interface Equivalence {
  /** A type name: `int4` and `integer` are one type. */
  type(name: string): string;
  /** A column default, given the column's type: `'x'::text` and `'x'` are one default on a text column. */
  defaultExpression(expression: string, columnType: string): string;
  /** A boolean or scalar expression (checks, index predicates, policies, generated columns). */
  expression(expression: string): string;
  /** A view's query as the server printed it. */
  viewDefinition(definition: string): string;
  /** A function's body. */
  functionBody(body: string): string;
}

/** Equivalence that only trims: two spellings are equal when they are the same text. */
export const exactEquivalence: Equivalence = {
  type: (name) => name,
  defaultExpression: (expression) => expression.trim(),
  expression: (expression) => expression.trim(),
  viewDefinition: (definition) => definition.trim(),
  functionBody: (body) => body.trim(),
};
