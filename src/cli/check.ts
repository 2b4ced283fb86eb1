import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { checkAssertions } from '../checks/assertions.js';
import { isSqlCheck, runCommandCheck, runSqlCheck } from '../checks/run.js';
import type { ResolvedConfig } from '../config/load.js';
import type { PostgresClient } from '../dialects/postgres/connection.js';
import { dialectByName } from '../dialects/index.js';
import { compareSchemas } from '../diff/index.js';
import { SchemaguardError } from '../errors.js';
import { workingTreeState } from '../git/repo.js';
import { summarizeChanges } from '../report/summary.js';
import { awaitsRun } from '../migrations/status.js';
import { emptySchema } from '../schema/model.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { checkRefs } from '../sources/check-refs.js';
import { parseRef } from '../sources/ref.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { type SourceOptions } from '../workflows/source-options.js';
import { notComparedSuffix, noteVersionSkew } from '../workflows/version-note.js';
import { requireGivenRefs } from './given-refs.js';
import {
  type DatabaseState,
  databaseState,
  folderOf,
  openDatabase,
  skipVerification,
  verificationProblems,
} from '../workflows/migrate-state.js';

const FORMATS = ['text', 'json', 'markdown', 'github'];

interface CheckOptions extends SourceOptions {
  readonly dir?: string;
  readonly allowPending?: boolean;
  readonly skipVerification?: boolean;
  readonly schema?: string;
  readonly format: string;
  readonly output?: string;
}

/** The groups of the checklist, in the order they run. */
type Group = 'git' | 'connectivity' | 'schema' | 'migrations' | 'assertion' | 'sql' | 'command';

/** `warning`: a failed schema check turned into a warning by the emergency override. */
type Status = 'passed' | 'failed' | 'skipped' | 'warning';

/** One line of the checklist. */
interface ChecklistItem {
  readonly group: Group;
  readonly name: string;
  readonly status: Status;
  readonly message: string;
  readonly ms: number;
}

/** The schema checks: what `--skip-verification` turns into warnings. */
const SCHEMA_GROUPS: readonly Group[] = ['schema', 'migrations', 'assertion'];

const MARK: Record<Status, string> = { passed: '✓', failed: '✗', skipped: '-', warning: '!' };

/** Collects checklist items, timing each. */
class Checklist {
  readonly items: ChecklistItem[] = [];

  async run(group: Group, name: string, check: () => Promise<{ status: Status; message: string }>): Promise<Status> {
    const started = performance.now();
    let outcome: { status: Status; message: string };
    try {
      outcome = await check();
    } catch (error) {
      if (!(error instanceof SchemaguardError)) throw error;
      outcome = { status: 'failed', message: error.message.replace(/\.$/, '') };
    }
    this.items.push({ group, name, ...outcome, ms: Math.round(performance.now() - started) });
    return outcome.status;
  }

  skip(group: Group, name: string, message: string): void {
    this.items.push({ group, name, status: 'skipped', message, ms: 0 });
  }
}

const passed = (message: string) => ({ status: 'passed' as const, message });
const failed = (message: string) => ({ status: 'failed' as const, message });
const skipped = (message: string) => ({ status: 'skipped' as const, message });

/** A list of paths, shortened to the first few. */
function listed(paths: readonly string[]): string {
  return paths.length <= 5 ? paths.join(', ') : `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more`;
}

/** The git lines: a clean working tree, the environment's branch, not behind the upstream. */
async function gitChecks(cli: CliContext, list: Checklist, envName: string, config: ResolvedConfig): Promise<void> {
  const tree = await workingTreeState(cli.cwd);
  if (!tree) {
    list.skip('git', 'working tree', 'not a git repository');
    return;
  }
  await list.run('git', 'working tree', async () => {
    if (tree.changed.length === 0 && tree.untracked.length === 0) return passed('clean');
    const parts = [
      ...(tree.changed.length ? [`${tree.changed.length} changed (${listed(tree.changed)})`] : []),
      ...(tree.untracked.length ? [`${tree.untracked.length} untracked (${listed(tree.untracked)})`] : []),
    ];
    return failed(`not clean: ${parts.join('; ')}`);
  });
  const branch = config.environments[envName]?.branch;
  await list.run('git', 'branch', async () => {
    if (!branch) return skipped(`no branch configured for ${envName}`);
    if (tree.branch === branch) return passed(`on ${branch}`);
    return failed(`on ${tree.branch ?? 'a detached HEAD'}, but ${envName} deploys from ${branch}`);
  });
  await list.run('git', 'upstream', async () => {
    if (!tree.upstream) return skipped('no upstream branch');
    const { name, behind } = tree.upstream;
    return behind === 0
      ? passed(`up to date with ${name} (as of the last fetch)`)
      : failed(`${behind} commit${behind === 1 ? '' : 's'} behind ${name}: pull first`);
  });
}

/** Connects and measures: the server's version and the median round trip of three queries. */
async function connectivity(client: PostgresClient): Promise<string> {
  const [row] = await client.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  const trips: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await client.query('SELECT 1');
    trips.push(performance.now() - started);
  }
  const median = trips.sort((a, b) => a - b)[1] ?? 0;
  return `PostgreSQL ${row?.version ?? 'unknown'}, ${median.toFixed(1)} ms round trip`;
}

