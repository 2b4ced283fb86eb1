import type { Connection } from '../dialects/dialect.js';
import type { Plan, Statement } from './plan.js';

/**
 * Runs a plan's statements on a database, in order: each run of statements that can go in
 * a transaction goes in one (all of it or none of it), each statement that cannot (such as
 * `CREATE INDEX CONCURRENTLY`) runs alone between them. On an engine whose DDL does not roll
 * back with a transaction (`capabilities.transactionalDdl`), every statement runs alone: a
 * transaction would promise an all-or-nothing it cannot keep. Statements withheld by
 * `--safe` are not run. Nothing is recorded in a history table: for migrations, write the plan to a
 * migration file and apply it with the runner or the protocol.
 */
export async function applyPlan(connection: Connection, plan: Plan): Promise<void> {
  await connection.prepareFor?.(plan.statements.map((s) => s.sql));
  let batch: Statement[] = [];
  const flush = async () => {
    const statements = batch;
    batch = [];
    if (statements.length === 0) return;
    await connection.transaction(async (inTransaction) => {
      for (const statement of statements) await inTransaction.exec(statement.sql);
    });
  };
  for (const statement of plan.statements) {
    if (statement.transactional && connection.dialect.capabilities.transactionalDdl) {
      batch.push(statement);
      continue;
    }
    await flush();
    await connection.exec(statement.sql);
  }
  await flush();
}
