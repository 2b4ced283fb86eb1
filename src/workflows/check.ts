/**
 * `check` as a workflow: the pre-deploy checklist of the seeds' `pre-deploy-checks.sh`
 * (git, connectivity, the schema against its snapshot, migrations, assertions, the
 * team's own checks), or only the schema assertions, offline, against any schema.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkAssertions } from '../checks/assertions.js';
import { isSqlCheck, runCommandCheck, runSqlCheck } from '../checks/run.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Connection } from '../dialects/dialect.js';
import { dialectByName } from '../dialects/index.js';
import { compareSchemas } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { workingTreeState } from '../git/repo.js';
import { awaitsRun, migrationLabel } from '../migrations/status.js';
import { summarizeChanges } from '../report/summary.js';
import { emptySchema } from '../schema/model.js';
import { checkRefs } from '../sources/check-refs.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { parseRef } from '../sources/ref.js';
import { type WorkflowContext, sharedResult, shownPath } from './context.js';
import { type MigrationSource, djangoProjectOfHistory, migrationSourceOf, sourceState } from './django-state.js';
import { type DatabaseState, openDatabase, skipVerification, verificationProblems } from './migrate-state.js';
import type { SourceOptions } from './source-options.js';
import { notComparedSuffix, noteVersionSkew } from './version-note.js';

/** The groups of the checklist, in the order they run. */
export type ChecklistGroup = 'git' | 'connectivity' | 'schema' | 'migrations' | 'assertion' | 'sql' | 'command';

/** How a check ended; `warning`: a failed schema check turned into a warning by the emergency override. */
export type ChecklistStatus = 'passed' | 'failed' | 'skipped' | 'warning';

/** One line of the checklist. */
export interface ChecklistItem {
  readonly group: ChecklistGroup;
  /** The check within its group (`working tree`, an assertion's or a SQL check's name); the group's name for a group of one. */
  readonly name: string;
  readonly status: ChecklistStatus;
  /** Its result or the reason it did not run, in one line. */
  readonly message: string;
  /** How long it took, in milliseconds (0 for a check that did not run). */
  readonly ms: number;
}

/** What `check` checks, and how. */
export interface CheckRequest extends Pick<SourceOptions, 'connectTimeout'> {
  readonly config: ResolvedConfig;
  /**
   * The database, as a ref (`env:NAME` or a URL): the whole checklist. Or `{ schema: REF }`:
   * only the config's schema assertions, offline, against a snapshot, the models or the migrations.
   */
  readonly target: { readonly database: string } | { readonly schema: string };
  /** The migration folder, instead of the config's. */
  readonly dir?: string;
  /** Pending migrations are not a failure (a gate before a migration run). */
  readonly allowPending?: boolean;
  /** Failed schema checks become warnings (emergencies only); also with `SCHEMAGUARD_SKIP_VERIFICATION=true` in the context's env. */
  readonly skipVerification?: boolean;
}

/** The checklist of a run. */
export interface Checklist {
  /** What was checked: the assertions on a schema (its source), or the pre-deploy checks of an environment (`database` for a URL). */
  readonly subject: { readonly schema: string } | { readonly environment: string };
  /** The items in the order they ran. */
  readonly items: readonly ChecklistItem[];
  /** No item failed (warnings of the override do not fail). */
  readonly passed: boolean;
}

/** The schema checks: what `skipVerification` turns into warnings. */
const SCHEMA_GROUPS: readonly ChecklistGroup[] = ['schema', 'migrations', 'assertion'];

type Outcome = { status: ChecklistStatus; message: string };

/** Collects checklist items, timing each. */
class Items {
  readonly list: ChecklistItem[] = [];

  async run(group: ChecklistGroup, name: string, check: () => Promise<Outcome>): Promise<ChecklistStatus> {
    const started = performance.now();
    let outcome: Outcome;
    try {
      outcome = await check();
    } catch (error) {
      if (!(error instanceof SchemaguardError)) throw error;
      outcome = { status: 'failed', message: error.message.replace(/\.$/, '') };
    }
    this.list.push({ group, name, ...outcome, ms: Math.round(performance.now() - started) });
    return outcome.status;
  }

  skip(group: ChecklistGroup, name: string, message: string): void {
    this.list.push({ group, name, status: 'skipped', message, ms: 0 });
  }
}

const passed = (message: string) => ({ status: 'passed' as const, message });
const failed = (message: string) => ({ status: 'failed' as const, message });
const skipped = (message: string) => ({ status: 'skipped' as const, message });

