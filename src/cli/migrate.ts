import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { type ResolvedConfig, environmentUrl } from '../config/load.js';
import { openServer, openPglite, type PostgresClient } from '../dialects/postgres/connection.js';
import type { Change, Hazard } from '../diff/change.js';
import { diff, migration } from '../diff/index.js';
import { SchemaguardError, errorMessage } from '../errors.js';
import { currentCommit, filesAtRevision } from '../git/repo.js';
import {
  MigrationConflictError,
  type MigrationFile,
  type MigrationFolder,
  readMigrationFolder,
} from '../migrations/formats.js';
import { type MigrationHistory, readHistories } from '../migrations/history.js';
import { type MigrationStatus, appliedFiles, introducedBy, migrationStatus } from '../migrations/status.js';
import { MigrationFailedError, applyMigrations } from '../migrations/runner.js';
import { writeNewMigration } from '../migrations/writer.js';
import { renderPlanSql } from '../plan/render.js';
import type { ShadowStep } from '../shadow/shadow.js';
import { ShadowStepError } from '../shadow/shadow.js';
import {
  type CompareReport,
  jsonDifference,
  renderGithub,
  renderJson,
  renderMarkdown,
  renderText,
} from '../report/compare.js';
import { emptySchema } from '../schema/model.js';
import { createSnapshot, serializeSnapshot } from '../schema/snapshot.js';
import { type LoadedSchema, loadFromSteps, loadSchema } from '../sources/load.js';
import { parseRef } from '../sources/ref.js';
import { dialectByName } from '../dialects/index.js';
import { TOOL_VERSION } from '../version.js';
import {
  type GlobalOptions,
  type SourceOptions,
  connectTimeoutMs,
  loadCliConfig,
  progressReporter,
  sourceRef,
  wholeNumber,
  writeResult,
} from './context.js';

const FORMATS = ['text', 'json', 'markdown', 'github'];

const TOOL_OF_FORMAT: Record<MigrationFolder['format'], MigrationHistory['tool'][]> = {
  plain: ['schemaguard'],
  dbmate: ['dbmate'],
  'golang-migrate': ['golang-migrate'],
  flyway: ['flyway'],
  prisma: ['prisma'],
  drizzle: ['drizzle'],
};

function checkFormat(format: string): void {
  if (!FORMATS.includes(format)) throw new SchemaguardError(`--format takes ${FORMATS.join(', ')}, not "${format}".`);
}

async function folderOf(dir: string | undefined, config: ResolvedConfig): Promise<MigrationFolder> {
  const path = dir ?? config.migrations?.dir;
  if (!path) throw new SchemaguardError('Name the migration folder: --dir PATH, or "migrations" in the config.');
  return readMigrationFolder(path, dir ? undefined : config.migrations?.format);
}

/** The history of the tool that owns the folder; none when only other tools' histories are there. */
function historyFor(folder: MigrationFolder, histories: readonly MigrationHistory[]): MigrationHistory | undefined {
  const tools = TOOL_OF_FORMAT[folder.format];
  return histories.find((h) => tools.includes(h.tool));
}

async function openDatabase(ref: string, config: ResolvedConfig, options: SourceOptions): Promise<PostgresClient> {
  const parsed = parseRef(ref);
  const url =
    parsed.kind === 'environment'
      ? environmentUrl(config, parsed.name)
      : parsed.kind === 'database'
        ? parsed.url
        : undefined;
  if (!url) throw new SchemaguardError(`migrate works on a database: --db URL or --env NAME, not ${ref}.`);
  const timeout = connectTimeoutMs(options) ?? config.connectTimeoutMs;
  return url.startsWith('pglite:') ? openPglite(url) : openServer(url, { connectTimeoutMs: timeout });
}

// ---- status ----

interface StatusOptions extends SourceOptions {
  readonly dir?: string;
  readonly format: string;
  readonly output?: string;
}

interface DriftEntry {
  readonly change: Change;
  readonly migration?: string;
}

