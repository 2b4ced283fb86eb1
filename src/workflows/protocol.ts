/**
 * The safety protocol of `migrate apply` and `rollback` (the seeds' safe_migration.sh):
 * 1. pre-verify, 2. back up, 3. show the plan, 4. confirm, 5. execute, 6. post-verify,
 * 7. system checks, 8. the environment's snapshot and a summary. The run stops at the
 * first step that fails and says which; the report says what each step did.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pid } from 'node:process';
import { checkAssertions } from '../checks/assertions.js';
import { runChecks } from '../checks/run.js';
import { type ResolvedConfig, environmentUrl } from '../config/load.js';
import type { Connection, TimeoutSettingNames } from '../dialects/dialect.js';
import { dialectByName, dialectForUrl } from '../dialects/index.js';
import type { Change } from '../diff/change.js';
import { diff } from '../diff/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { currentCommit } from '../git/repo.js';
import type { MigrationFile } from '../migrations/formats.js';
import { DEFAULT_LOCK_WAIT_MS, takeMigrationLock } from '../migrations/lock.js';
import {
  DEFAULT_TIMEOUTS,
  MigrationFailedError,
  RunInterruptedError,
  applyMigrations,
  runnerHistoryTable,
  runsInTransaction,
} from '../migrations/runner.js';
import { type CompareReport, jsonDifference } from '../report/compare.js';
import { createSnapshot, snapshotPieces, writeFileAtomic } from '../schema/snapshot.js';
import { stampedName } from '../schema/stamped.js';
import { ShadowStepError } from '../shadow/shadow.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { processRunning } from '../process-running.js';
import { redactUrl } from '../redact.js';
import { historyTableName } from '../migrations/tool-tables.js';
import { parseRef } from '../sources/ref.js';
import { TOOL_VERSION } from '../version.js';
import { type Prompter, type WorkflowContext, shownPath } from './context.js';
import type { SourceOptions } from './source-options.js';
import { hazardCounts } from '../report/migrate-plan.js';
import { openDatabase, skipVerification } from './migrate-state.js';

/** How a protocol run was asked for. */
export interface ProtocolOptions {
  readonly yes?: boolean;
  readonly allowDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly skipVerification?: boolean;
  /** `text` (steps on stderr, plan and summary on stdout) or `json` (the whole report on stdout). */
  readonly format: string;
  /** How long to wait for another run's migration lock (default 60 s). */
  readonly lockWaitMs?: number;
}

/**
 * The session a protocol run holds the migration lock on, from before step 1 until the
 * end: no other run reads or changes the database's migrations in between.
 */
export interface ProtocolSession {
  readonly client: Connection;
  /** When the session whose run this one waited for connected (ISO 8601); undefined when the lock was free. */
  readonly waitedFor?: string;
  /**
   * Runs reads that must see one moment of the database: on a server, inside a snapshot
   * this session exports (`read` gets its id to import); an embedded database, which
   * this process alone has open, needs none.
   */
  consistently<T>(read: (snapshot: string | undefined) => Promise<T>): Promise<T>;
}

/** The database a protocol run changes. */
export interface ProtocolTarget {
  /** The environment's name, or `database` for `--db`. */
  readonly envName: string;
  readonly config: ResolvedConfig;
  /**
   * Opens the database, for the migration lock, the data backup and the SQL checks;
   * `waitMs`: how long to wait for an embedded database another process has open.
   */
  readonly open: (options?: { readonly waitMs?: number }) => Promise<Connection>;
  /** The database URL, for the data backup; its password never reaches a command line. */
  readonly url: string;
  /** How the user names this database on the command line (`--env production`), for the commands suggested. */
  readonly selector: string;
}

/** What a step found wrong: one line each. */
export interface Verification {
  readonly problems: readonly string[];
  /** The live schema as the step read it. */
  readonly live: LoadedSchema;
  /**
   * Differences from the environment's snapshot that are explained: the objects of a
   * migration a run left partially applied, which the snapshot (written after the last
   * complete run) cannot have.
   */
  readonly explained?: (change: Change) => boolean;
}

