import type { Dialect, PlanOptions } from '../dialects/dialect.js';
import type { Schema } from '../schema/model.js';
import type { Change, Plan } from './change.js';
import { type DiffOptions, diffSchemas } from './diff.js';

/** Options of {@link diff}: what to ignore and which renames to apply. */
export type CompareOptions = Omit<DiffOptions, 'equivalence' | 'hazards'>;

/**
 * The same renames read the other way (`schema.table=other.name` becomes
 * `other.name=schema.table`), for SQL planned from the second schema to the first.
 */
export function reverseRenames(renames: readonly string[]): string[] {
  return renames.map((spec) => {
    const [old = '', target = ''] = spec.split('=');
    if (target.includes('.')) return `${target}=${old}`;
    const parts = old.split('.');
    const last = parts.pop() ?? '';
    return `${[...parts, target].join('.')}=${last}`;
  });
}

/** The differences from one schema to another, with the dialect's equivalence rules and hazards. */
export function diff(dialect: Dialect, from: Schema, to: Schema, options: CompareOptions = {}): Change[] {
  return diffSchemas(from, to, { ...options, equivalence: dialect.equivalence, hazards: dialect.hazards });
}

/** The migration from one schema to another: the differences, planned as ordered statements. */
export function migration(
  dialect: Dialect,
  from: Schema,
  to: Schema,
  options: CompareOptions & PlanOptions = {},
): { changes: Change[]; plan: Plan } {
  const changes = diff(dialect, from, to, options);
  return { changes, plan: dialect.plan(changes, from, to, options) };
}