/** The status report in a format: the migrations' states and the drift. */
function renderStatus(
  format: string,
  statuses: readonly MigrationStatus[],
  history: MigrationHistory | undefined,
  drift: readonly DriftEntry[],
  report: CompareReport,
): string {
  switch (format) {
    case 'json': {
      const json = {
        history: history ? { tool: history.tool, table: history.table } : null,
        migrations: statuses,
        drift: drift.map((d) => ({ ...jsonDifference(d.change), migration: d.migration ?? null })),
      };
      return `${JSON.stringify(json, null, 2)}\n`;
    }
    case 'markdown': {
      const rows = statuses.map((s) => `| ${s.state} | ${s.version} | ${s.name} |`).join('\n');
      return `### Migrations\n\n| State | Version | Name |\n| --- | --- | --- |\n${rows}\n\n${renderMarkdown(report)}`;
    }
    case 'github': {
      const lines = statuses
        .filter((s) => s.state !== 'applied')
        .map(
          (s) =>
            `::${s.state === 'pending' ? 'warning' : 'error'} title=migration ${s.state}::${s.path ?? s.version} is ${s.state}`,
        );
      return [...lines, renderGithub(report).trimEnd()].filter(Boolean).join('\n').concat('\n');
    }
    default:
      return renderStatusText(statuses, history, drift, report);
  }
}

function renderStatusText(
  statuses: readonly MigrationStatus[],
  history: MigrationHistory | undefined,
  drift: readonly DriftEntry[],
  report: CompareReport,
): string {
  const lines = [
    history ? `History: ${history.table} (${history.tool})` : 'History: none found in the database (nothing applied)',
    '',
    ...statuses.map(
      (s) => `  ${s.state.padEnd(8)} ${s.version}${s.name ? ` ${s.name}` : ''}${s.path ? `  (${s.path})` : ''}`,
    ),
    '',
  ];
  if (drift.length === 0) lines.push('No drift: the database matches the migrations it has applied.');
  else {
    lines.push('Drift: the database differs from the replay of the migrations it has applied:', '');
    lines.push(renderText(report, { color: false }).trimEnd());
    for (const d of drift.filter((x) => x.migration)) lines.push(`  ${d.change.path}: made by ${d.migration}`);
  }
  const counts = (state: MigrationStatus['state']) => statuses.filter((s) => s.state === state).length;
  lines.push(
    '',
    `${counts('applied')} applied, ${counts('pending')} pending, ${counts('failed')} failed, ${counts('changed')} changed, ${counts('unknown')} unknown, ${drift.length} drifted`,
  );
  return `${lines.join('\n')}\n`;
}

/** What a database has applied of a folder, and how it differs from the replay of that. */
interface DatabaseState {
  readonly history: MigrationHistory | undefined;
  readonly statuses: readonly MigrationStatus[];
  readonly applied: readonly MigrationFile[];
  readonly drift: readonly DriftEntry[];
  readonly report: CompareReport;
  readonly live: LoadedSchema;
  /** The replay of the applied migrations on the shadow database. */
  readonly replay: LoadedSchema;
}

/** Reads the history, matches it with the folder, and compares the database with the replay of what it applied. */
async function databaseState(
  folder: MigrationFolder,
  ref: string,
  config: ResolvedConfig,
  options: SourceOptions,
  progress: { update(step: string): void },
): Promise<DatabaseState> {
  progress.update('reading the history');
  const client = await openDatabase(ref, config, options);
  let histories: MigrationHistory[];
  try {
    histories = await readHistories(client, { table: config.migrations?.table });
  } finally {
    await client.close();
  }
  const history = historyFor(folder, histories);
  const statuses = migrationStatus(folder, history);
  const applied = appliedFiles(folder, statuses);
  progress.update('replaying the applied migrations');
  const [replay, live] = await Promise.all([
    // Even with none applied: the replay of nothing is the empty database the migrations start from.
    loadFromSteps(stepsOf(folder, applied), `the migrations applied (${applied.length})`, config, {}),
    loadSchema(ref, { config, connectTimeoutMs: connectTimeoutMs(options) }),
  ]);
  const majors = [replay.serverVersion, live.serverVersion].map((v) => v?.split('.')[0]);
  if (majors.every(Boolean) && majors[0] !== majors[1]) {
    process.stderr.write(
      `note: the migrations were replayed on PostgreSQL ${replay.serverVersion}, the database runs ${live.serverVersion}; version differences in how the server prints things are not reported.\n`,
    );
  }
  const changes = diff(dialectByName(live.dialect), replay.schema, live.schema);
  const drift = changes.map((change) => ({ change, migration: introducedBy(change, applied)?.path }));
  const report: CompareReport = { from: `the migrations applied (${applied.length})`, to: live.source, changes };
  return { history, statuses, applied, drift, report, live, replay };
}