/** A list of paths, shortened to the first few. */
function listed(paths: readonly string[]): string {
  return paths.length <= 5 ? paths.join(', ') : `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more`;
}

/** Runs the checklist: on a database, every check; on a schema, its assertions. */
export async function runChecklist(context: WorkflowContext, request: CheckRequest): Promise<Checklist> {
  const { config, target } = request;
  const items = new Items();
  let subject: Checklist['subject'];
  if ('schema' in target) {
    // Offline: the schema assertions against a snapshot, the models or the migrations.
    const schema = await loadSchema(target.schema, { config });
    subject = { schema: schema.source };
    await assertionChecks(items, schema, config);
  } else {
    const ref = target.database;
    const parsed = parseRef(ref);
    if (parsed.kind !== 'environment' && parsed.kind !== 'database') {
      throw new SchemaguardError(`check works on a database: --db URL or --env NAME, not ${ref}.`);
    }
    const envName = parsed.kind === 'environment' ? parsed.name : 'database';
    // A database that cannot be named (no such environment, a malformed URL) is a bad input,
    // thrown; one that does not answer is a failed connectivity check.
    await checkRefs([ref], config);
    subject = { environment: envName };
    await gitChecks(context, items, envName, config);
    await databaseChecks(context, items, ref, envName, request);
  }
  const skipping = skipVerification(request, context.env);
  const checked = items.list.map((item) =>
    skipping && item.status === 'failed' && SCHEMA_GROUPS.includes(item.group)
      ? { ...item, status: 'warning' as const, message: `SKIPPED: ${item.message}` }
      : item,
  );
  return { subject, items: checked, passed: !checked.some((item) => item.status === 'failed') };
}

/** The git lines: a clean working tree, the environment's branch, not behind the upstream. */
async function gitChecks(
  context: WorkflowContext,
  items: Items,
  envName: string,
  config: ResolvedConfig,
): Promise<void> {
  const tree = await sharedResult(context, `working tree ${context.cwd}`, () => workingTreeState(context.cwd));
  if (!tree) {
    items.skip('git', 'working tree', 'not a git repository');
    return;
  }
  await items.run('git', 'working tree', async () => {
    if (tree.changed.length === 0 && tree.untracked.length === 0) return passed('clean');
    const parts = [
      ...(tree.changed.length ? [`${tree.changed.length} changed (${listed(tree.changed)})`] : []),
      ...(tree.untracked.length ? [`${tree.untracked.length} untracked (${listed(tree.untracked)})`] : []),
    ];
    return failed(`not clean: ${parts.join('; ')}`);
  });
  const branch = config.environments[envName]?.branch;
  await items.run('git', 'branch', async () => {
    if (!branch) return skipped(`no branch configured for ${envName}`);
    if (tree.branch === branch) return passed(`on ${branch}`);
    return failed(`on ${tree.branch ?? 'a detached HEAD'}, but ${envName} deploys from ${branch}`);
  });
  await items.run('git', 'upstream', async () => {
    if (!tree.upstream) return skipped('no upstream branch');
    const { name, behind } = tree.upstream;
    return behind === 0
      ? passed(`up to date with ${name} (as of the last fetch)`)
      : failed(`${behind} commit${behind === 1 ? '' : 's'} behind ${name}: pull first`);
  });
}

/** Connects and measures: the server's version and the median round trip of three queries. */
async function connectivity(client: Connection): Promise<string> {
  const version = await client.serverVersion();
  const trips: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await client.query('SELECT 1');
    trips.push(performance.now() - started);
  }
  const median = trips.sort((a, b) => a - b)[1] ?? 0;
  return `${client.dialect.title} ${version}, ${median.toFixed(1)} ms round trip`;
}

/** The snapshot the live schema must equal: the environment's, else the baseline; undefined when neither exists. */
function expectedSnapshot(envName: string, config: ResolvedConfig): string | undefined {
  const own = config.environments[envName]?.snapshot;
  const candidates = [...(own ? [own] : []), config.baseline];
  return candidates.find((path) => existsSync(path));
}

/**
 * The migrations to check: `--dir`'s folder, the config's Django project or folder, or the
 * Django project next to the config when the database keeps Django's history and the project
 * is there; none otherwise.
 */
async function checkedMigrations(
  request: CheckRequest,
  ref: string,
  options: SourceOptions,
): Promise<MigrationSource | undefined> {
  const { config } = request;
  if (request.dir || config.migrations || config.django) return migrationSourceOf(request.dir, config);
  if (!existsSync(join(config.root, 'manage.py'))) return undefined;
  const project = await djangoProjectOfHistory(ref, config, options);
  return project ? { kind: 'django', project } : undefined;
}

