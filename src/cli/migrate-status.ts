import { isAbsolute } from 'node:path';
import type { Command } from 'commander';
import type { MigrationHistory } from '../migrations/history.js';
import { type MigrationStatus, migrationLabel } from '../migrations/status.js';
import { type CompareReport, jsonDifference, renderGithub, renderMarkdown, renderText } from '../report/compare.js';
import { githubAnnotation } from '../report/github-annotation.js';
import { migrationSourceOf, sourceState } from '../workflows/django-state.js';
import type { DriftEntry, StatusOptions } from '../workflows/migrate-state.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef } from './context.js';
import { databaseReportOptions } from './options.js';
import { shadowOnDatabaseServer } from '../workflows/shadow-server.js';

/** Whether a status fails `migrate status`: anything not applied, except code migrations not run (unless strict). */
function failsStatus(status: MigrationStatus, strict: boolean | undefined): boolean {
  if (status.code) return strict === true || status.state === 'failed';
  return status.state !== 'applied';
}

function renderStatus(
  format: string,
  statuses: readonly MigrationStatus[],
  history: MigrationHistory | undefined,
  drift: readonly DriftEntry[],
  report: CompareReport,
  strict?: boolean,
): string {
  switch (format) {
    case 'json': {
      const json = {
        history: history ? { tool: history.tool, table: history.table } : null,
        migrations: statuses,
        drift: drift.map((d) => ({ ...jsonDifference(d.change), migration: d.migration ?? null })),
        ...(report.acrossVersions?.length ? { acrossVersions: report.acrossVersions } : {}),
      };
      return `${JSON.stringify(json, null, 2)}\n`;
    }
    case 'markdown': {
      const rows = statuses
        .map((s) => `| ${s.state}${s.code ? ', not replayed (code)' : ''} | ${s.version} | ${s.name} |`)
        .join('\n');
      return `### Migrations\n\n| State | Version | Name |\n| --- | --- | --- |\n${rows}\n\n${renderMarkdown(report)}`;
    }
    case 'github': {
      const lines = statuses
        .filter((s) => s.state !== 'applied' || (s.code && strict))
        .map((s) =>
          s.code
            ? githubAnnotation(
                failsStatus(s, strict) ? 'error' : 'notice',
                'migration not replayed (code)',
                `${s.path ?? s.version} is ${s.state}, a code migration: not replayed`,
              )
            : githubAnnotation(
                s.state === 'pending' || s.state === 'interrupted' ? 'warning' : 'error',
                `migration ${s.state}`,
                `${migrationLabel(s)} is ${s.state}`,
              ),
        );
      return [...lines, renderGithub(report).trimEnd()].filter(Boolean).join('\n').concat('\n');
    }
    default:
      return renderStatusText(statuses, history, drift, report);
  }
}

/**
 * A Django migration's line: `app.name`, its file when it is the project's (not Django's own
 * apps'), and what a squash stands for; a row without a migration is recorded but not on disk.
 */
function djangoStatusLine(s: MigrationStatus): string {
  const file = s.path && !isAbsolute(s.path) ? `  (${s.path})` : '';
  const squash = s.replaces ? `  squashes ${s.replaces.join(', ')}` : '';
  const replaced = s.squashedInto ? `  replaced by ${s.squashedInto}, which is partly applied` : '';
  const missing = s.state === 'unknown' ? '  recorded but not on disk' : '';
  return `  ${s.state.padEnd(11)} ${s.version}${file}${squash}${replaced}${missing}`;
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
    ...statuses.map((s) =>
      s.app === undefined
        ? `  ${s.state.padEnd(11)} ${s.version}${s.name ? ` ${s.name}` : ''}${s.path ? `  (${s.path})` : ''}${s.state === 'interrupted' ? `: ${s.statementsDone} of ${s.statements} statements done; migrate apply continues from statement ${(s.statementsDone ?? 0) + 1}` : ''}${s.code ? '  not replayed (code)' : ''}`
        : djangoStatusLine(s),
    ),
    '',
  ];
  if (drift.length === 0) {
    lines.push('No drift: the database matches the migrations it has applied.');
    lines.push(...(report.acrossVersions ?? []).map((line) => `info: ${line}`));
  } else {
    lines.push('Drift: the database differs from the replay of the migrations it has applied:', '');
    lines.push(renderText(report, { color: false }).trimEnd());
    for (const d of drift.filter((x) => x.migration)) lines.push(`  ${d.change.path}: made by ${d.migration}`);
  }
  const counts = (state: MigrationStatus['state']) => statuses.filter((s) => s.state === state && !s.code).length;
  const code = statuses.filter((s) => s.code).length;
  lines.push(
    '',
    `${counts('applied')} applied, ${counts('pending')} pending, ${counts('interrupted')} interrupted, ${counts('failed')} failed, ${counts('changed')} changed, ${counts('unknown')} unknown, ${drift.length} drifted${code ? `, ${code} not replayed (code)` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

async function runStatus(cli: CliContext, options: StatusOptions, globals: GlobalOptions): Promise<number> {
  const loaded = await cli.loadConfig(globals);
  const ref = sourceRef(undefined, options, loaded);
  const config = shadowOnDatabaseServer(loaded, ref);
  const source = await migrationSourceOf(options.dir, config, { ref, options });
  const progress = cli.progressReporter('schemaguard migrate status');
  try {
    const state = await sourceState(cli, source, ref, config, options, progress);
    await cli.writeResult(
      renderStatus(options.format, state.statuses, state.history, state.drift, state.report, options.strict),
      options.output,
    );
    const bad = state.statuses.some((s) => failsStatus(s, options.strict)) || state.drift.length > 0;
    return bad ? 1 : 0;
  } finally {
    progress.done();
  }
}

/** `schemaguard migrate status`: what a database has applied of the folder, and its drift. */
export function registerMigrateStatus(migrate: Command, run: Run): void {
  const command = migrate
    .command('status')
    .description(
      "For a database: which migrations of the folder (or of a Django project's apps) are applied, pending, failed, changed since they ran, or unknown to the folder (from the history table of prisma, drizzle, flyway, golang-migrate, dbmate, diesel, knex, kysely, TypeORM, Django, sequelize, Liquibase or schemaguard); then drift: the differences between the database and the replay of the migrations it has applied, each with the migration that made the object. Exit code 1 when anything is not applied or has drifted.",
    );
  for (const option of databaseReportOptions('write the report here')) command.addOption(option);
  command
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard migrate status --env production\n  $ schemaguard migrate status --db "$DATABASE_URL" --dir migrations --format json\n',
    )
    .action((options: StatusOptions, cmd: Command) =>
      run((cli) => runStatus(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
