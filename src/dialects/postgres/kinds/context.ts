import type { Change, Hazard } from '../../../diff/change.js';
import type { ObjectKey, Schema } from '../../../schema/model.js';
import { quoteIdent, quoteLiteral } from '../quote.js';

type Row = Record<string, unknown>;

/** Catalog rows of one query, as introspection hands them over. */
export type Rows = readonly Row[];

/** Values of a catalog row, read the way introspect.ts reads them. */
export const str = (v: unknown): string => v as string;
export const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));
export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
export const nonEmpty = <T>(list: readonly T[]): readonly T[] | undefined => (list.length > 0 ? list : undefined);

/** A JSON column: objects as the driver parsed them (PGlite and pg both parse `json`). */
export function jsonRows(v: unknown): Row[] {
  if (typeof v === 'string') return JSON.parse(v) as Row[];
  return Array.isArray(v) ? (v as Row[]) : [];
}

/** The planner steps the kinds of this folder write into (a subset of the steps of ../plan/state.ts). */
export type KindStep =
  'drop dependents' | 'create early' | 'alter tables' | 'rules, statistics and publications' | 'comments' | 'owners';

/** What the migration planner gives a kind to plan one change with. */
export interface KindPlanContext {
  readonly change: Change;
  /** Every change of the migration. */
  readonly changes: readonly Change[];
  readonly from: Schema;
  readonly to: Schema;
  /** Adds statements to a step of the plan, the first carrying the hazards. */
  emit(step: KindStep, sql: string | readonly string[], hazards?: readonly Hazard[]): void;
  /** Drops an object after everything whose key lists it in `dependsOn` (with tables and functions). */
  drop(sql: string, key: ObjectKey, dependsOn?: readonly ObjectKey[]): void;
}

/** Whether an alter change touches an attribute. */
export const changed = (change: Change, attribute: string) =>
  (change.attributes ?? []).some((a) => a.attribute === attribute);

/** `COMMENT ON … IS …;`, or `… IS NULL;` to remove one. */
export function commentOnSql(target: string, comment: string | undefined): string {
  return `COMMENT ON ${target} IS ${comment === undefined ? 'NULL' : quoteLiteral(comment)};`;
}

function ownerSql(target: string, owner: string): string {
  return `ALTER ${target} OWNER TO ${quoteIdent(owner)};`;
}

/** Comment and owner changes of an altered object (`target` as `KIND name`), whatever else changed. */
export function planDocs(ctx: KindPlanContext, target: string): void {
  const after = ctx.change.after as { comment?: string; owner?: string };
  const before = ctx.change.before as { owner?: string };
  if (changed(ctx.change, 'comment')) ctx.emit('comments', commentOnSql(target, after.comment));
  if (changed(ctx.change, 'owner') && after.owner !== undefined && before.owner !== undefined)
    ctx.emit('owners', ownerSql(target, after.owner));
}

/** The comment and owner of an object just created (`target` as `KIND name`). */
export function planNewDocs(ctx: KindPlanContext, target: string): void {
  const after = ctx.change.after as { comment?: string; owner?: string };
  if (after.comment !== undefined) ctx.emit('comments', commentOnSql(target, after.comment));
  if (after.owner !== undefined) ctx.emit('owners', ownerSql(target, after.owner));
}

/** `COMMENT ON` statements for the objects of a list that have a comment. */
export function commentsOf<T extends { readonly comment?: string }>(
  list: readonly T[],
  target: (o: T) => string,
): string[] {
  return list.flatMap((o) => (o.comment === undefined ? [] : [commentOnSql(target(o), o.comment)]));
}

/** `ALTER … OWNER TO` statements for the objects of a list read with owners. */
export function ownersOf<T extends { readonly owner?: string }>(
  list: readonly T[],
  target: (o: T) => string,
): string[] {
  return list.flatMap((o) => (o.owner === undefined ? [] : [ownerSql(target(o), o.owner)]));
}
