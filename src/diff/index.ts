import type { Dialect, PlanOptions } from '../dialects/dialect.js';
import type { Schema } from '../schema/model.js';
import type { Change, Plan } from './change.js';
import { type DiffOptions, diffSchemas } from './diff.js';

/** Options of {@link diff}: what to ignore and which renames to apply. */
export type CompareOptions = Omit<DiffOptions, 'equivalence' | 'hazards'>;

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