/** The snapshot the live schema must equal: the environment's, else the baseline; undefined when neither exists. */
function expectedSnapshot(envName: string, config: ResolvedConfig): string | undefined {
  const own = config.environments[envName]?.snapshot;
  const candidates = [...(own ? [own] : []), config.baseline];
  return candidates.find((path) => existsSync(path));
}

async function runCheck(cli: CliContext, options: CheckOptions, globals: GlobalOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) {
    throw new SchemaguardError(`--format takes ${FORMATS.join(', ')}, not "${options.format}".`);
  }
  requireGivenRefs(cli.cwd, options.schema);
  const config = await cli.loadConfig(globals);
  const list = new Checklist();
  let title: string;
  if (options.schema) {
    // Offline: the schema assertions against a snapshot, the models or the migrations.
    const schema = await loadSchema(options.schema, { config });
    title = `Schema assertions on ${schema.source}`;
    await assertionChecks(list, schema, config);
  } else {
    const ref = sourceRef(undefined, options, config);
    const parsed = parseRef(ref);
    if (parsed.kind !== 'environment' && parsed.kind !== 'database') {
      throw new SchemaguardError(`check works on a database: --db URL or --env NAME, not ${ref}.`);
    }
    const envName = parsed.kind === 'environment' ? parsed.name : 'database';
    // A database that cannot be named (no such environment, a malformed URL) is a bad input,
    // exit code 2; one that does not answer is a failed connectivity check.
    await checkRefs([ref], config);
    title = `Pre-deploy checks for ${envName}`;
    await gitChecks(cli, list, envName, config);
    await databaseChecks(cli, list, ref, envName, config, options);
  }
  const skipping = skipVerification(options, cli.env);
  const items = list.items.map((item) =>
    skipping && item.status === 'failed' && SCHEMA_GROUPS.includes(item.group)
      ? { ...item, status: 'warning' as const, message: `SKIPPED: ${item.message}` }
      : item,
  );
  await cli.writeResult(render(options.format, title, items), options.output);
  return items.some((item) => item.status === 'failed') ? 1 : 0;
}

