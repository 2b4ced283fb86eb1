/**
 * `migrate apply` as a workflow: the pending migrations of a folder through the safety
 * protocol, run by schemaguard's runner (plain SQL folders) or the configured command.
 */
import { join, relative } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import type { MigrationFolder } from '../migrations/formats.js';
import { awaitsRun } from '../migrations/status.js';
import { runProgram } from '../subprocess.js';
import { renderPlanReport } from '../report/migrate-plan.js';
import type { WorkflowContext } from './context.js';
import {
  type DatabaseState,
  type PlanOptions,
  changedByInterrupted,
  databaseState,
  pendingChanges,
  pendingMigrations,
  skipVerification,
  unrecordedCode,
  verificationProblems,
} from './migrate-state.js';
import {
  type ProtocolOptions,
  type ProtocolOutcome,
  type ProtocolSession,
  type ProtocolSubject,
  type ProtocolTarget,
  ProtocolStepError,
  type StatementTimeouts,
  describeTimeouts,
  executeWithRunner,
  runProtocol,
} from './protocol.js';

/** What `migrate apply` runs: the folder, the database, and how. */
export interface ApplyRequest {
  readonly config: ResolvedConfig;
  readonly folder: MigrationFolder;
  /** The database as a ref (`env:NAME` or a URL). */
  readonly ref: string;
  readonly target: ProtocolTarget;
  /** The configured `migrations.command`, when it runs step 5 instead of schemaguard's runner. */
  readonly command?: string;
  readonly timeouts: StatementTimeouts;
  readonly options: PlanOptions & ProtocolOptions;
}

/** Step 5 with the team's own tool: the command, its output streamed, the database URL in its environment. */
export async function runExternalCommand(
  context: WorkflowContext,
  command: string,
  url: string,
  cwd: string,
): Promise<number> {
  const started = performance.now();
  // Its output goes to stderr, so that stdout keeps only schemaguard's report.
  const { exitCode: code } = await runProgram(command, [], {
    shell: true,
    cwd,
    env: { ...context.env, DATABASE_URL: url, SCHEMAGUARD_DATABASE_URL: url },
    output: 'stderr',
  });
  if (code !== 0) {
    throw new ProtocolStepError(
      `Step 5 (execute) failed: "${command}" exited with code ${code ?? 'unknown (killed)'}; its output is above.`,
    );
  }
  return Math.round(performance.now() - started);
}

/** Applies the pending migrations of `request.folder` through the safety protocol. */
export async function applyPending(context: WorkflowContext, request: ApplyRequest): Promise<ProtocolOutcome> {
  const { config, folder, ref, target, command, timeouts, options } = request;
  const { reporter } = context;
  const progress = { update: reporter.progress };
  let state: DatabaseState | undefined;
  const stateNow = async (session: ProtocolSession) => {
    const current = await session
      .consistently((snapshot) => databaseState(reporter, folder, ref, config, options, progress, { snapshot }))
      .finally(() => reporter.doneProgress());
    // Not drift, but said: what the shadow's and the database's versions keep from being compared.
    for (const line of current.report.acrossVersions ?? []) reporter.noteOnce(`info: ${line}`);
    return current;
  };
  const subject: ProtocolSubject = {
    command: 'migrate apply',
    async preVerify(session) {
      state = await stateNow(session);
      const explained = await changedByInterrupted(folder, state, config);
      return { problems: verificationProblems(state, options.strict), live: state.live, explained };
    },
    async plan(session) {
      if (!state) throw new Error('plan before pre-verify');
      const pending = pendingMigrations(folder, state);
      const doneElsewhere =
        pending.length === 0 && session.waitedFor ? appliedMeanwhile(state, session.waitedFor) : undefined;
      const report = await pendingChanges(folder, state, pending, config);
      const problems = verificationProblems(state, options.strict);
      const skipped = problems.length > 0 && skipVerification(options, context.env);
      const code = unrecordedCode(state);
      return {
        items: pending.map((m) => ({ label: m.path, transactional: m.transactional })),
        report,
        text: renderPlanReport('text', { problems, skipped, pending, report, code }),
        ...(doneElsewhere ? { doneElsewhere } : {}),
        // The configured command runs in its own session, under its own timeouts.
        ...(command
          ? {}
          : {
              timeouts: describeTimeouts(
                timeouts,
                session.client.dialect.capabilities.transactionalDdl,
                session.client.dialect.migrations.timeoutSettings(session.client),
              ),
            }),
      };
    },
    async execute({ session, skippedVerification, say, applied }) {
      if (command) {
        say(`5. running ${command}`);
        applied(command, await runExternalCommand(context, command, target.url, config.root));
        return;
      }
      await executeWithRunner(target, {
        session,
        migrations: folder.migrations,
        timeouts,
        skippedVerification,
        say,
        applied,
        ...(context.signal ? { signal: context.signal } : {}),
      });
    },
    async postVerify(session) {
      const after = await stateNow(session);
      const unapplied = after.statuses
        .filter(awaitsRun)
        .map((s) => `migration ${join(relative(context.cwd, folder.path), s.path ?? s.version)} is still ${s.state}`);
      return { problems: [...verificationProblems(after, options.strict), ...unapplied], live: after.live };
    },
  };
  return runProtocol(context, subject, target, options);
}

/**
 * What the run this one waited for applied (recorded after its session connected):
 * `0002_a.sql and 0003_b.sql were applied by ana@build-7 at 2026-…Z while this run
 * waited for the lock`.
 */
function appliedMeanwhile(state: DatabaseState, waitedFor: string): string | undefined {
  const since = Date.parse(waitedFor);
  const rows = (state.history?.applied ?? []).filter(
    (a) => a.success && a.appliedAt && Date.parse(a.appliedAt) >= since,
  );
  if (rows.length === 0) return undefined;
  const names = rows.map((a) => state.statuses.find((s) => s.version === a.version)?.path ?? a.version);
  const list =
    names.length === 1
      ? names[0]
      : names.length <= 3
        ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
        : `${names.length} migrations, ${names[0]} to ${names.at(-1)},`;
  const by = [...new Set(rows.map((a) => a.appliedBy).filter(Boolean))].join(', ');
  const at = rows.at(-1)?.appliedAt;
  return `${list} ${rows.length === 1 ? 'was' : 'were'} applied${by ? ` by ${by}` : ''}${at ? ` at ${at}` : ''} while this run waited for the lock`;
}
