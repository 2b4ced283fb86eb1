import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { dialectByName } from '../dialects/index.js';
import { diff } from '../diff/index.js';
import { migration } from '../plan/migration.js';
import { SchemaguardError } from '../errors.js';
import { currentCommit } from '../git/repo.js';
import type { MigrationFile } from '../migrations/formats.js';
import { renderPlanSql } from '../plan/render.js';
import { renderText } from '../report/compare.js';
import { fixMigration } from '../plan/fix.js';
import { stampedName } from '../schema/stamped.js';
import { type LoadedSchema, loadSchema } from '../sources/load.js';
import { TOOL_VERSION } from '../version.js';
import type { ApplyOptions } from './apply.js';
import { type CliContext, type GlobalOptions, type Run, sourceRef, wholeNumber } from './context.js';
import { requireGivenRefs } from './given-refs.js';
import {
  type DatabaseState,
  databaseState,
  folderOf,
  migrationsAfterSchema,
  verificationProblems,
} from './migrate-state.js';
import {
  type ProtocolSubject,
  describeTimeouts,
  executeWithRunner,
  protocolFlags,
  protocolTarget,
  requireConfirmation,
  runProtocol,
  statementTimeouts,
} from './protocol.js';

interface RollbackOptions extends ApplyOptions {
  readonly to: string;
}

/** `--to`: a snapshot or backup file, else a git revision (the baseline file as it was there). */
function targetRef(to: string): string {
  if (to.startsWith('git:')) return to;
  if (existsSync(to)) return resolve(to);
  // A snapshot file's name is not a revision: say that the file is missing.
  if (to.endsWith('.json')) requireGivenRefs(to);
  return `git:${to}`;
}

async function runRollback(cli: CliContext, options: RollbackOptions, globals: GlobalOptions): Promise<number> {
  if (!['text', 'json'].includes(options.format)) {
    throw new SchemaguardError(`--format takes text or json, not "${options.format}".`);
  }
  const lockWaitMs = wholeNumber(options.lockTimeout, '--lock-timeout') * 1000;
  const to = targetRef(options.to);
  const config = await cli.loadConfig(globals);
  const timeouts = statementTimeouts(config, options);
  // Read first: a bad --to file or revision stops the rollback before it starts.
  const expected = await loadSchema(to, { config });
  const folder = options.dir || config.migrations ? await folderOf(options.dir, config) : undefined;
  const ref = sourceRef(undefined, options, config);
  const target = protocolTarget(ref, config, options);
  requireConfirmation(target, options);
  const progress = cli.progressReporter('schemaguard rollback');
  let live: LoadedSchema | undefined;
  let state: DatabaseState | undefined;
  let rollback: MigrationFile | undefined;
  let undone: MigrationFile[] = [];
  const subject: ProtocolSubject = {
    command: 'rollback',
    async preVerify(session) {
      try {
        if (!folder) {
          live = await loadSchema(ref, { config });
          return { problems: [], live };
        }
        state = await session.consistently((snapshot) =>
          databaseState(cli, folder, ref, config, options, progress, { snapshot }),
        );
        live = state.live;
        return { problems: verificationProblems(state), live };
      } finally {
        progress.done();
      }
    },
    async plan() {
      if (!live) throw new Error('plan before pre-verify');
      const dialect = dialectByName(live.dialect);
      // The report reads the way the rollback goes, each difference with what it does and its hazards.
      const forward = fixMigration(dialect, live.schema, expected.schema, { sides: { from: live, to: expected } });
      const reverse = migration(dialect, expected.schema, live.schema, { sides: { from: expected, to: live } });
      if (folder?.format === 'plain' && state) undone = await migrationsAfterSchema(folder, state, expected, config);
      const sql = renderPlanSql(
        forward.plan,
        `schemaguard ${TOOL_VERSION}: rollback of ${live.source} to ${options.to}`,
      );
      const reverseSql = renderPlanSql(reverse.plan, `schemaguard ${TOOL_VERSION}: the reverse of that rollback`);
      const transactional = forward.plan.statements.every((s) => s.transactional);
      rollback =
        forward.changes.length === 0
          ? undefined
          : {
              version: `rollback_${stampedName(new Date(), await currentCommit(cli.cwd))}`,
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
        timeouts: describeTimeouts(timeouts),
      };
    },
    async execute({ session, skippedVerification, say, applied }) {
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
  return runProtocol(cli, subject, target, { ...options, lockWaitMs });
}

/** `schemaguard rollback`: back to an earlier schema through the safety protocol. */
export function registerRollback(program: Command, run: Run): void {
  const rollback = program
    .command('rollback')
    .summary('take a database back to an earlier schema, safely')
    .description(
      'Computes the plan from the live database to an earlier schema — a git revision (the baseline file as it was there), a snapshot file, or a backup written by migrate apply — shows it with its hazards and the reverse plan, and applies it through the same protocol as migrate apply (pre-verify, backup, plan, confirm, execute with its own history row, post-verify that the database now equals the target, system checks, snapshot). Migrations the rollback undoes are recorded as rolled back, so they count as pending again. Exit code 1 when a step fails, 2 when it could not run.',
    )
    .requiredOption('--to <ref>', 'the schema to go back to: a git revision, a snapshot file or a backup');
  protocolFlags(rollback)
    .addHelpText(
      'after',
      '\nExamples:\n  $ schemaguard rollback --env staging --to HEAD~1 --dry-run\n  $ schemaguard rollback --env production --to "$(ls database_schema/backups/production/*.json | tail -n 1)"\n  $ schemaguard rollback --db "$DATABASE_URL" --to v1.4.0 --yes --allow-data-loss\n',
    )
    .action((options: RollbackOptions, cmd: Command) =>
      run((cli) => runRollback(cli, options, cmd.optsWithGlobals<GlobalOptions>())),
    );
}