/** Connectivity, then the schema against its snapshot, the migrations, the assertions and the SQL and command checks. */
async function databaseChecks(
  cli: CliContext,
  list: Checklist,
  ref: string,
  envName: string,
  config: ResolvedConfig,
  options: CheckOptions,
): Promise<void> {
  // Opened and closed around each use: an embedded database is open in one place at a time.
  const connected = await list.run('connectivity', 'connection', async () => {
    const client = await openDatabase(ref, config, options);
    try {
      return passed(await connectivity(client));
    } finally {
      await client.close();
    }
  });
  if (connected !== 'passed') {
    list.skip('schema', 'schema consistency', 'no connection');
    list.skip('migrations', 'migration status', 'no connection');
    for (const assertion of checkAssertions(emptySchema(), config.assertions)) {
      list.skip('assertion', assertion.name, 'no connection');
    }
    for (const check of config.checks) list.skip(isSqlCheck(check) ? 'sql' : 'command', check.name, 'no connection');
    return;
  }
  const folder = options.dir || config.migrations ? await folderOf(options.dir, config) : undefined;
  let state: DatabaseState | undefined;
  let live: LoadedSchema | undefined;
  // The live schema is read once, with the migrations' state when there is a folder, by the first line.
  await list.run('schema', 'schema consistency', async () => {
    state = folder ? await databaseState(cli, folder, ref, config, options, { update: () => {} }) : undefined;
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
    noteVersionSkew(cli, `${cli.shown(expected)} was written from`, 'the database runs', sides);
    const { changes, acrossVersions } = compareSchemas(dialectByName(live.dialect), snapshot.schema, live.schema, {
      sides,
    });
    const shown = cli.shown(expected);
    for (const line of acrossVersions) cli.noteOnce(`info: ${line}`);
    return changes.length === 0
      ? passed(`matches ${shown}${notComparedSuffix(acrossVersions)}`)
      : failed(`differs from ${shown}: ${summarizeChanges(changes)}`);
  });
  await list.run('migrations', 'migration status', async () => {
    if (!folder) return skipped('no migration folder configured');
    if (!state) return skipped('the database schema could not be read');
    const problems = verificationProblems(state);
    const pending = state.statuses.filter(awaitsRun);
    if (problems.length > 0) return failed(problems.join('; '));
    if (pending.length > 0 && !options.allowPending) {
      return failed(
        `${pending.length} pending: ${listed(pending.map((s) => s.path ?? s.version))} (--allow-pending before a migration run)`,
      );
    }
    const applied = state.statuses.length - pending.length;
    for (const line of state.report.acrossVersions ?? []) cli.noteOnce(`info: ${line}`);
    const notCompared = notComparedSuffix(state.report.acrossVersions ?? []);
    return passed(
      `${applied} applied${pending.length ? `, ${pending.length} pending (allowed)` : ''}, no drift${notCompared}`,
    );
  });
  if (live) await assertionChecks(list, live, config);
  const sqlChecks = config.checks.filter(isSqlCheck);
  if (sqlChecks.length > 0) {
    const client = await openDatabase(ref, config, options);
    try {
      for (const check of sqlChecks) {
        await list.run('sql', check.name, async () => {
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
    await list.run('command', check.name, async () => {
      const result = await runCommandCheck(check, { cwd: config.root, env: config.env });
      return result.passed ? passed(result.message) : failed(result.message);
    });
  }
}

/** The schema assertions of the config, one line each. */
async function assertionChecks(list: Checklist, schema: LoadedSchema, config: ResolvedConfig): Promise<void> {
  for (const result of checkAssertions(schema.schema, config.assertions)) {
    await list.run('assertion', result.name, async () =>
      result.passed ? passed(result.message) : failed(result.message),
    );
  }
}

function counts(items: readonly ChecklistItem[]): string {
  const n = (status: Status) => items.filter((i) => i.status === status).length;
  return `${n('passed')} passed, ${n('failed')} failed, ${n('warning')} skipped by override, ${n('skipped')} not run`;
}

function verdict(items: readonly ChecklistItem[]): string {
  if (items.some((i) => i.status === 'failed')) return 'FAILED';
  if (items.some((i) => i.status === 'warning')) return 'PASSED WITH VERIFICATION SKIPPED';
  return 'PASSED';
}

/** The checklist in a format. */
function render(format: string, title: string, items: readonly ChecklistItem[]): string {
  const label = (item: ChecklistItem) => (item.group === item.name ? item.name : `${item.group}: ${item.name}`);
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        {
          title,
          result: verdict(items),
          verificationSkipped: items.some((i) => i.status === 'warning'),
          checks: items,
        },
        null,
        2,
      )}\n`;
    case 'markdown': {
      const rows = items.map(
        (i) => `| ${MARK[i.status]} | ${label(i)} | ${i.message.replaceAll('|', '\\|')} | ${i.ms} ms |`,
      );
      return `### ${title}: ${verdict(items)}\n\n| | Check | Result | Time |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n\n${counts(items)}\n`;
    }
    case 'github': {
      const escape = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
      const lines = items
        .filter((i) => i.status === 'failed' || i.status === 'warning')
        .map((i) => `::${i.status === 'failed' ? 'error' : 'warning'} title=check: ${label(i)}::${escape(i.message)}`);
      lines.push(`::notice title=${title}::${verdict(items)}: ${counts(items)}`);
      return `${lines.join('\n')}\n`;
    }
    default: {
      const lines = [
        title,
        '',
        ...items.map(
          (i) => `${MARK[i.status]} ${label(i)}: ${i.message}${i.status === 'skipped' ? '' : ` (${i.ms} ms)`}`,
        ),
        '',
        `${verdict(items)}: ${counts(items)}`,
      ];
      if (items.some((i) => i.status === 'warning')) {
        lines.push('WARNING: schema verification was SKIPPED (--skip-verification or SCHEMAGUARD_SKIP_VERIFICATION).');
      }
      return `${lines.join('\n')}\n`;
    }
  }
}

/** `schemaguard check`: the pre-deploy checklist of the seeds' `pre-deploy-checks.sh`. */
export function registerCheck(program: Command, run: Run): void {
  program
    .command('check')
    .summary('pre-deploy checks: git, connectivity, schema, migrations, assertions, your own checks')
    .description(
      "Before a deployment (the seeds' pre-deploy-checks.sh): a checklist, each line passed (✓), failed (✗) or not run (-) with a one-line reason and its time. git: a clean working tree, the environment's branch, not behind the upstream. The database: connects (server version, round trip), its schema equals the environment's snapshot (else the baseline), its migrations are all applied with no drift (--allow-pending before a migration run), the config's schema assertions hold, its SQL checks return a row; then the config's command checks exit 0. --schema REF checks only the assertions, offline, against a snapshot, the models or the migrations. Exit code 1 when a check fails; --skip-verification (or SCHEMAGUARD_SKIP_VERIFICATION=true) turns failed schema checks into warnings (exit 0, said loudly).",
    )
    .option('--db <url>', 'the database')
    .option('--env <name>', 'the database, from the config')
    .option('--dir <path>', 'the migration folder (default: the config\'s "migrations")')
    .option('--allow-pending', 'pending migrations are not a failure (a gate before migrate apply)')
    .option('--skip-verification', 'failed schema checks become warnings (emergencies only)')
    .option('--schema <ref>', 'only the schema assertions, against this schema (offline)')
    .option('--format <format>', 'text, json, markdown or github', 'text')
    .option('-o, --output <file>', 'write the checklist here')
    .option('--connect-timeout <seconds>', 'give up connecting after this long')
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard check --env production\n  $ schemaguard check --env staging --allow-pending --format github\n  $ schemaguard check --schema drizzle:./src/db/schema.ts\n',
    )
    .action((options: CheckOptions, cmd: Command) =>
      run((cli) => runCheck(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