/** Shadow steps for migration files (exactly these, in this order). */
function stepsOf(folder: MigrationFolder, files: readonly MigrationFile[]): ShadowStep[] {
  return files.map((m) => ({
    label: relative(process.cwd(), join(folder.path, m.path)),
    sql: m.sql,
    transactional: m.transactional,
  }));
}

async function runStatus(options: StatusOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  const config = await loadCliConfig(globals);
  const folder = await folderOf(options.dir, config);
  const ref = sourceRef(undefined, options, config);
  const progress = progressReporter('schemaguard migrate status');
  try {
    const state = await databaseState(folder, ref, config, options, progress);
    await writeResult(
      renderStatus(options.format, state.statuses, state.history, state.drift, state.report),
      options.output,
    );
    const bad = state.statuses.some((s) => s.state !== 'applied') || state.drift.length > 0;
    return bad ? 1 : 0;
  } finally {
    progress.done();
  }
}

// ---- plan ----

interface PlanOptions extends StatusOptions {
  readonly skipVerification?: boolean;
}

/** The pre-verification of a migration run: what must be true before anything is applied. */
function verificationProblems(state: DatabaseState): string[] {
  const problems = state.statuses
    .filter((s) => s.state === 'failed' || s.state === 'changed' || s.state === 'unknown')
    .map((s) => `migration ${s.path ?? s.version} is ${s.state}`);
  for (const d of state.drift) {
    const object = `${d.change.objectType} ${d.change.path}`;
    const what =
      d.change.action === 'add'
        ? `the database has ${object}, which no applied migration makes`
        : d.change.action === 'drop'
          ? `the database lacks ${object}`
          : `${object} differs from what the applied migrations make`;
    problems.push(`drift: ${what}${d.migration ? ` (made by ${d.migration})` : ''}`);
  }
  return problems;
}

/** `SCHEMAGUARD_SKIP_VERIFICATION=true` or the flag: the seeds' emergency override. */
function skipVerification(options: { readonly skipVerification?: boolean }): boolean {
  return options.skipVerification === true || process.env.SCHEMAGUARD_SKIP_VERIFICATION === 'true';
}

/** The migrations of the folder the database has not run, in the folder's order. */
function pendingMigrations(folder: MigrationFolder, state: DatabaseState): MigrationFile[] {
  return folder.migrations.filter((m) => state.statuses.some((s) => s.path === m.path && s.state === 'pending'));
}

/** The schema difference the pending migrations make, replayed after the applied ones on the shadow database. */
async function pendingChanges(
  folder: MigrationFolder,
  state: DatabaseState,
  pending: readonly MigrationFile[],
  config: ResolvedConfig,
): Promise<CompareReport> {
  const from = `the migrations applied (${state.applied.length})`;
  const to = `the migrations applied with the ${pending.length} pending`;
  if (pending.length === 0) return { from, to, changes: [] };
  const after = await loadFromSteps(stepsOf(folder, [...state.applied, ...pending]), to, config, {});
  return { from, to, changes: diff(dialectByName(state.live.dialect), state.replay.schema, after.schema) };
}

async function runPlan(options: PlanOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  const config = await loadCliConfig(globals);
  const folder = await folderOf(options.dir, config);
  const ref = sourceRef(undefined, options, config);
  const progress = progressReporter('schemaguard migrate plan');
  try {
    const state = await databaseState(folder, ref, config, options, progress);
    const problems = verificationProblems(state);
    const skipped = skipVerification(options) && problems.length > 0;
    if (skipped) {
      process.stderr.write(
        `WARNING: verification SKIPPED (--skip-verification or SCHEMAGUARD_SKIP_VERIFICATION): ${problems.length} problems ignored.\n`,
      );
    }
    const pending = pendingMigrations(folder, state);
    progress.update('replaying the pending migrations');
    const report = await pendingChanges(folder, state, pending, config);
    await writeResult(renderPlanReport(options.format, { problems, skipped, pending, report }), options.output);
    return problems.length > 0 && !skipped ? 1 : 0;
  } finally {
    progress.done();
  }
}

interface PlanReport {
  readonly problems: readonly string[];
  readonly skipped: boolean;
  readonly pending: readonly MigrationFile[];
  readonly report: CompareReport;
}

function hazardCounts(changes: readonly Change[]): string {
  const counts = new Map<Hazard, number>();
  for (const hazard of changes.flatMap((c) => c.hazards)) counts.set(hazard, (counts.get(hazard) ?? 0) + 1);
  return [...counts].map(([h, n]) => `${h} (${n})`).join(', ') || 'none';
}

