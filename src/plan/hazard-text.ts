import type { Change, Hazard } from '../diff/change.js';

const VERB: Record<Change['action'], string> = { add: 'adds', drop: 'drops', alter: 'changes', rename: 'renames' };

/**
 * A dialect's own sentence for a hazard of a change, where the general one would mislead;
 * `verb` is what the change does (`adds`, `drops`, `changes`, `renames`).
 */
export type HazardProse = (hazard: Hazard, change: Change, verb: string) => string | undefined;

/**
 * The sentence a plan prints above a statement for one of its hazards: the dialect's own
 * when it has one, else the general one naming the object and its table. With `tableSize`
 * (`about 12 M rows, 1.4 GB`, see ./table-size.ts), a hazard that rewrites or locks the table
 * says how big it is.
 */
export function hazardMessage(hazard: Hazard, change: Change, dialectProse?: HazardProse, tableSize?: string): string {
  const verb = VERB[change.action];
  const table = change.table ?? change.path;
  const sized = tableSize !== undefined && (hazard === 'table-rewrite' || hazard === 'long-lock');
  const own = dialectProse?.(hazard, change, verb);
  if (own !== undefined) return sized ? `${own}; table ${table} holds ${tableSize}` : own;
  const object = `${change.objectType} ${change.path}`;
  const size = sized ? ` (${tableSize})` : '';
  switch (hazard) {
    case 'data-loss':
      return `${verb} ${object}; its data is lost`;
    case 'table-rewrite':
      return `${verb} ${object}, rewriting table ${table}${size}`;
    case 'long-lock':
      return `${verb} ${object}, locking table ${table}${size} while it checks every row`;
    case 'may-fail':
      return `${verb} ${object}; fails if existing rows do not fit`;
    case 'backward-incompatible':
      return `${verb} ${object}; running code that uses it breaks`;
    case 'not-transactional':
      return `${verb} ${object}; runs outside a transaction`;
  }
}
