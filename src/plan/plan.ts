/**
 * A migration plan: the statements that turn one schema into another, in the order they
 * run, each with the hazards of running it. Planners of every engine produce one.
 */

import type { Hazard } from '../diff/change.js';
import type { TableSizes } from './table-size.js';

/** One SQL statement of a migration plan. */
export interface Statement {
  readonly sql: string;
  /** The hazards of running it, each with the object it concerns. */
  readonly hazards: readonly { readonly hazard: Hazard; readonly message: string }[];
  /** False for statements the engine cannot run inside a transaction block. */
  readonly transactional: boolean;
  /** The path of the change this statement implements (several statements may share one). */
  readonly change?: string;
  /**
   * The statement as a script file writes it, when the engine's command-line client needs more
   * than the SQL to read it as one statement (MySQL's `DELIMITER` around a stored program's
   * body); the SQL itself otherwise.
   */
  readonly script?: string;
}

/** A migration plan: ordered statements, and destructive ones held back by `--safe`. */
export interface Plan {
  readonly statements: readonly Statement[];
  /** Statements left out because they destroy data (`--safe`), for the reader to run by hand. */
  readonly withheld: readonly Statement[];
  /**
   * With `online`: why each statement that cannot run without blocking writes cannot, one
   * sentence each (MySQL: `column type on table db.t needs ALGORITHM=COPY, LOCK=SHARED: …`).
   */
  readonly offline?: readonly string[];
}

/** How a plan is written. */
export interface PlanOptions {
  /** Build and drop indexes of existing tables without blocking writes, outside the transaction. */
  readonly concurrently?: boolean;
  /** Leave out statements that destroy data; list them at the end instead. */
  readonly safe?: boolean;
  /**
   * Write each `ALTER TABLE` with the algorithm and lock that keep the table online, so that
   * the server refuses, rather than silently copies, what it cannot do that way (MySQL).
   */
  readonly online?: boolean;
  /**
   * The version of the server the plan runs on, as recorded (`10.11.19-MariaDB`, `8.0.36`):
   * the `from` side's, else the `to` side's; undefined when neither side knows.
   */
  readonly serverVersion?: string;
  /**
   * The sizes of the tables of the database the plan runs on, from its server's statistics, when
   * the `from` side was read from that database: the hazards of statements that copy, rebuild or
   * lock a table then say how big it is. Undefined for a side read from a file or built elsewhere.
   */
  readonly tableSizes?: TableSizes;
}

/**
 * The plan of some ordered statements: all of them, or with `safe` those that lose data
 * (a `data-loss` hazard) moved to `withheld`, in the same order.
 */
export function withholdDestructive(statements: readonly Statement[], safe: boolean | undefined): Plan {
  if (!safe) return { statements, withheld: [] };
  const destructive = (s: Statement) => s.hazards.some((h) => h.hazard === 'data-loss');
  return { statements: statements.filter((s) => !destructive(s)), withheld: statements.filter(destructive) };
}
