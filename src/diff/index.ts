import type { ListName } from '../schema/kind-lists.js';
import type { Schema } from '../schema/model.js';
import type { Change, ChangeDraft, Hazard } from './change.js';
import { type DiffOptions, diffSchemas } from './diff.js';
import type { ComparedSides, Equivalence } from './equivalence.js';
import type { SeverityRules } from './severity.js';

/**
 * What a comparison takes from an engine: the optional lists its schemas have, which
 * differences are warnings, when two spellings mean the same, and what a change risks.
 */
export interface DiffRules {
  readonly model: { readonly lists: readonly ListName[]; readonly severity: SeverityRules };
  readonly equivalence: Equivalence;
  hazards(change: ChangeDraft, from: Schema, to: Schema): Hazard[];
}

/** Options of {@link diff}: what to ignore, which renames to apply, and what is known of each side. */
export type CompareOptions = Omit<DiffOptions, 'equivalence' | 'hazards' | 'lists' | 'severity'> & {
  /** The server versions (and pinned extensions) of both sides: what only the versions explain is not compared. */
  readonly sides?: ComparedSides;
};

/** The differences between two schemas, and what was not compared because the sides' server versions differ. */
export interface Comparison {
  readonly changes: Change[];
  /** One line for each thing only the server versions explain, left uncompared. */
  readonly acrossVersions: readonly string[];
  /** The schemas as compared (made alike where only the versions differ). */
  readonly from: Schema;
  readonly to: Schema;
}

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

/**
 * Compares two schemas with the dialect's equivalence rules and hazards; sides from
 * different server versions are first made alike where only the versions differ.
 */
export function compareSchemas(dialect: DiffRules, from: Schema, to: Schema, options: CompareOptions = {}): Comparison {
  const { sides, ...diffOptions } = options;
  const aligned = sides ? dialect.equivalence.acrossVersions?.(from, to, sides) : undefined;
  const compared = { from: aligned?.from ?? from, to: aligned?.to ?? to };
  const changes = diffSchemas(compared.from, compared.to, {
    ...diffOptions,
    equivalence: dialect.equivalence,
    hazards: dialect.hazards,
    lists: dialect.model.lists,
    severity: dialect.model.severity,
  });
  return { changes, acrossVersions: aligned?.notCompared ?? [], ...compared };
}

/** The differences from one schema to another, with the dialect's equivalence rules and hazards. */
export function diff(dialect: DiffRules, from: Schema, to: Schema, options: CompareOptions = {}): Change[] {
  return compareSchemas(dialect, from, to, options).changes;
}