function renderPlanReport(format: string, plan: PlanReport): string {
  const verification = plan.problems.length === 0 ? 'passed' : plan.skipped ? 'SKIPPED' : 'failed';
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          verification: { result: verification, problems: plan.problems },
          pending: plan.pending.map((m) => ({
            version: m.version,
            name: m.name,
            path: m.path,
            transactional: m.transactional,
          })),
          changes: plan.report.changes.map(jsonDifference),
        },
        null,
        2,
      )}\n`;
    case 'github':
      return [
        ...plan.problems.map((p) => `::${plan.skipped ? 'warning' : 'error'} title=migrate plan: verification::${p}`),
        renderGithub(plan.report).trimEnd(),
      ]
        .filter(Boolean)
        .join('\n')
        .concat('\n');
    case 'markdown': {
      const problems = plan.problems.map((p) => `- ${p.replaceAll('|', '\\|')}`).join('\n');
      const pending = plan.pending.map((m) => `- \`${m.path}\``).join('\n') || 'None.';
      return `### Migration plan\n\nVerification: **${verification}**\n${problems ? `\n${problems}\n` : ''}\n#### Pending migrations\n\n${pending}\n\n#### Hazards\n\n${hazardCounts(plan.report.changes)}\n\n${renderMarkdown(plan.report)}`;
    }
    default: {
      const lines = [`Verification: ${verification}`, ...plan.problems.map((p) => `  ✗ ${p}`), ''];
      lines.push(plan.pending.length ? `Pending migrations (${plan.pending.length}):` : 'No pending migrations.');
      for (const m of plan.pending) lines.push(`  ${m.path}${m.transactional ? '' : '  (not transactional)'}`);
      if (plan.pending.length) {
        lines.push('', 'The schema difference they make (computed on the shadow database):', '');
        lines.push(
          renderText(plan.report, { color: false }).trimEnd(),
          '',
          `Hazards: ${hazardCounts(plan.report.changes)}`,
        );
      }
      return `${lines.join('\n')}\n`;
    }
  }
}

// ---- apply ----

interface ApplyOptions extends PlanOptions {
  readonly yes?: boolean;
  readonly allowDataLoss?: boolean;
  readonly dryRun?: boolean;
  readonly lockTimeout: string;
}

/** A step of `migrate apply` that stopped the run: exit code 1, the step named. */
class ApplyStepFailed extends SchemaguardError {}

/** `20261121T095012Z`: sortable, and valid in a file name everywhere. */
function backupTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Step 2: the live schema as a snapshot (JSON) and as SQL, before anything changes. Returns the JSON path. */
async function writeBackup(state: DatabaseState, envName: string, config: ResolvedConfig): Promise<string> {
  const commit = await currentCommit(process.cwd());
  const base = join(
    config.snapshotDir,
    'backups',
    envName,
    `${backupTimestamp(new Date())}_${commit?.slice(0, 7) ?? 'nogit'}`,
  );
  const { live } = state;
  const snapshot = createSnapshot(live.dialect, live.schema, {
    serverVersion: live.serverVersion,
    source: live.source,
    baseline: false,
    gitCommit: commit,
  });
  const sql = dialectByName(live.dialect).toSql(live.schema, {
    header: `schemaguard ${TOOL_VERSION}: backup of ${live.source} before migrate apply`,
  });
  try {
    await mkdir(dirname(base), { recursive: true });
    await writeResult(serializeSnapshot(snapshot), `${base}.json`);
    await writeResult(sql, `${base}.sql`);
  } catch (error) {
    throw new ApplyStepFailed(`Step 2 (backup) failed, nothing was applied: ${errorMessage(error)}`, { cause: error });
  }
  return `${base}.json`;
}

/** How an environment's runs are confirmed: `type-name` by default for one named production. */
function confirmSetting(envName: string, config: ResolvedConfig): boolean | 'type-name' {
  return config.environments[envName]?.confirm ?? (envName === 'production' ? 'type-name' : true);
}

/** Step 4's refusal that needs no answer, made before a backup is written for nothing. */
function checkDataLoss(changes: readonly Change[], options: ApplyOptions): void {
  const losses = changes.filter((c) => c.hazards.includes('data-loss'));
  if (losses.length > 0 && !options.allowDataLoss) {
    throw new ApplyStepFailed(
      `Step 4 (confirm): the plan loses data (${losses.map((c) => `${c.objectType} ${c.path}`).join(', ')}); nothing was applied. Rerun with --allow-data-loss when that is intended.`,
    );
  }
}