/** What a run will do, from step 3. */
export interface ProtocolPlan {
  /** The units that run in step 5 (migration files, or the rollback), in order; none: nothing to do. */
  readonly items: readonly { readonly label: string; readonly transactional: boolean }[];
  /** With no items: why, when another run did the work (e.g. while this one waited for the lock). */
  readonly doneElsewhere?: string;
  /** The timeouts the statements run under, as the plan states them. */
  readonly timeouts?: string;
  /** The schema difference they make. */
  readonly report: CompareReport;
  /** The plan as the text report shows it. */
  readonly text: string;
  /** More for the JSON report (e.g. a rollback's SQL and its reverse). */
  readonly json?: Record<string, unknown>;
}

/** One kind of run through the protocol: the pending migrations of a folder, or a rollback. */
export interface ProtocolSubject {
  readonly command: 'migrate apply' | 'rollback';
  /** Step 1: what is wrong before anything runs, read under the run's lock. */
  preVerify(session: ProtocolSession): Promise<Verification>;
  /** Step 3: what will run and change. */
  plan(session: ProtocolSession): Promise<ProtocolPlan>;
  /**
   * Step 5: runs the plan, telling `applied` of each unit as it completes (so that the
   * report lists them even when a later one fails). Throws {@link ProtocolStepError} on failure.
   */
  execute(context: {
    readonly session: ProtocolSession;
    readonly skippedVerification: boolean;
    readonly say: (line: string) => void;
    readonly applied: (label: string, ms: number) => void;
  }): Promise<void>;
  /** Step 6: what is wrong after the run. */
  postVerify(session: ProtocolSession): Promise<Verification>;
}

/** A step that stopped the run: exit code 1, the step named in the message. */
export class ProtocolStepError extends SchemaguardError {}

type StepName = 'pre-verify' | 'backup' | 'plan' | 'confirm' | 'execute' | 'post-verify' | 'system checks' | 'snapshot';

/** One step's outcome, in the report. */
interface StepOutcome {
  readonly step: number;
  readonly name: StepName;
  readonly result: 'passed' | 'failed' | 'skipped';
  readonly detail?: string;
}

/** A check's outcome in the report: schema assertions, SQL and command checks alike. */
interface CheckOutcome {
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
}

/** Where step 2 wrote the backup. */
interface BackupFiles {
  readonly snapshot: string;
  readonly sql: string;
  /** The full backup (pg_dump's custom format, or an embedded database's data directory tarball). */
  readonly data?: string;
}

/** The whole report of a run: what `--format json` prints. */
export interface ProtocolReport {
  command: ProtocolSubject['command'];
  environment: string;
  database?: string;
  result: 'applied' | 'nothing to do' | 'dry run' | 'failed';
  /** With nothing to do: the other run that did the work. */
  doneElsewhere?: string;
  steps: StepOutcome[];
  verification?: { result: 'passed' | 'failed' | 'SKIPPED'; problems: readonly string[] };
  plan?: Record<string, unknown>;
  backup?: BackupFiles;
  executed: { label: string; ms: number }[];
  postVerification?: { result: 'passed' | 'failed'; problems: readonly string[] };
  checks: CheckOutcome[];
  snapshot?: string;
  error?: string;
  ms: number;
}

/** The database of a run, from `--env NAME` or `--db URL` (as a ref). */
export function protocolTarget(ref: string, config: ResolvedConfig, options: SourceOptions): ProtocolTarget {
  const parsed = parseRef(ref);
  if (parsed.kind !== 'environment' && parsed.kind !== 'database') {
    throw new SchemaguardError(`This command changes a database: --db URL or --env NAME, not ${ref}.`);
  }
  const environment = parsed.kind === 'environment';
  const url = environment ? environmentUrl(config, parsed.name) : parsed.url;
  return {
    envName: environment ? parsed.name : 'database',
    config,
    url,
    selector: environment ? `--env ${parsed.name}` : `--db "${redactUrl(url)}"`,
    open: (open) =>
      openDatabase(
        ref,
        config,
        open?.waitMs !== undefined && dialectForUrl(url)?.refs.isEmbedded(url)
          ? { ...options, connectTimeout: String(open.waitMs / 1000) }
          : options,
      ),
  };
}

/**
 * Runs `work` on a session that holds the migration lock (waiting up to 60 s for a run in
 * progress): for the commands that change the history outside a protocol run (`migrate repair`).
 */
