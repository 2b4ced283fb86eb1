import type { Change, Hazard } from '../diff/change.js';
import { type HazardProse, hazardMessage } from './hazard-text.js';
import type { Statement } from './plan.js';
import { type TableSizes, sizeWords } from './table-size.js';

/**
 * The statements of a plan being built, bucketed by step. A dialect names its steps in
 * the order they run (drops of dependents before drops of objects, creations before the
 * keys, indexes and triggers on them, …); a planner adds statements to any step in any
 * order, and the plan reads them step by step, each step in the order it was filled.
 */
export class PlanSteps<S extends string> {
  private readonly buckets: Map<S, Statement[]>;

  /**
   * `prose` gives the dialect's own hazard sentences (see {@link hazardMessage}); `tableSizes`, the
   * estimated sizes of the tables of the database the plan runs on, which hazards that rewrite or
   * lock a table then say.
   */
  constructor(
    private readonly order: readonly S[],
    private readonly prose?: HazardProse,
    private readonly tableSizes?: TableSizes,
  ) {
    this.buckets = new Map(order.map((step) => [step, []]));
  }

  /**
   * A statement implementing a change, with a sentence for each of its hazards; it runs
   * outside a transaction when `transactional` is false or a hazard says so.
   */
  statement(sql: string, change?: Change, hazards: readonly Hazard[] = [], transactional = true): Statement {
    return {
      sql,
      hazards: change
        ? hazards.map((hazard) => ({
            hazard,
            message: hazardMessage(
              hazard,
              change,
              this.prose,
              sizeWords(this.tableSizes?.[change.table ?? change.path]),
            ),
          }))
        : [],
      transactional: transactional && !hazards.includes('not-transactional'),
      change: change?.path,
    };
  }

  /** Adds statements of a change at the end of a step; the first carries the hazards. */
  emit(step: S, sql: string | readonly string[], change?: Change, hazards: readonly Hazard[] = []): void {
    const sqls = typeof sql === 'string' ? [sql] : sql;
    sqls.forEach((s, i) => this.push(step, this.statement(s, change, i === 0 ? hazards : [])));
  }

  /** Adds finished statements at the end of a step. */
  push(step: S, ...statements: readonly Statement[]): void {
    this.bucket(step).push(...statements);
  }

  /** Adds finished statements at the start of a step, before those already there. */
  unshift(step: S, statements: readonly Statement[]): void {
    this.bucket(step).unshift(...statements);
  }

  /** Whether a step has no statement yet. */
  isEmpty(step: S): boolean {
    return this.bucket(step).length === 0;
  }

  /**
   * Adds the statements of a whole-schema script's phases (objects created whole, new or
   * rebuilt) to the steps that run them, phase by phase as `placement` lists them.
   */
  place<P extends string>(
    phases: Readonly<Record<P, readonly string[]>>,
    placement: readonly (readonly [P, S])[],
  ): void {
    for (const [phase, step] of placement) this.push(step, ...phases[phase].map((sql) => this.statement(sql)));
  }

  /** Every statement, step by step. */
  ordered(): Statement[] {
    return this.order.flatMap((step) => this.bucket(step));
  }

  private bucket(step: S): Statement[] {
    return this.buckets.get(step) as Statement[];
  }
}
