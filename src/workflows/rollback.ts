/**
 * `rollback` as a workflow: the database back to an earlier schema through the safety
 * protocol, as one unit that the history records (with the migrations it undoes).
 */
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/load.js';
import { dialectByName } from '../dialects/index.js';
import { diff } from '../diff/index.js';
import { migration } from '../plan/migration.js';
import { fixMigration } from '../plan/fix.js';
import { currentCommit } from '../git/repo.js';
import type { MigrationFile, MigrationFolder } from '../migrations/formats.js';
import { renderPlanSql } from '../plan/render.js';
import { renderText } from '../report/compare.js';
import { stampedName } from '../schema/stamped.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { TOOL_VERSION } from '../version.js';
import type { WorkflowContext } from './context.js';
import {
  type DatabaseState,
  type PlanOptions,
  databaseState,
  migrationsAfterSchema,
  verificationProblems,
} from './migrate-state.js';
import {
  type ProtocolOptions,
  type ProtocolOutcome,
  type ProtocolSubject,
  type ProtocolTarget,
  type StatementTimeouts,
  describeTimeouts,
  executeWithRunner,
  runProtocol,
} from './protocol.js';

/** What `rollback` runs: where to, on which database, and how. */
export interface RollbackRequest {
  readonly config: ResolvedConfig;
  /** The schema to go back to, as `--to` names it (`options.to`). */
  readonly expected: LoadedSchema;
  /** The migration folder, when there is one: its migrations the rollback undoes are recorded. */
  readonly folder?: MigrationFolder;
  /** The database as a ref (`env:NAME` or a URL). */
  readonly ref: string;
  readonly target: ProtocolTarget;
  readonly timeouts: StatementTimeouts;
  readonly options: PlanOptions & ProtocolOptions & { readonly to: string };
}

/** Rolls the database of `request.target` back to `request.expected` through the safety protocol. */
export async function rollBack(context: WorkflowContext, request: RollbackRequest): Promise<ProtocolOutcome> {
  const { config, expected, folder, ref, target, timeouts, options } = request;
  const { reporter } = context;
  const progress = { update: reporter.progress };
  let live: LoadedSchema | undefined;
  let state: DatabaseState | undefined;
  let rollback: MigrationFile | undefined;
  let undone: MigrationFile[] = [];
  const subject: ProtocolSubject = {
    command: 'rollback',
    async preVerify(session) {
      try {
        if (!folder) {
          live = await loadSchema(ref, { config, tableSizes: true });
          return { problems: [], live };
        }
        state = await session.consistently((snapshot) =>
          databaseState(reporter, folder, ref, config, options, progress, { snapshot }),
        );
        live = state.live;
        return { problems: verificationProblems(state), live };
      } finally {
        reporter.doneProgress();
      }
    },
    async plan(session) {
      if (!live) throw new Error('plan before pre-verify');
      const dialect = dialectByName(live.dialect);
      // The report reads the way the rollback goes, each difference with what it does and its hazards.
      const forward = fixMigration(dialect, live.schema, expected.schema, { sides: { from: live, to: expected } });
      const reverse = migration(dialect, expected.schema, live.schema, { sides: { from: expected, to: live } });
      if (folder?.format === 'plain' && state) undone = await migrationsAfterSchema(folder, state, expected, config);
      const sql = renderPlanSql(
        forward.plan,
        `schemaguard ${TOOL_VERSION}: rollback of ${live.source} to ${options.to}`,
      );
      const reverseSql = renderPlanSql(reverse.plan, `schemaguard ${TOOL_VERSION}: the reverse of that rollback`);
      const transactional = forward.plan.statements.every((s) => s.transactional);
      rollback =
        forward.changes.length === 0
          ? undefined
          : {
              version: `rollback_${stampedName(new Date(), await currentCommit(context.cwd))}`,
              name: `rollback to ${options.to}`,
              path: `rollback to ${options.to}`,
              sql,
              checksum: createHash('sha256').update(sql).digest('hex'),
              transactional,
            };
      const report = { from: live.source, to: expected.source, changes: forward.changes, fix: true };
      const lines = [
        `Rollback of ${target.envName} to ${options.to} (${expected.source}):`,
        '',
        renderText(report, { color: false }).trimEnd(),
        '',
        sql.trimEnd(),
        '',
        ...(undone.length
          ? [
              `The history will record these migrations as rolled back (pending again): ${undone.map((m) => m.path).join(', ')}.`,
              '',
            ]
          : []),
        'The reverse plan, to undo this rollback:',
        '',
        reverseSql.trimEnd(),
      ];
      return {
        items: rollback ? [{ label: rollback.name, transactional }] : [],
        report,
        text: `${lines.join('\n')}\n`,
        json: { sql, reverseSql, rollsBack: undone.map((m) => m.path) },
        timeouts: describeTimeouts(
          timeouts,
          session.client.dialect.capabilities.transactionalDdl,
          session.client.dialect.migrations.timeoutSettings(session.client),
        ),
      };
    },
    async execute({ session, skippedVerification, say, applied }) {
      if (!rollback) return;
      await executeWithRunner(target, {
        session,
        migrations: [rollback],
        kind: 'rollback',
        rollsBack: undone.map((m) => m.version),
        timeouts,
        skippedVerification,
        say,
        applied,
      });
    },
    async postVerify() {
      const after = await loadSchema(ref, { config });
      const sides = { from: expected, to: after };
      const changes = diff(dialectByName(after.dialect), expected.schema, after.schema, { sides });
      return {
        problems: changes.map((c) => `${c.objectType} ${c.path} differs from ${options.to}`),
        live: after,
      };
    },
  };
  return runProtocol(context, subject, target, options);
}
