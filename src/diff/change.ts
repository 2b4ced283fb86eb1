/**
 * The result of comparing two schemas: typed changes that say what differs, how much
 * it matters (severity) and what applying it risks (hazards). A change always reads
 * from `from` to `to`: `add` means `to` has an object `from` lacks.
 */

import type { ListObjectType } from '../schema/kind-lists.js';

/** Kinds of object of the model's core, which every engine's schemas have (or leave empty). */
export type CoreObjectType =
  | 'schema'
  | 'extension'
  | 'collation'
  | 'enum'
  | 'domain'
  | 'composite type'
  | 'sequence'
  | 'table'
  | 'column'
  | 'constraint'
  | 'index'
  | 'trigger'
  | 'policy'
  | 'view'
  | 'materialized view'
  | 'function'
  | 'procedure'
  | 'event trigger';

/** Kinds of object a change can be about: the core's, and those of the optional lists (src/schema/kind-lists.ts). */
export type ObjectType = CoreObjectType | ListObjectType;

export type ChangeAction = 'add' | 'drop' | 'alter' | 'rename';

/**
 * - `breaking`: the application would fail or data would be lost.
 * - `warning`: a real difference that does not break the application by itself.
 * - `info`: documentation and permissions (comments, privileges, owners).
 */
export type Severity = 'breaking' | 'warning' | 'info';

/** What applying a change risks. Documented in docs/hazards.md. */
export type Hazard =
  'data-loss' | 'table-rewrite' | 'long-lock' | 'may-fail' | 'backward-incompatible' | 'not-transactional';

/** One attribute of an object whose value differs. */
export interface AttributeChange {
  /** `type`, `notNull`, `default`, `definition`, `values`, … */
  readonly attribute: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface Change {
  readonly action: ChangeAction;
  readonly objectType: ObjectType;
  /** Display path of the object: `public.asset`, `public.asset.resource_id`, `public.f(integer)`. */
  readonly path: string;
  /** The table or view the object belongs to (or is), for grouping: `public.asset`. */
  readonly table?: string;
  /** The object as it is in `from` (drop, alter, rename). */
  readonly before?: unknown;
  /** The object as it is in `to` (add, alter, rename). */
  readonly after?: unknown;
  /** For `alter`: exactly which attributes differ. */
  readonly attributes?: readonly AttributeChange[];
  readonly severity: Severity;
  readonly hazards: readonly Hazard[];
  /** Advice for a person, e.g. "possible rename of public.asset.a to b: --rename public.asset.a=b". */
  readonly hints?: readonly string[];
}

/** A change before it is classified: what the diff finds, before severity rules and hazards are applied. */
export type ChangeDraft = Omit<Change, 'severity' | 'hazards'>;

/** Counts of changes by severity. */
export interface SeverityCounts {
  readonly breaking: number;
  readonly warning: number;
  readonly info: number;
}

/** Counts changes by severity, for summaries and exit codes. */
export function countBySeverity(changes: readonly Change[]): SeverityCounts {
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const change of changes) counts[change.severity]++;
  return counts;
}
