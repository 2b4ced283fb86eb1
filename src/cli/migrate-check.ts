import type { Command } from 'commander';
import type { ResolvedConfig } from '../config/load.js';
import { type CompareReport, renderJson, renderMarkdown, renderText } from '../report/compare.js';
import { githubAnnotation } from '../report/github-annotation.js';
import { redactUrl } from '../redact.js';
import { shadowOnEnvironmentServer } from '../workflows/shadow-server.js';
import { type CheckOptions, type Finding, checkMigrationFolder } from '../workflows/migrate-check.js';
import { type CliContext, type GlobalOptions, type Run } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import { MIGRATE_FORMATS, formatOption, migrationDirOption, outputOption, strictCodeOption } from './options.js';

async function runCheck(cli: CliContext, options: CheckOptions, globals: GlobalOptions): Promise<number> {
  requireGivenRefs(cli.cwd, options.models);
  return checkMigrations(cli, options, await cli.loadConfig(globals));
}

/**
 * `migrate check` with a loaded config: prints its report and resolves to the exit code (0 or 1).
 * An engine with no embedded database and no `shadow` server in the config replays on the
 * server of the first environment that has one, and says which.
 */
export async function checkMigrations(cli: CliContext, options: CheckOptions, loaded: ResolvedConfig): Promise<number> {
  const { config, environment } = shadowOnEnvironmentServer(loaded);
  if (environment !== undefined && config.shadow !== undefined) {
    cli.err(
      `Replaying the migrations on the server of environment "${environment}" (${serverOf(config.shadow)}): the config names no "shadow" server.\n`,
    );
  }
  const result = await checkMigrationFolder(cli.workflow('schemaguard migrate check'), options, config);
  await cli.writeResult(
    renderFindings(
      result.findings,
      options.format,
      result.report,
      options.fix ? undefined : result.missingSql,
      result.modelsChecked,
    ),
    options.output,
  );
  return result.code;
}

/** The server of a URL as a person names it, without password or database: `mysql://root@db.internal:3306`. */
function serverOf(url: string): string {
  try {
    const { protocol, username, host } = new URL(url);
    return `${protocol}//${username ? `${username}@` : ''}${host}`;
  } catch {
    return redactUrl(url);
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
      .map((f) =>
        githubAnnotation(f.kind === 'hazard' || f.notice ? 'warning' : 'error', `migrate check: ${f.kind}`, f.message),
      )
      .join('\n')
      .concat(findings.length ? '\n' : '');
  }
  if (format === 'markdown') {
    const rows = findings.map((f) => `| ${f.kind} | ${f.message.replaceAll('|', '\\|')} |`);
    return `### Migration check\n\n${findings.length ? `| Finding | Detail |\n| --- | --- |\n${rows.join('\n')}\n` : 'All good.\n'}${report ? `\n${renderMarkdown(report)}` : ''}`;
  }
  const lines = findings.map((f) => `${f.kind === 'hazard' || f.notice ? '!' : '✗'} ${f.kind}: ${f.message}`);
  if (report) lines.push('', renderText(report, { color: false }).trimEnd());
  if (sql) lines.push('', 'The missing migration:', '', sql.trimEnd());
  if (findings.every((f) => f.notice)) {
    lines.push(
      `✓ The migrations load and have no conflicts${modelsChecked ? ', and they match the models' : ' (no models to compare them with)'}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `schemaguard migrate check`: the offline checks of the migration folder. */
export function registerMigrateCheck(migrate: Command, run: Run): void {
  migrate
    .command('check')
    .description(
      'Offline (no database): every migration loads on the shadow database (the failing file and line are named), no two share a version, none is older than the newest on --base-ref, and the models match the replay of the migrations (else the missing migration is printed; --fix writes it). Also lists the hazards of each migration new since --base-ref. Exit code 1 on any failure.',
    )
    .addOption(migrationDirOption())
    .option('--models <ref>', 'the models (default: the config\'s "models")')
    .option('--base-ref <rev>', 'the git revision the branch starts from, e.g. main')
    .option('--strict-models', 'compare the models on everything, also what their ORM cannot express')
    .option('--fix', 'write the missing migration')
    .option('--name <name>', 'the name of the migration --fix writes', 'missing_migration')
    .addOption(strictCodeOption())
    .addOption(formatOption(MIGRATE_FORMATS, 'text', 'how to write the report'))
    .addOption(outputOption('write the report here'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate check\n  $ schemaguard migrate check --base-ref main --format github\n  $ schemaguard migrate check --fix --name add_resource_id\n',
    )
    .action((options: CheckOptions, cmd: Command) =>
      run((cli) => runCheck(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
