import { spawn } from 'node:child_process';
import { join, relative } from 'node:path';
import { SchemaguardError } from '../errors.js';
import type { MigrationFolder } from '../migrations/formats.js';
import { toolApplyCommand } from '../migrations/tool-command.js';
import { type CliContext, type GlobalOptions, sourceRef, wholeNumber } from './context.js';
import { sayOnce } from './version-note.js';
import {
  type DatabaseState,
  type PlanOptions,
  changedByInterrupted,
  databaseState,
  folderOf,
  pendingChanges,
  pendingMigrations,
  renderPlanReport,
  skipVerification,
  unrecordedCode,
  verificationProblems,
} from './migrate-state.js';
import { awaitsRun } from '../migrations/status.js';
import {
  type ProtocolSession,
  type ProtocolSubject,
  ProtocolStepError,
  type TimeoutFlags,
  describeTimeouts,
  executeWithRunner,
  statementTimeouts,
  protocolTarget,
  requireConfirmation,
  runProtocol,
} from './protocol.js';

/** The options of `migrate apply`. */
export interface ApplyOptions extends PlanOptions, TimeoutFlags {
  readonly yes?: boolean;
  readonly allowDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly lockTimeout: string;
}

/** Step 5 with the team's own tool: the command, its output streamed, the database URL in its environment. */
async function runExternalCommand(cli: CliContext, command: string, url: string, cwd: string): Promise<number> {
  const started = performance.now();
  const code = await new Promise<number | null>((resolve, reject) => {
    // Its output goes to stderr, so that stdout keeps only schemaguard's report.
    const child = spawn(command, {
      shell: true,
      cwd,
      env: { ...cli.env, DATABASE_URL: url, SCHEMAGUARD_DATABASE_URL: url },
      stdio: ['ignore', 2, 2],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new ProtocolStepError(
      `Step 5 (execute) failed: "${command}" exited with code ${code ?? 'unknown (killed)'}; its output is above.`,
    );
  }
  return Math.round(performance.now() - started);
}

/**
 * `migrate apply`: the pending migrations of the folder through the safety protocol,
 * run by schemaguard's runner (plain SQL folders) or the config's `migrations.command`.
 */
export async function runApply(cli: CliContext, options: ApplyOptions, globals: GlobalOptions): Promise<number> {
  if (!['text', 'json'].includes(options.format)) {
    throw new SchemaguardError(`--format takes text or json, not "${options.format}".`);
  }
  const lockWaitMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const config = await cli.loadConfig(globals);
  const timeouts = statementTimeouts(config, options);
  const folder: MigrationFolder = await folderOf(options.dir, config);
  // The configured command belongs to the configured folder.
  const command = options.dir ? undefined : config.migrations?.command;
  if (!command && folder.format !== 'plain') {
    throw new SchemaguardError(
      `schemaguard's runner applies plain SQL folders; ${cli.shown(folder.path)} is a ${folder.format} folder: set "migrations.command" in the config (e.g. "${toolApplyCommand(folder, config.root)}") to run it inside the protocol.`,
    );
  }
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options);
  const progress = cli.progressReporter('schemaguard migrate apply');
  let state: DatabaseState | undefined;
  const stateNow = async (session: ProtocolSession) => {
    const current = await session
      .consistently((snapshot) => databaseState(cli, folder, ref, config, options, progress, { snapshot }))
      .finally(() => progress.done());
    // Not drift, but said: what the shadow's and the database's versions keep from being compared.
    for (const line of current.report.acrossVersions ?? []) sayOnce(cli, `info: ${line}`);
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
      const skipped = problems.length > 0 && skipVerification(options);
      const code = unrecordedCode(state);
      return {
        items: pending.map((m) => ({ label: m.path, transactional: m.transactional })),
        report,
        text: renderPlanReport('text', { problems, skipped, pending, report, code }),
        ...(doneElsewhere ? { doneElsewhere } : {}),
        // The configured command runs in its own session, under its own timeouts.
        ...(command ? {} : { timeouts: describeTimeouts(timeouts) }),
      };
    },
    async execute({ session, skippedVerification, say, applied }) {
      if (command) {
        say(`5. running ${command}`);
        applied(command, await runExternalCommand(cli, command, target.url, config.root));
        return;
      }
      await executeWithRunner(target, {
        session,
        migrations: folder.migrations,
        timeouts,
        skippedVerification,
        say,
        applied,
      });
    },
    async postVerify(session) {
      const after = await stateNow(session);
      const unapplied = after.statuses
        .filter(awaitsRun)
        .map((s) => `migration ${join(relative(cli.cwd, folder.path), s.path ?? s.version)} is still ${s.state}`);
      return { problems: [...verificationProblems(after, options.strict), ...unapplied], live: after.live };
    },
  };
  return runProtocol(cli, subject, target, { ...options, lockWaitMs });
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
