/**
 * The info lines of a comparison with models: what the other side has that the models
 * cannot express, listed by kind and not compared (docs/models.md).
 */
import type { NotDescribed } from '../sources/models/coverage.js';

/** What the models of one ORM could not describe, in a comparison. */
export interface NotDescribedReport {
  /** `prisma` or `drizzle`. */
  readonly orm: string;
  readonly objects: readonly NotDescribed[];
}

/** Paths listed per kind before "and N more". */
const LISTED = 8;

/** One line per kind: `functions (2): public.a(), public.b()`; the enum order line says why. */
export function notDescribedLines(report: NotDescribedReport): string[] {
  const byKind = new Map<string, string[]>();
  for (const o of report.objects) byKind.set(o.objectType, [...(byKind.get(o.objectType) ?? []), o.path]);
  return [...byKind].map(([kind, paths]) => {
    const shown = paths.slice(0, LISTED).join(', ');
    const more = paths.length > LISTED ? `, and ${paths.length - LISTED} more` : '';
    const why =
      kind === 'enum value order' ? ' (ALTER TYPE … ADD VALUE appends; the values are compared, not their order)' : '';
    return `${kind} (${paths.length}): ${shown}${more}${why}`;
  });
}

/** The heading of the list. */
export function notDescribedHeading(report: NotDescribedReport): string {
  return `Not described by the ${report.orm} models, so not compared (strict mode compares them, see docs/models.md):`;
}
