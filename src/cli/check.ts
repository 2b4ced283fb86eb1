import type { Command } from 'commander';
import { githubAnnotation } from '../report/github-annotation.js';
import { type ChecklistItem, type ChecklistStatus, type Checklist, runChecklist } from '../workflows/check.js';
import type { SourceOptions } from '../workflows/source-options.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import {
  connectTimeoutOption,
  dbOption,
  envOption,
  formatOption,
  migrationDirOption,
  outputOption,
} from './options.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

const FORMATS = ['text', 'json', 'markdown', 'github'];

interface CheckOptions extends SourceOptions {
  readonly dir?: string;
  readonly allowPending?: boolean;
  readonly skipVerification?: boolean;
  readonly schema?: string;
  readonly format: string;
  readonly output?: string;
}

const MARK: Record<ChecklistStatus, string> = { passed: '✓', failed: '✗', skipped: '-', warning: '!' };

async function runCheck(cli: CliContext, options: CheckOptions, globals: GlobalOptions): Promise<number> {
  requireGivenRefs(cli.cwd, options.schema);
  const loaded = await cli.loadConfig(globals);
  const database = options.schema ? undefined : sourceRef(undefined, options, loaded);
  const config = database === undefined ? loaded : shadowOnDatabaseServer(loaded, database);
  const checklist = await runChecklist(cli.workflow('schemaguard check'), {
    config,
    target: database === undefined ? { schema: options.schema as string } : { database },
    dir: options.dir,
    allowPending: options.allowPending,
    skipVerification: options.skipVerification,
    connectTimeout: options.connectTimeout,
  });
  await cli.writeResult(render(options.format, checklist), options.output);
  return checklist.passed ? 0 : 1;
}

function counts(items: readonly ChecklistItem[]): string {
  const n = (status: ChecklistStatus) => items.filter((i) => i.status === status).length;
  return `${n('passed')} passed, ${n('failed')} failed, ${n('warning')} skipped by override, ${n('skipped')} not run`;
}

function verdict(items: readonly ChecklistItem[]): string {
  if (items.some((i) => i.status === 'failed')) return 'FAILED';
  if (items.some((i) => i.status === 'warning')) return 'PASSED WITH VERIFICATION SKIPPED';
  return 'PASSED';
}

/** The checklist in a format. */
function render(format: string, { subject, items }: Checklist): string {
  const title =
    'schema' in subject ? `Schema assertions on ${subject.schema}` : `Pre-deploy checks for ${subject.environment}`;
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
      const lines = items
        .filter((i) => i.status === 'failed' || i.status === 'warning')
        .map((i) => githubAnnotation(i.status === 'failed' ? 'error' : 'warning', `check: ${label(i)}`, i.message));
      lines.push(githubAnnotation('notice', title, `${verdict(items)}: ${counts(items)}`));
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
    .addOption(dbOption('the database'))
    .addOption(envOption('the database, from the config'))
    .addOption(migrationDirOption())
    .option('--allow-pending', 'pending migrations are not a failure (a gate before migrate apply)')
    .option('--skip-verification', 'failed schema checks become warnings (emergencies only)')
    .option('--schema <ref>', 'only the schema assertions, against this schema (offline)')
    .addOption(formatOption(FORMATS, 'text', 'how to write the checklist'))
    .addOption(outputOption('write the checklist here'))
    .addOption(connectTimeoutOption('give up connecting after this long'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard check --env production\n  $ schemaguard check --env staging --allow-pending --format github\n  $ schemaguard check --schema drizzle:./src/db/schema.ts\n',
    )
    .action((options: CheckOptions, cmd: Command) =>
      run((cli) => runCheck(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
