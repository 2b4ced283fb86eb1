/** Indexes of tables and materialized views. */

import type { Change } from '../../../diff/change.js';
import { onlyDocs } from '../../../plan/changes.js';
import type { IndexDef, TableDef } from '../../../schema/model.js';
import { createIndexSql } from '../ddl.js';
import { createIndexHazards } from '../hazards.js';
import { qualify, quoteIdent } from '../quote.js';
import type { PlanState } from './state.js';

export function planIndex(p: PlanState, c: Change): void {
  if (p.wholeTables.has(c.table ?? '') || p.wholeViews.has(c.table ?? '')) return;
  const { table, fromTable, before, after } = p.member<IndexDef>(c);
  if (c.action === 'rename') {
    const sql = `ALTER INDEX ${qualify(table.schema, (before as IndexDef).name)} RENAME TO ${quoteIdent((after as IndexDef).name)};`;
    return p.emit('renames', sql, c, c.hazards);
  }
  if (c.action === 'alter' && onlyDocs(c))
    return p.comment(`INDEX ${qualify(table.schema, (after as IndexDef).name)}`, after?.comment, c);
  const concurrently = p.options.concurrently === true;
  if (before) {
    const sql = `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${qualify(fromTable.schema, before.name)};`;
    p.steps.push('drop dependents', p.statement(sql, c, concurrently ? ['not-transactional'] : [], !concurrently));
  }
  if (after) {
    p.steps.push(
      'indexes',
      p.statement(
        createIndexSql(table.schema, table.name, after, concurrently),
        c,
        createIndexHazards(after, concurrently),
        !concurrently,
      ),
    );
    if (after.comment !== undefined) p.comment(`INDEX ${qualify(table.schema, after.name)}`, after.comment, c);
  }
}

/** Drops a table's indexes that pass the test before the change and creates them again after it. */
export function rebuildIndexes(
  p: PlanState,
  table: TableDef,
  target: TableDef,
  uses: (index: IndexDef) => boolean,
  change: Change,
): void {
  for (const index of table.indexes ?? []) {
    const next = target.indexes?.find((x) => x.name === index.name);
    if (!next || !uses(index) || !p.claimMember(target, index.name)) continue;
    p.emit('drop dependents', `DROP INDEX ${qualify(table.schema, index.name)};`, change);
    p.emit('indexes', createIndexSql(target.schema, target.name, next), change);
  }
}