/** Step 4: asks on the terminal (runApply has made sure there is one, or --yes). */
async function confirmRun(envName: string, config: ResolvedConfig, options: ApplyOptions): Promise<void> {
  const setting = confirmSetting(envName, config);
  if (options.yes || setting === false) return;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const question =
      setting === 'type-name'
        ? `Type the name of the environment (${envName}) to apply these migrations: `
        : `Apply these migrations to ${envName}? [y/N] `;
    const answer = (await prompt.question(question)).trim();
    const yes = setting === 'type-name' ? answer === envName : /^y(es)?$/i.test(answer);
    if (!yes) throw new ApplyStepFailed('Step 4 (confirm): not confirmed, nothing was applied.');
  } finally {
    prompt.close();
  }
}

async function runApply(options: ApplyOptions, globals: GlobalOptions): Promise<number> {
  const lockTimeoutMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const config = await loadCliConfig(globals);
  const folder = await folderOf(options.dir, config);
  if (folder.format !== 'plain') {
    throw new SchemaguardError(
      `migrate apply runs plain SQL migration folders; ${folder.path} is a ${folder.format} folder: run it with ${folder.format}'s own command.`,
    );
  }
  const ref = sourceRef(undefined, options, config);
  const parsed = parseRef(ref);
  const envName = parsed.kind === 'environment' ? parsed.name : 'database';
  if (!options.yes && !options.dryRun && confirmSetting(envName, config) !== false && !process.stdin.isTTY) {
    throw new SchemaguardError(
      `There is no terminal to confirm on: pass --yes to apply the migrations to ${envName} without asking.`,
    );
  }
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    // 1. Pre-verify.
    const progress = progressReporter('schemaguard migrate apply');
    let state: DatabaseState;
    try {
      state = await databaseState(folder, ref, config, options, progress);
    } finally {
      progress.done();
    }
    const problems = verificationProblems(state);
    const skipped = skipVerification(options) && problems.length > 0;
    if (problems.length > 0 && !skipped) {
      throw new ApplyStepFailed(
        `Step 1 (pre-verify) failed, nothing was applied:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}\nRun "schemaguard migrate status" for the details.`,
      );
    }
    if (skipped)
      say(`WARNING: verification SKIPPED: ${problems.length} problems ignored; the skip is recorded in the history.`);
    else say('1. pre-verify: passed');
    const pending = pendingMigrations(folder, state);
    if (pending.length === 0) {
      say('Nothing to apply: every migration of the folder is applied.');
      return 0;
    }
    // 3. Plan: computed on the shadow database, printed after the backup.
    let report: CompareReport;
    try {
      report = await pendingChanges(folder, state, pending, config);
    } catch (error) {
      if (!(error instanceof ShadowStepError)) throw error;
      throw new ApplyStepFailed(`Step 3 (plan) failed, nothing was applied: ${error.message}`);
    }
    if (!options.dryRun) checkDataLoss(report.changes, options);
    // 2. Backup (not on a dry run, which writes nothing).
    if (!options.dryRun) {
      const backup = await writeBackup(state, envName, config);
      say(`2. backup: ${relative(process.cwd(), backup)} (and .sql)`);
    }
    process.stdout.write(renderPlanReport('text', { problems, skipped, pending, report }));
    if (options.dryRun) {
      say('Dry run: stopped after the plan; nothing was written or applied.');
      return 0;
    }
    // 4. Confirm.
    await confirmRun(envName, config, options);
    // 5. Execute.
    const client = await openDatabase(ref, config, options);
    try {
      await applyMigrations(client, folder.migrations, {
        lockTimeoutMs,
        gitCommit: await currentCommit(process.cwd()),
        skippedVerification: skipped,
        onEvent: (event) => {
          if (event.kind === 'waiting-for-lock') say(`waiting for the migration lock, held by ${event.holder}…`);
          if (event.kind === 'done') say(`5. applied ${event.migration.path} (${event.ms} ms)`);
        },
      });
    } catch (error) {
      if (error instanceof MigrationFailedError) throw new ApplyStepFailed(`Step 5 (execute) failed: ${error.message}`);
      throw error;
    } finally {
      await client.close();
    }
    // 6. Post-verify.
    const afterState = await databaseState(folder, ref, config, options, { update: () => {} });
    const remaining = verificationProblems(afterState);
    const unapplied = afterState.statuses.filter((s) => s.state === 'pending');
    if (remaining.length > 0 || unapplied.length > 0) {
      throw new ApplyStepFailed(
        `Step 6 (post-verify) failed: the migrations were applied, but the database does not match them:\n${[
          ...remaining,
          ...unapplied.map((s) => `migration ${s.path ?? s.version} is still pending`),
        ]
          .map((p) => `  ✗ ${p}`)
          .join('\n')}`,
      );
    }
    say(`6. post-verify: passed; ${pending.length} migration${pending.length === 1 ? '' : 's'} applied.`);
    return 0;
  } catch (error) {
    if (!(error instanceof ApplyStepFailed)) throw error;
    say(error.message);
    return 1;
  }
}