/** Connectivity, then the schema against its snapshot, the migrations, the assertions and the SQL and command checks. */
async function databaseChecks(
  context: WorkflowContext,
  items: Items,
  ref: string,
  envName: string,
  request: CheckRequest,
): Promise<void> {
  const { config } = request;
  const { reporter } = context;
  const source = { connectTimeout: request.connectTimeout };
  // Opened and closed around each use: an embedded database is open in one place at a time.
  const connected = await items.run('connectivity', 'connection', async () => {
    const client = await openDatabase(ref, config, source);
    try {
      return passed(await connectivity(client));
    } finally {
      await client.close();
    }
  });
  if (connected !== 'passed') {
    items.skip('schema', 'schema consistency', 'no connection');
    items.skip('migrations', 'migration status', 'no connection');
    for (const assertion of checkAssertions(emptySchema(), config.assertions)) {
      items.skip('assertion', assertion.name, 'no connection');
    }
    for (const check of config.checks) items.skip(isSqlCheck(check) ? 'sql' : 'command', check.name, 'no connection');
    return;
  }
  const migrations = await checkedMigrations(request, ref, source);
  let state: DatabaseState | undefined;
  let live: LoadedSchema | undefined;
  // The live schema is read once, with the migrations' state when there are migrations, by the first line.
  await items.run('schema', 'schema consistency', async () => {
    state = migrations ? await sourceState(reporter, migrations, ref, config, source, { update: () => {} }) : undefined;
    live = state?.live ?? (await loadSchema(ref, { config }));
    const expected = expectedSnapshot(envName, config);
    if (!expected) return skipped('no environment snapshot or baseline file');
    const pending = state?.statuses.some(awaitsRun);
    if (expected === config.baseline && pending) {
      return skipped(
        'migrations are pending: the baseline is the schema after them, and there is no environment snapshot',
      );
    }
    const snapshot = await loadSchema(expected, { config });
    const sides = { from: snapshot, to: live };
    const shown = shownPath(context.cwd, expected);
    noteVersionSkew(reporter, `${shown} was written from`, 'the database runs', sides);
    const { changes, acrossVersions } = compareSchemas(dialectByName(live.dialect), snapshot.schema, live.schema, {
      sides,
    });
    for (const line of acrossVersions) reporter.noteOnce(`info: ${line}`);
    return changes.length === 0
      ? passed(`matches ${shown}${notComparedSuffix(acrossVersions)}`)
      : failed(`differs from ${shown}: ${summarizeChanges(changes)}`);
  });
  await items.run('migrations', 'migration status', async () => {
    if (!migrations) return skipped('no migration folder configured');
    if (!state) return skipped('the database schema could not be read');
    const problems = verificationProblems(state);
    const pending = state.statuses.filter(awaitsRun);
    if (problems.length > 0) return failed(problems.join('; '));
    if (pending.length > 0 && !request.allowPending) {
      return failed(
        `${pending.length} pending: ${listed(pending.map(migrationLabel))} (--allow-pending before a migration run)`,
      );
    }
    const applied = state.statuses.length - pending.length;
    for (const line of state.report.acrossVersions ?? []) reporter.noteOnce(`info: ${line}`);
    const notCompared = notComparedSuffix(state.report.acrossVersions ?? []);
    return passed(
      `${applied} applied${pending.length ? `, ${pending.length} pending (allowed)` : ''}, no drift${notCompared}`,
    );
  });
  if (live) await assertionChecks(items, live, config);
  const sqlChecks = config.checks.filter(isSqlCheck);
  if (sqlChecks.length > 0) {
    const client = await openDatabase(ref, config, source);
    try {
      for (const check of sqlChecks) {
        await items.run('sql', check.name, async () => {
          const result = await runSqlCheck(client, check);
          return result.passed ? passed(result.message) : failed(result.message);
        });
      }
    } finally {
      await client.close();
    }
  }
  for (const check of config.checks) {
    if (isSqlCheck(check)) continue;
    await items.run('command', check.name, async () => {
      const result = await runCommandCheck(check, { cwd: config.root, env: config.env });
      return result.passed ? passed(result.message) : failed(result.message);
    });
  }
}

/** The schema assertions of the config, one line each. */
async function assertionChecks(items: Items, schema: LoadedSchema, config: ResolvedConfig): Promise<void> {
  for (const result of checkAssertions(
    schema.schema,
    config.assertions,
    dialectByName(schema.dialect).capabilities.schemas,
  )) {
    await items.run('assertion', result.name, async () =>
      result.passed ? passed(result.message) : failed(result.message),
    );
  }
}
