/** Sequences. */

import type { Change } from '../../../diff/change.js';
import { attributeChanged } from '../../../plan/changes.js';
import { objectKey } from '../../../schema/keys.js';
import type { SequenceDef } from '../../../schema/model.js';
import { sequenceOptionsSql, sequenceOwnershipSql } from '../ddl.js';
import { qualify } from '../quote.js';
import type { PlanState } from './state.js';

export function planSequence(p: PlanState, c: Change): void {
  const s = (c.after ?? c.before) as SequenceDef;
  const name = qualify(s.schema, s.name);
  if (c.action === 'add') return void p.created.sequences.push(s);
  if (c.action === 'drop') {
    // A sequence owned by a column goes with it: with a dropped table, or a dropped column.
    const owner = s.ownedBy;
    const ownerGone =
      owner &&
      p.changes.some(
        (x) =>
          x.action === 'drop' &&
          ((x.objectType === 'table' && x.path === `${owner.schema}.${owner.table}`) ||
            (x.objectType === 'column' && x.path === `${owner.schema}.${owner.table}.${owner.column}`)),
      );
    if (!ownerGone) p.dropLast(`DROP SEQUENCE ${name};`, c, objectKey('sequence', s.schema, s.name));
    return;
  }
  p.docs(c, `SEQUENCE ${name}`, `SEQUENCE ${name}`, 'SEQUENCE');
  const after = c.after as SequenceDef;
  if (['type', 'start', 'increment', 'min', 'max', 'cache', 'cycle'].some((a) => attributeChanged(c, a))) {
    const restart = mustRestart(c.before as SequenceDef, after);
    p.emit(
      'alter types',
      `ALTER SEQUENCE ${name} ${sequenceOptionsSql(after, true)}${after.cycle ? '' : ' NO CYCLE'}${restart ? ` RESTART WITH ${after.start}` : ''};`,
      c,
      restart ? ['may-fail'] : [],
    );
  }
  if (attributeChanged(c, 'unlogged'))
    p.emit('alter types', `ALTER SEQUENCE ${name} SET ${after.unlogged ? 'UNLOGGED' : 'LOGGED'};`, c);
  if (attributeChanged(c, 'ownedBy')) p.emit('sequence ownership', sequenceOwnershipSql(after), c);
}

/**
 * A narrower range may exclude the sequence's current value, which PostgreSQL refuses:
 * then the sequence (or identity) restarts at its new start (new values may collide with old ones).
 */
export function mustRestart(
  before: { readonly min: string; readonly max: string },
  after: { readonly min: string; readonly max: string },
): boolean {
  return BigInt(after.min) > BigInt(before.min) || BigInt(after.max) < BigInt(before.max);
}