// ---- check ----

interface CheckOptions {
  readonly dir?: string;
  readonly models?: string;
  readonly baseRef?: string;
  readonly fix?: boolean;
  readonly name: string;
  readonly format: string;
  readonly output?: string;
}

interface Finding {
  readonly kind: 'conflict' | 'broken' | 'missing-migration' | 'hazard';
  readonly message: string;
  readonly path?: string;
  readonly hazards?: readonly Hazard[];
}

/** Versions compared part by part, numerically where both parts are numbers (`9.1` < `10`, `0002` < `0010`). */
function compareVersions(a: string, b: string): number {
  const as = a.split(/[._]/);
  const bs = b.split(/[._]/);
  for (let i = 0; i < Math.max(as.length, bs.length); i++) {
    const [x = '', y = ''] = [as[i], bs[i]];
    const order = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(BigInt(x) - BigInt(y)) : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** Migrations new on this branch that sort before the newest one on the base: they would run out of order. */
async function orderConflicts(
  folder: MigrationFolder,
  baseRef: string,
): Promise<{ findings: Finding[]; added: MigrationFile[] }> {
  const atBase = new Set(await filesAtRevision(baseRef, folder.path, process.cwd()));
  const base = folder.migrations.filter((m) => atBase.has(m.path));
  const added = folder.migrations.filter((m) => !atBase.has(m.path));
  const newest = base
    .map((m) => m.version)
    .sort(compareVersions)
    .at(-1);
  const findings = newest
    ? added
        .filter((m) => compareVersions(m.version, newest) < 0)
        .map((m) => ({
          kind: 'conflict' as const,
          path: m.path,
          message: `${m.path} is new on this branch but older than ${newest}, the newest migration on ${baseRef}: it would run out of order; give it a newer version.`,
        }))
    : [];
  return { findings, added };
}

async function runCheck(options: CheckOptions, globals: GlobalOptions): Promise<number> {
  checkFormat(options.format);
  const config = await loadCliConfig(globals);
  const findings: Finding[] = [];
  let folder: MigrationFolder;
  try {
    folder = await folderOf(options.dir, config);
  } catch (error) {
    // Duplicate versions and a journal that disagrees with its folder are what this check is for.
    if (error instanceof MigrationConflictError) {
      findings.push({ kind: 'conflict', message: error.message });
      await writeResult(renderFindings(findings, options.format, undefined), options.output);
      return 1;
    }
    throw error;
  }
  const progress = progressReporter('schemaguard migrate check');
  try {
    // Hazards are listed for the migrations new since --base-ref; without it, for none.
    let added: MigrationFile[] = [];
    if (options.baseRef) {
      const order = await orderConflicts(folder, options.baseRef);
      findings.push(...order.findings);
      added = order.added;
    }
    progress.update('replaying the migrations');
    const all = `migrations:${folder.path}`;
    let replay;
    try {
      replay = await loadSchema(all, { config, onProgress: (s) => progress.update(s) });
    } catch (error) {
      if (!(error instanceof ShadowStepError)) throw error;
      findings.push({ kind: 'broken', message: error.message });
      await writeResult(renderFindings(findings, options.format, undefined), options.output);
      return 1;
    }
    const dialect = dialectByName(replay.dialect);
    // Hazards of each migration not yet on the base: the difference it makes, classified.
    for (const m of added) {
      const index = folder.migrations.indexOf(m);
      const before = index === 0 ? undefined : folder.migrations[index - 1];
      const [from, to] = await Promise.all([
        before ? loadSchema(`${all}@${before.version}`, { config }) : undefined,
        loadSchema(`${all}@${m.version}`, { config }),
      ]);
      const changes = diff(dialect, from?.schema ?? emptySchema(), to.schema);
      const hazards = [...new Set(changes.flatMap((c) => c.hazards))];
      if (hazards.length > 0) {
        findings.push({ kind: 'hazard', path: m.path, hazards, message: `${m.path}: ${hazards.join(', ')}` });
      }
    }
    const models = options.models ?? config.models;
    let missingSql: string | undefined;
    let report: CompareReport | undefined;
    if (models) {
      progress.update('loading the models');
      const expected = await loadSchema(models, { config });
      const changes = diff(dialect, expected.schema, replay.schema);
      if (changes.length > 0) {
        report = { from: expected.source, to: 'the replay of the migrations', changes };
        const { plan } = migration(dialect, replay.schema, expected.schema);
        missingSql = renderPlanSql(plan, `schemaguard ${TOOL_VERSION}: the migration the models need`);
        const transactional = plan.statements.every((s) => s.transactional);
        findings.push({
          kind: 'missing-migration',
          message: `The models differ from the migrations: ${changes.length} differences need a new migration.`,
        });
        if (options.fix) {
          const paths = await writeNewMigration(folder, options.name, missingSql, { transactional });
          process.stderr.write(`Wrote ${paths.map((p) => relative(process.cwd(), p) || p).join(', ')}.\n`);
        }
      }
    }
    await writeResult(
      renderFindings(findings, options.format, report, options.fix ? undefined : missingSql, Boolean(models)),
      options.output,
    );
    const failing = findings.filter((f) => f.kind !== 'hazard' && !(f.kind === 'missing-migration' && options.fix));
    return failing.length > 0 ? 1 : 0;
  } finally {
    progress.done();
  }
}

function renderFindings(
  findings: readonly Finding[],
  format: string,
  report?: CompareReport,
  sql?: string,
  modelsChecked = false,
): string {
  if (format === 'json')
    return `${JSON.stringify({ findings, differences: report ? JSON.parse(renderJson(report)) : null, sql: sql ?? null }, null, 2)}\n`;
  if (format === 'github') {
    return findings
      .map(
        (f) =>
          `::${f.kind === 'hazard' ? 'warning' : 'error'} title=migrate check: ${f.kind}::${f.message.replaceAll('%', '%25').replaceAll('\n', '%0A')}`,
      )
      .join('\n')
      .concat(findings.length ? '\n' : '');
  }
  if (format === 'markdown') {
    const rows = findings.map((f) => `| ${f.kind} | ${f.message.replaceAll('|', '\\|')} |`);
    return `### Migration check\n\n${findings.length ? `| Finding | Detail |\n| --- | --- |\n${rows.join('\n')}\n` : 'All good.\n'}${report ? `\n${renderMarkdown(report)}` : ''}`;
  }
  const lines = findings.map((f) => `${f.kind === 'hazard' ? '!' : '✗'} ${f.kind}: ${f.message}`);
  if (report) lines.push('', renderText(report, { color: false }).trimEnd());
  if (sql) lines.push('', 'The missing migration:', '', sql.trimEnd());
  if (findings.length === 0) {
    lines.push(
      `✓ The migrations load and have no conflicts${modelsChecked ? ', and they match the models' : ' (no models to compare them with)'}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---- new ----

interface NewOptions {
  readonly dir?: string;
  readonly fromModels?: boolean;
  readonly models?: string;
}

async function runNew(name: string, options: NewOptions, globals: GlobalOptions): Promise<number> {
  const config = await loadCliConfig(globals);
  const folder = await folderOf(options.dir, config);
  let sql = '-- Write the statements of this migration here.\n';
  let transactional = true;
  if (options.fromModels) {
    const models = options.models ?? config.models;
    if (!models) throw new SchemaguardError('--from-models needs the models: --models REF, or "models" in the config.');
    const [replay, expected] = await Promise.all([
      folder.migrations.length > 0 ? loadSchema(`migrations:${folder.path}`, { config }) : undefined,
      loadSchema(models, { config }),
    ]);
    const dialect = dialectByName(expected.dialect);
    const { changes, plan } = migration(dialect, replay?.schema ?? emptySchema(), expected.schema);
    if (changes.length === 0) {
      process.stderr.write('The migrations already match the models: no migration written.\n');
      return 0;
    }
    sql = renderPlanSql(plan, `schemaguard ${TOOL_VERSION}: from the migrations to ${expected.source}`);
    transactional = plan.statements.every((s) => s.transactional);
  }
  const paths = await writeNewMigration(folder, name, sql, { transactional });
  process.stdout.write(`${paths.map((p) => relative(process.cwd(), p) || p).join('\n')}\n`);
  return 0;
}

/** `schemaguard migrate`: migration status, offline checks and new migrations. */
export function registerMigrate(program: Command, run: (action: () => Promise<number>) => Promise<void>): void {
  const migrate = program
    .command('migrate')
    .summary('migration status, checks and new migrations')
    .description('Work with the migration folder: what a database has applied, offline checks for CI, new migrations.')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate check --base-ref main\n  $ schemaguard migrate new add_course_level --from-models\n',
    );
  migrate
    .command('status')
    .description(
      'For a database: which migrations of the folder are applied, pending, failed, changed since they ran, or unknown to the folder (from the history table of prisma, drizzle, flyway, golang-migrate, dbmate, knex, kysely, TypeORM or schemaguard); then drift: the differences between the database and the replay of the migrations it has applied, each with the migration that made the object. Exit code 1 when anything is not applied or has drifted.',
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the report here')
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate status --db "$DATABASE_URL" --dir prisma/migrations --format json\n',
    )
    .action((options: StatusOptions, cmd: Command) =>
      run(() => runStatus(options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('plan')
    .description(
      'Before a migration run, for review in CI or a pull request: pre-verification (nothing failed, changed or unknown in the history, no drift from the applied migrations), then the pending migrations and, computed on the shadow database, the schema difference they make with every hazard. Exit code 1 when verification fails (unless --skip-verification or SCHEMAGUARD_SKIP_VERIFICATION=true), else 0.',
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the plan here')
    .option('--skip-verification', 'report verification problems as a warning instead of failing (emergencies only)')
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate plan --env production\n  $ schemaguard migrate plan --env staging --format markdown >> "$GITHUB_STEP_SUMMARY"\n',
    )
    .action((options: PlanOptions, cmd: Command) => run(() => runPlan(options, cmd.optsWithGlobals<GlobalOptions>())));
  migrate
    .command('apply')
    .description(
      'Applies the pending migrations of a plain SQL folder through the safety protocol: 1. pre-verify (as migrate plan), 2. back up the schema (JSON and SQL, under <snapshotDir>/backups/<env>/), 3. show the plan with its hazards, 4. confirm (on a terminal, or --yes; --allow-data-loss for data-loss hazards), 5. apply each migration in its own transaction under an advisory lock, 6. post-verify. Stops at the first step that fails, naming it: exit code 1; 2 when it could not run.',
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--yes', 'do not ask (required without a terminal)')
    .option('--allow-data-loss', 'apply a plan with data-loss hazards')
    .option('--dry-run', 'stop after the plan: nothing is written or applied')
    .option(
      '--skip-verification',
      'go ahead although pre-verification fails (emergencies only; recorded in the history)',
    )
    .option('--lock-timeout <seconds>', 'wait this long for another run to finish', '60')
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate apply --env staging\n  $ schemaguard migrate apply --env production --dry-run\n  $ schemaguard migrate apply --db "$DATABASE_URL" --yes\n',
    )
    .action((options: ApplyOptions, cmd: Command) =>
      run(() => runApply(options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('check')
    .description(
      'Offline (no database): every migration loads on the shadow database (the failing file and line are named), no two share a version, none is older than the newest on --base-ref, and the models match the replay of the migrations (else the missing migration is printed; --fix writes it). Also lists the hazards of each migration new since --base-ref. Exit code 1 on any failure.',
    )
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .option('--base-ref <rev>', 'the git revision the branch starts from, e.g. main')
    .option('--fix', 'write the missing migration')
    .option('--name <name>', 'the name of the migration --fix writes', 'missing_migration')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the report here')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate check\n  $ schemaguard migrate check --base-ref main --format github\n  $ schemaguard migrate check --fix --name add_resource_id\n',
    )
    .action((options: CheckOptions, cmd: Command) =>
      run(() => runCheck(options, cmd.optsWithGlobals<GlobalOptions>())),
    );
  migrate
    .command('new')
    .description(
      "Create the next migration file in the folder's format (prints its path); --from-models fills it with the SQL from the replay of the migrations to the models.",
    )
    .argument('<name>', 'what the migration does, e.g. add_resource_id')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--from-models', 'fill it with what the models need')
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate new add_course_level\n  $ schemaguard migrate new sync_models --from-models\n',
    )
    .action((name: string, options: NewOptions, cmd: Command) =>
      run(() => runNew(name, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