export async function underMigrationLock<T>(
  context: WorkflowContext,
  target: ProtocolTarget,
  work: (client: Connection) => Promise<T>,
): Promise<T> {
  const session = await openSession(target, DEFAULT_LOCK_WAIT_MS, context.reporter.info);
  try {
    return await work(session.client);
  } finally {
    await session.close();
  }
}

/**
 * Opens the session of a run and takes the migration lock on it, before anything is
 * read: a run that had to wait then reads what the other run left, not what it was doing.
 */
async function openSession(
  target: ProtocolTarget,
  waitMs: number,
  say: (line: string) => void,
): Promise<ProtocolSession & { close(): Promise<void> }> {
  const client = await target.open({ waitMs });
  try {
    const table = runnerHistoryTable(client, historyTableOf(target.config));
    const lock = await takeMigrationLock(client, table, {
      timeoutMs: waitMs,
      onWait: (holder) => say(`   waiting for the migration lock, held by ${holder}…`),
    });
    return {
      client,
      ...(lock.waitedFor ? { waitedFor: lock.waitedFor } : {}),
      consistently: (read) => client.readConsistently(read),
      async close() {
        await lock.release();
        await client.close();
      },
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}

/** How an environment's runs are confirmed: `type-name` by default for one named production. */
function confirmSetting(target: ProtocolTarget): boolean | 'type-name' {
  return target.config.environments[target.envName]?.confirm ?? (target.envName === 'production' ? 'type-name' : true);
}

/**
 * Refuses, before anything else, a run that would have to ask without a terminal to ask
 * on: without `--yes`, nothing may be applied (exit code 2).
 */
export function requireConfirmation(
  target: ProtocolTarget,
  options: { readonly yes?: boolean; readonly dryRun?: boolean },
  prompter: Prompter,
): void {
  if (options.yes || options.dryRun || confirmSetting(target) === false || prompter.interactive) return;
  throw new SchemaguardError(
    `There is no terminal to confirm on: pass --yes to change ${target.envName} without asking.`,
  );
}

/** Step 1's second half: the environment's committed snapshot against the live database. */
async function environmentSnapshotProblems(
  context: WorkflowContext,
  target: ProtocolTarget,
  live: LoadedSchema,
  explained: (change: Change) => boolean = () => false,
): Promise<string[]> {
  const path = target.config.environments[target.envName]?.snapshot;
  if (!path || !existsSync(path)) return [];
  const expected = await loadSchema(path, { config: target.config });
  const changes = diff(dialectByName(live.dialect), expected.schema, live.schema, {
    sides: { from: expected, to: live },
  });
  return changes
    .filter((c) => !explained(c))
    .map(
      (c) =>
        `${shownPath(context.cwd, path)}: ${c.objectType} ${c.path} ${c.action === 'add' ? 'is new' : c.action === 'drop' ? 'is gone' : 'differs'} in the database`,
    );
}

/** The marker of a backup set being written: `<base>.partial`, holding the writer's pid. */
const PARTIAL = '.partial';

/**
 * Removes what killed runs left of their backup sets: the files of a set without its
 * `.json` (the file `rollback --to` takes, written last) whose writer is gone, and the
 * temporary files (`.<stem>.sql.<pid>.….tmp`) it was writing.
 */
async function removeAbandonedBackups(folder: string): Promise<void> {
  const names = await readdir(folder);
  for (const marker of names.filter((name) => name.endsWith(PARTIAL))) {
    const stem = marker.slice(0, -PARTIAL.length);
    const pid = Number.parseInt(await readFile(join(folder, marker), 'utf8').catch(() => ''), 10);
    if (Number.isInteger(pid) && processRunning(pid)) continue;
    const complete = names.includes(`${stem}.json`);
    const left = names.filter(
      (name) => name.startsWith(`.${stem}.`) || (!complete && name.startsWith(`${stem}.`) && name !== marker),
    );
    await Promise.all(left.map((name) => rm(join(folder, name), { force: true })));
    await rm(join(folder, marker), { force: true });
  }
}

/** Reserves the base name of a new backup set: `<stem>`, else `<stem>-2`, … (two runs in one second). */
async function reserveBackupBase(folder: string, stem: string): Promise<string> {
  for (let sequence = 1; ; sequence++) {
    const base = join(folder, `${stem}${sequence === 1 ? '' : `-${sequence}`}`);
    if (existsSync(`${base}.json`)) continue;
    try {
      await writeFile(`${base}${PARTIAL}`, `${pid}\n`, { flag: 'wx' });
      return base;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Step 2: the live schema as a snapshot and as SQL, and with `backup.data` the data too.
 * The snapshot, the file `rollback --to` takes, is written last: a run killed during the
 * backup leaves no set that looks complete (and the next backup removes what it left).
 */
async function writeBackup(
  target: ProtocolTarget,
  live: LoadedSchema,
  say: (line: string) => void,
): Promise<BackupFiles> {
  const commit = await currentCommit(target.config.cwd, target.config.env);
  const folder = join(target.config.backupDir, target.envName);
  const written: string[] = [];
  try {
    await mkdir(folder, { recursive: true });
    await removeAbandonedBackups(folder);
    const snapshot = createSnapshot(live.dialect, live.schema, {
      serverVersion: live.serverVersion,
      source: live.source,
      baseline: false,
      gitCommit: commit,
    });
    const sql = dialectByName(live.dialect).toSql(live.schema, {
      header: `schemaguard ${TOOL_VERSION}: backup of ${live.source} before a change`,
    });
    const base = await reserveBackupBase(folder, stampedName(new Date(), commit));
    written.push(`${base}${PARTIAL}`);
    written.push(`${base}.sql`);
    await writeFileAtomic(`${base}.sql`, sql);
    const data = target.config.backupData ? await backupData(target, base, say) : undefined;
    if (data) written.push(data);
    written.push(`${base}.json`);
    await writeFileAtomic(`${base}.json`, snapshotPieces(snapshot));
    await rm(`${base}${PARTIAL}`, { force: true });
    return { snapshot: `${base}.json`, sql: `${base}.sql`, ...(data ? { data } : {}) };
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw new ProtocolStepError(`Step 2 (backup) failed, nothing was applied: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** The data backup, as the engine takes it (a server's dump, an embedded database's data directory). */
async function backupData(
  target: ProtocolTarget,
  base: string,
  say: (line: string) => void,
): Promise<string | undefined> {
  const dialect = dialectForUrl(target.url);
  if (!dialect) throw new SchemaguardError(`No dialect reads ${redactUrl(target.url)}.`);
  const result = await dialect.backup.data(target.url, base, () => target.open(), target.config.scope?.schema);
  if (result.warning) say(result.warning);
  return result.path;
}

/** Step 4's refusal that needs no answer, made before a backup is written for nothing. */
function checkDataLoss(changes: readonly Change[], options: ProtocolOptions): void {
  const losses = changes.filter((c) => c.hazards.includes('data-loss'));
  if (losses.length > 0 && !options.allowDataLoss) {
    throw new ProtocolStepError(
      `Step 4 (confirm): the plan loses data (${losses.map((c) => `${c.objectType} ${c.path}`).join(', ')}); nothing was applied. Rerun with --allow-data-loss when that is intended.`,
    );
  }
}

/**
 * Asks the prompter whether to `what` (e.g. "apply these migrations") to the target: y/N,
 * or the environment's name for `confirm: 'type-name'`; an input that ends is a no. True
 * without asking when `--yes` was given or the environment is `confirm: false`;
 * {@link requireConfirmation} has made sure there is someone to ask otherwise.
 */
export async function confirmed(
  target: ProtocolTarget,
  options: { readonly yes?: boolean },
  what: string,
  prompter: Prompter,
): Promise<boolean> {
  const setting = confirmSetting(target);
  if (options.yes || setting === false) return true;
  const question =
    setting === 'type-name'
      ? `Type the name of the environment (${target.envName}) to ${what}: `
      : `${what[0]?.toUpperCase()}${what.slice(1)} on ${target.envName}? [y/N] `;
  const answer = (await prompter.ask(question)) ?? '';
  return setting === 'type-name' ? answer === target.envName : /^y(es)?$/i.test(answer);
}

/** Step 7: the config's schema assertions on the live schema, then its SQL and command checks. */
async function systemChecks(target: ProtocolTarget, live: LoadedSchema): Promise<CheckOutcome[]> {
  const { config } = target;
  const outcomes: CheckOutcome[] = checkAssertions(
    live.schema,
    config.assertions,
    dialectByName(live.dialect).capabilities.schemas,
  ).map((a) => ({
    name: a.name,
    passed: a.passed,
    message: a.message,
  }));
  if (config.checks.length === 0) return outcomes;
  const needsClient = config.checks.some((check) => 'sql' in check);
  const client = needsClient ? await target.open() : undefined;
  try {
    const results = await runChecks(config.checks, { client, cwd: config.root, env: config.env });
    return [...outcomes, ...results.map((r) => ({ name: r.name, passed: r.passed, message: r.message }))];
  } finally {
    await client?.close();
  }
}

/** Step 8: the environment's snapshot file, rewritten from the database as it now is; undefined when none is configured. */
export async function writeEnvironmentSnapshot(
  target: ProtocolTarget,
  live: LoadedSchema,
): Promise<string | undefined> {
  const path = target.config.environments[target.envName]?.snapshot;
  if (!path) return undefined;
  const snapshot = createSnapshot(live.dialect, live.schema, {
    serverVersion: live.serverVersion,
    source: live.source,
    baseline: false,
    gitCommit: await currentCommit(target.config.cwd, target.config.env),
  });
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, snapshotPieces(snapshot));
  return path;
}

/**
 * What the plan says before confirmation on an engine whose DDL cannot be rolled back
 * (`capabilities.transactionalDdl` false); undefined on one whose DDL can.
 */
function irreversibleDdlNote(client: Connection): string | undefined {
  const { capabilities, title } = client.dialect;
  if (capabilities.transactionalDdl) return undefined;
  return `WARNING: ${title} DDL cannot be rolled back: each statement commits as it runs, so a statement that fails leaves the statements before it applied. schemaguard records each statement as it completes, and a failed run says which stayed applied and where the next run continues.`;
}

/** How a protocol run ended: its exit code (0 done or nothing to do, 1 a step failed) and its report. */
export interface ProtocolOutcome {
  readonly code: 0 | 1;
  readonly report: ProtocolReport;
}

/**
 * Runs a subject through the protocol, telling the reporter each step (and showing the
 * plan unless the report is wanted as JSON), and resolves to the outcome. Errors that mean
 * it could not run at all (a bad URL, an unreachable server) are thrown for exit code 2.
 */
/**
 * Refuses an in-memory database (`sqlite:memory`, `pglite:memory`: an embedded ref without a
 * file or folder): each open of one is a new, empty database, so what the run applied would be
 * gone before post-verification read it.
 */
function refuseInMemoryDatabase(url: string, command: string): void {
  const dialect = dialectForUrl(url);
  if (!dialect?.refs.isEmbedded(url) || !dialect.refs.folders || dialect.refs.folders.folder(url) !== undefined) return;
  throw new SchemaguardError(
    `${url} is a new, empty in-memory database each time it is opened: ${command} needs a database that lasts (a file such as ${dialect.refs.folders.example}, or a server).`,
  );
}

export async function runProtocol(
  context: WorkflowContext,
  subject: ProtocolSubject,
  target: ProtocolTarget,
  options: ProtocolOptions,
): Promise<ProtocolOutcome> {
  const started = performance.now();
  const json = options.format === 'json';
  const say = context.reporter.info;
  const report: ProtocolReport = {
    command: subject.command,
    environment: target.envName,
    result: 'failed',
    steps: [],
    executed: [],
    checks: [],
    ms: 0,
  };
  const step = (n: number, name: StepName, result: StepOutcome['result'], detail?: string) => {
    report.steps.push({ step: n, name, result, ...(detail ? { detail } : {}) });
    say(`${n}. ${name}: ${result}${detail ? ` (${detail})` : ''}`);
  };
  const finish = (code: 0 | 1): ProtocolOutcome => {
    report.ms = Math.round(performance.now() - started);
    return { code, report };
  };
  refuseInMemoryDatabase(target.url, subject.command);
  // The lock before anything is read; a wait that times out could not run at all (exit code 2).
  const session = await openSession(target, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, say);
  try {
    // 1. Pre-verify: the subject's checks and the environment's snapshot.
    const before = await subject.preVerify(session);
    report.database = before.live.source;
    const problems = [
      ...before.problems,
      ...(await environmentSnapshotProblems(context, target, before.live, before.explained)),
    ];
    const skipped = skipVerification(options, context.env) && problems.length > 0;
    report.verification = { result: problems.length === 0 ? 'passed' : skipped ? 'SKIPPED' : 'failed', problems };
    if (problems.length > 0 && !skipped) {
      step(1, 'pre-verify', 'failed');
      throw new ProtocolStepError(
        `Step 1 (pre-verify) failed, nothing was applied:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}\nRun "schemaguard migrate status" for the details. When the history records migrations whose changes are not in the database, "schemaguard migrate repair" marks them as not applied; --skip-verification goes ahead anyway (emergencies only).`,
      );
    }
    if (skipped) {
      say(
        `WARNING: verification SKIPPED (--skip-verification or SCHEMAGUARD_SKIP_VERIFICATION): ${problems.length} problems ignored; the skip is recorded in the history and the report.`,
      );
      step(1, 'pre-verify', 'skipped', `${problems.length} problems ignored`);
    } else step(1, 'pre-verify', 'passed');
    // 3. The plan, computed before the backup so that refusals come before any file is written.
    let plan: ProtocolPlan;
    try {
      plan = await subject.plan(session);
    } catch (error) {
      if (error instanceof ShadowStepError) {
        throw new ProtocolStepError(`Step 3 (plan) failed, nothing was applied: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const irreversible = irreversibleDdlNote(session.client);
    report.plan = {
      items: plan.items,
      changes: plan.report.changes.map(jsonDifference),
      hazards: hazardCounts(plan.report.changes),
      ...(plan.timeouts ? { timeouts: plan.timeouts } : {}),
      ...(irreversible ? { irreversibleDdl: irreversible } : {}),
      ...plan.json,
    };
    if (plan.items.length === 0) {
      say(`Nothing to do: ${plan.doneElsewhere ?? 'the database is already there'}.`);
      report.result = 'nothing to do';
      if (plan.doneElsewhere) report.doneElsewhere = plan.doneElsewhere;
      return finish(0);
    }
    if (!options.dryRun) checkDataLoss(plan.report.changes, options);
    // 2. Backup, before anything changes (a dry run writes nothing).
    if (options.dryRun) step(2, 'backup', 'skipped', 'dry run');
    else {
      report.backup = await writeBackup(target, before.live, say);
      const { snapshot, data } = report.backup;
      step(
        2,
        'backup',
        'passed',
        `${shownPath(context.cwd, snapshot)}, .sql${data ? `, ${shownPath(context.cwd, data)}` : ''}`,
      );
    }
    if (!json) {
      const notes = [plan.timeouts, irreversible].filter((note): note is string => note !== undefined);
      context.reporter.show(notes.length ? `${plan.text}\n${notes.join('\n')}\n` : plan.text);
    }
    step(3, 'plan', 'passed', `${plan.items.length} to run; hazards: ${hazardCounts(plan.report.changes)}`);
    if (options.dryRun) {
      say('Dry run: stopped after the plan; nothing was written or applied.');
      report.result = 'dry run';
      return finish(0);
    }
    // 4. Confirm.
    if (
      !(await confirmed(
        target,
        options,
        subject.command === 'rollback' ? 'apply this rollback' : 'apply these migrations',
        context.prompter,
      ))
    ) {
      throw new ProtocolStepError('Step 4 (confirm): not confirmed, nothing was applied.');
    }
    step(4, 'confirm', 'passed', options.yes ? '--yes' : undefined);
    if (context.signal?.aborted) {
      throw new ProtocolStepError('Step 5 (execute): the run was interrupted before it; nothing was applied.');
    }
    // 5. Execute.
    await subject.execute({
      session,
      skippedVerification: skipped,
      say,
      applied: (label, ms) => report.executed.push({ label, ms }),
    });
    step(5, 'execute', 'passed', `${report.executed.length} run`);
    // 6. Post-verify.
    const after = await subject.postVerify(session);
    report.postVerification = { result: after.problems.length === 0 ? 'passed' : 'failed', problems: after.problems };
    if (after.problems.length > 0) {
      step(6, 'post-verify', 'failed');
      throw new ProtocolStepError(
        `Step 6 (post-verify) failed: the run completed, but the database is not as it should be:\n${after.problems.map((p) => `  ✗ ${p}`).join('\n')}`,
      );
    }
    step(6, 'post-verify', 'passed');
    // 8 comes before 7 in time: the snapshot records the schema, which post-verification
    // has just confirmed, whatever the system checks then say.
    const snapshot = await writeEnvironmentSnapshot(target, after.live);
    if (snapshot) report.snapshot = snapshot;
    // 7. System checks.
    report.checks = await systemChecks(target, after.live);
    for (const check of report.checks) say(`   ${check.passed ? '✓' : '✗'} ${check.name}: ${check.message}`);
    const failing = report.checks.filter((c) => !c.passed);
    if (failing.length > 0) {
      step(7, 'system checks', 'failed', `${failing.length} of ${report.checks.length} failed`);
      throw new ProtocolStepError(
        `Step 7 (system checks) failed: ${failing.map((c) => `${c.name}: ${c.message}`).join('; ')}.`,
      );
    }
    step(
      7,
      'system checks',
      report.checks.length ? 'passed' : 'skipped',
      report.checks.length ? `${report.checks.length} passed` : 'none configured',
    );
    step(
      8,
      'snapshot',
      snapshot ? 'passed' : 'skipped',
      snapshot ? shownPath(context.cwd, snapshot) : 'no snapshot file configured',
    );
    report.result = 'applied';
    return finish(0);
  } catch (error) {
    if (!(error instanceof ProtocolStepError)) throw error;
    // A step's error may quote a server's or pg_dump's message: no URL's password goes out with it.
    report.error = redactUrl(error.message);
    say(report.error);
    return finish(1);
  } finally {
    await session.close();
  }
}

/** What step 5 runs with schemaguard's runner: migration files, or a rollback as one unit. */
interface RunnerRun {
  readonly session: ProtocolSession;
  readonly migrations: readonly MigrationFile[];
  readonly kind?: 'migration' | 'rollback';
  /** For a rollback: the versions of the migrations it undoes. */
  readonly rollsBack?: readonly string[];
  readonly timeouts: StatementTimeouts;
  readonly skippedVerification: boolean;
  readonly say: (line: string) => void;
  readonly applied: (label: string, ms: number) => void;
  /** Once aborted, no further migration starts. */
  readonly signal?: AbortSignal;
}

/**
 * The runner's history table: `schema.table` or `table` as the config's `migrations.table` names
 * it, in `public` unless it names a schema, or for a schema-per-tenant target (`config.scope`)
 * in the tenant's schema. Its name is the migration lock's too: each tenant has its own.
 */
function historyTableOf(config: ResolvedConfig): { historySchema?: string; historyTable?: string } {
  const name = config.migrations?.table;
  const scoped = config.scope ? { historySchema: config.scope.schema } : {};
  if (!name) return scoped;
  const { schema, table } = historyTableName(name);
  return { ...(schema === undefined ? scoped : { historySchema: schema }), historyTable: table };
}

/** The timeouts the statements of a run go by (milliseconds; 0: none). */
export interface StatementTimeouts {
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly lockRetries: number;
}

/** The timeout flags of the protocol commands, as commander gives them. */
export interface TimeoutFlags {
  readonly statementLockTimeout?: string;
  readonly statementTimeout?: string;
  readonly lockRetries?: string;
}

function nonNegative(value: string, flag: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    throw new SchemaguardError(`${flag} takes a number of seconds (0 for none), not "${value}".`);
  }
  return number;
}

/** The statement timeouts of a run: the command line's, else the config's, else the defaults. */
export function statementTimeouts(config: ResolvedConfig, flags: TimeoutFlags): StatementTimeouts {
  const seconds = (flag: string | undefined, name: string, configured: number | undefined, fallbackMs: number) =>
    flag !== undefined ? nonNegative(flag, name) * 1000 : configured !== undefined ? configured * 1000 : fallbackMs;
  const retries = flags.lockRetries === undefined ? undefined : nonNegative(flags.lockRetries, '--lock-retries');
  if (retries !== undefined && !Number.isInteger(retries)) {
    throw new SchemaguardError(`--lock-retries takes a whole number, not "${flags.lockRetries}".`);
  }
  const migrations = config.migrations;
  return {
    lockTimeoutMs: seconds(
      flags.statementLockTimeout,
      '--statement-lock-timeout',
      migrations?.lockTimeout,
      DEFAULT_TIMEOUTS.lockTimeoutMs,
    ),
    statementTimeoutMs: seconds(
      flags.statementTimeout,
      '--statement-timeout',
      migrations?.statementTimeout,
      DEFAULT_TIMEOUTS.statementTimeoutMs,
    ),
    lockRetries: retries ?? migrations?.lockRetries ?? DEFAULT_TIMEOUTS.lockRetries,
  };
}

function duration(ms: number): string {
  if (ms === 0) return 'no limit';
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** PostgreSQL's settings, the names a plan says when no connection tells others. */
const POSTGRES_TIMEOUT_SETTINGS: TimeoutSettingNames = { lock: 'lock_timeout', statement: 'statement_timeout' };

/**
 * The plan's line on timeouts: what each statement of the run may wait and take, with the
 * server's names of the settings. Where DDL cannot be rolled back (`transactionalDdl` false),
 * a retry continues from the statement that timed out rather than rerunning a rolled-back migration.
 */
export function describeTimeouts(
  timeouts: StatementTimeouts,
  transactionalDdl = true,
  settings: TimeoutSettingNames = POSTGRES_TIMEOUT_SETTINGS,
): string {
  const retry = transactionalDdl
    ? 'is rolled back and tried again'
    : 'is tried again from the statement that timed out';
  const retries =
    timeouts.lockRetries === 0
      ? 'a migration that times out waiting fails'
      : `a migration that times out waiting ${retry}, up to ${timeouts.lockRetries} times`;
  const wait =
    settings.lock === undefined
      ? 'waits for a lock as long as the server makes it (it has no lock timeout to set)'
      : `waits ${timeouts.lockTimeoutMs === 0 ? 'without limit' : `at most ${duration(timeouts.lockTimeoutMs)}`} for a lock (${settings.lock}; ${retries})`;
  return `Timeouts: each statement ${wait} and ${settings.statement === undefined ? 'runs without a time limit (this engine has no statement timeout)' : `runs ${timeouts.statementTimeoutMs === 0 ? 'without limit' : `at most ${duration(timeouts.statementTimeoutMs)}`} (${settings.statement})`}.`;
}

/**
 * Step 5 with schemaguard's runner, on the session that holds the migration lock: the
 * history table from the config, the run's timeouts, progress on stderr, each migration
 * reported to `run.applied` as it completes, a failed migration as the step's failure.
 */
export async function executeWithRunner(target: ProtocolTarget, run: RunnerRun): Promise<void> {
  try {
    await applyMigrations(run.session.client, run.migrations, {
      ...historyTableOf(target.config),
      kind: run.kind,
      rollsBack: run.rollsBack,
      statementLockTimeoutMs: run.timeouts.lockTimeoutMs,
      statementTimeoutMs: run.timeouts.statementTimeoutMs,
      lockRetries: run.timeouts.lockRetries,
      ...(target.config.migrations?.sessionSql ? { sessionSql: target.config.migrations.sessionSql } : {}),
      gitCommit: await currentCommit(target.config.cwd, target.config.env),
      skippedVerification: run.skippedVerification,
      ...(run.signal ? { signal: run.signal } : {}),
      onEvent: (event) => {
        if (event.kind === 'lock-retry') {
          run.say(
            `   ${event.migration.path}: ${event.reason}; ${runsInTransaction(run.session.client, event.migration) ? 'rolled back' : 'gave up'}, trying again in ${event.waitMs / 1000} s (${event.attempt} of ${event.of})…`,
          );
        }
        if (event.kind === 'start') {
          const from = event.resuming ? ` from statement ${event.resumeAt + 1} (continuing)` : '';
          run.say(`   applying ${event.migration.path}${from}…`);
        }
        if (event.kind === 'hazard') run.say(`   hazard: ${event.message}`);
        if (event.kind === 'recovered') run.say(`   ${event.message}`);
        if (event.kind === 'done') {
          run.say(`   applied ${event.migration.path} (${event.ms} ms)`);
          run.applied(event.migration.path, event.ms);
        }
      },
    });
  } catch (error) {
    if (error instanceof MigrationFailedError || error instanceof RunInterruptedError) {
      throw new ProtocolStepError(`Step 5 (execute) failed: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
