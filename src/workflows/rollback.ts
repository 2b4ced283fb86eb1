/**
 * `rollback` as a workflow: the database back to an earlier schema through the safety
 * protocol, as one unit that the history records (with the migrations it undoes).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedConfig, SchemaScope } from '../config/load.js';
import type { Dialect } from '../dialects/dialect.js';
import { dialectByName } from '../dialects/index.js';
import { errorMessage } from '../errors.js';
import { diff } from '../diff/index.js';
import { migration } from '../plan/migration.js';
import { fixMigration } from '../plan/fix.js';
import { currentCommit } from '../git/repo.js';
import type { MigrationFile, MigrationFolder } from '../migrations/formats.js';
import { renderPlanSql } from '../plan/render.js';
import { renderText } from '../report/compare.js';
import { namesIn, renameNamespace } from '../schema/rename-namespace.js';
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
  type ProtocolPlan,
  ProtocolStepError,
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
  /**
   * The snapshot file `--to` names, when it names one: a backup set with the engine's data
   * backup beside it (SQLite's `.db`) is restored whole, unless `schemaOnly`.
   */
  readonly toFile?: string;
  readonly options: PlanOptions &
    ProtocolOptions & { readonly to: string; readonly schemaOnly?: boolean; readonly allowDataLoss?: boolean };
}

/**
 * The sides of a rollback of a schema-per-tenant target, read as `scope.as`, named back into the
 * tenant's schema (its objects alone, not the other objects of `scope.as` they use, such as an
 * extension's types): the statements planned from them change the tenant's objects.
 */
function inTenantSchema(
  sides: readonly [LoadedSchema, LoadedSchema],
  scope: SchemaScope,
): [LoadedSchema, LoadedSchema] {
  const only = new Set(sides.flatMap((side) => [...namesIn(side.schema, scope.as)]));
  const prefix = `${scope.as}.`;
  const named = (side: LoadedSchema): LoadedSchema => ({
    ...side,
    schema: renameNamespace(side.schema, scope.as, scope.schema, { only }),
    ...(side.tableSizes
      ? {
          tableSizes: Object.fromEntries(
            Object.entries(side.tableSizes).map(([path, size]) => [
              path.startsWith(prefix) ? `${scope.schema}.${path.slice(prefix.length)}` : path,
              size,
            ]),
          ),
        }
      : {}),
  });
  return [named(sides[0]), named(sides[1])];
}

/** The data backup beside a backup set's snapshot that the engine can restore whole, when there is one. */
function restorableBackup(dialect: Dialect, snapshotFile: string | undefined): string | undefined {
  const restore = dialect.backup.restore;
  if (!restore || !snapshotFile?.endsWith('.json')) return undefined;
  const file = restore.file(snapshotFile.slice(0, -'.json'.length));
  return existsSync(file) ? file : undefined;
}

/** Rolls the database of `request.target` back to `request.expected` through the safety protocol. */
export async function rollBack(context: WorkflowContext, request: RollbackRequest): Promise<ProtocolOutcome> {
  const { config, expected, folder, ref, target, timeouts, options } = request;
  let restoreFrom: string | undefined;
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
      restoreFrom = options.schemaOnly ? undefined : restorableBackup(dialect, request.toFile);
      if (restoreFrom) return restorePlan(dialect, live, expected, restoreFrom, options, context.cwd);
      // The report reads the way the rollback goes, each difference with what it does and its hazards.
      const [from, to] = config.scope ? inTenantSchema([live, expected], config.scope) : [live, expected];
      const forward = fixMigration(dialect, from.schema, to.schema, { sides: { from, to } });
      const reverse = migration(dialect, to.schema, from.schema, { sides: { from: to, to: from } });
      if (folder?.format === 'plain' && state) undone = await migrationsAfterSchema(folder, state, expected, config);
      const sql = renderPlanSql(
        forward.plan,
        `schemaguard ${TOOL_VERSION}: rollback of ${live.source} to ${options.to}`,
      );
      const reverseSql = renderPlanSql(reverse.plan, `schemaguard ${TOOL_VERSION}: the reverse of that rollback`);
      // Statements that set the session up around the transaction (SQLite's foreign keys off for a rebuild) keep it one.
      const { lexer } = dialect;
      const wrap = lexer.around?.(lexer.split(sql));
      const around = new Set([...(wrap?.before ?? []), ...(wrap?.after ?? [])].map((s) => s.sql.trim()));
      const transactional = forward.plan.statements.every(
        (s) => s.transactional || around.has(s.sql.trim().replace(/;$/, '')),
      );
      rollback =
        forward.changes.length === 0
          ? undefined
          : {
              version: `rollback_${stampedName(new Date(), await currentCommit(context.cwd, context.env))}`,
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
      const restore = dialectByName(session.client.dialect.name).backup.restore;
      if (restoreFrom && restore) {
        const started = performance.now();
        say(`   restoring ${relative(context.cwd, restoreFrom)}…`);
        await restore.run(session.client, restoreFrom).catch((error: unknown) => {
          throw new ProtocolStepError(`Step 5 (execute) failed: ${errorMessage(error)}`, { cause: error });
        });
        applied(`restore from ${relative(context.cwd, restoreFrom)}`, Math.round(performance.now() - started));
        return;
      }
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

/**
 * The plan of a restore: the whole database put back from the data backup, as one unit; the
 * schema differences it makes are listed, and the rows written since the backup are lost, which
 * needs --allow-data-loss whatever the schema does.
 */
function restorePlan(
  dialect: Dialect,
  live: LoadedSchema,
  expected: LoadedSchema,
  file: string,
  options: RollbackRequest['options'],
  cwd: string,
): ProtocolPlan {
  const shown = relative(cwd, file);
  if (!options.allowDataLoss && !options.dryRun) {
    throw new ProtocolStepError(
      `Step 4 (confirm): restoring ${shown} replaces every row written since that backup; nothing was applied. Rerun with --allow-data-loss when that is intended, or with --schema-only to bring back the schema alone.`,
    );
  }
  const forward = fixMigration(dialect, live.schema, expected.schema, { sides: { from: live, to: expected } });
  const report = { from: live.source, to: expected.source, changes: forward.changes, fix: true };
  const lines = [
    `Rollback of ${live.source} to ${options.to}: the whole database restored from ${shown}.`,
    '',
    forward.changes.length
      ? renderText(report, { color: false }).trimEnd()
      : 'The schema is the same; the rows go back.',
    '',
    `Every row written since that backup is lost (the backup of this run, step 2, keeps them). The history table goes back with the rest: it records what the restored database had applied. Other connections open on the database see it before or after the restore, never half of it.`,
  ];
  return {
    items: [{ label: `restore from ${shown}`, transactional: true }],
    report,
    text: `${lines.join('\n')}\n`,
    json: { restore: shown },
  };
}
