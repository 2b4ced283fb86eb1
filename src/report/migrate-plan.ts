/**
 * The report of `migrate plan` (also shown by `migrate apply` before it asks): the
 * pre-verification, the pending migrations and the schema difference they make.
 */
import type { Change, Hazard } from '../diff/change.js';
import type { MigrationFile } from '../migrations/formats.js';
import { type CompareReport, jsonDifference, renderGithub, renderMarkdown, renderText } from './compare.js';
import { githubAnnotation } from './github-annotation.js';

/** What `migrate plan` reports: the pre-verification, the pending migrations and what they change. */
export interface PlanReport {
  readonly problems: readonly string[];
  readonly skipped: boolean;
  readonly pending: readonly MigrationFile[];
  readonly report: CompareReport;
  /** Code migrations the history does not record: neither run nor replayed by schemaguard. */
  readonly code: readonly string[];
}

/** `data-loss (1), lock (2)`: the hazards of some changes, counted. */
export function hazardCounts(changes: readonly Change[]): string {
  const counts = new Map<Hazard, number>();
  for (const hazard of changes.flatMap((c) => c.hazards)) counts.set(hazard, (counts.get(hazard) ?? 0) + 1);
  return [...counts].map(([h, n]) => `${h} (${n})`).join(', ') || 'none';
}

/** The plan report in a format: text, json, markdown or github. */
export function renderPlanReport(format: string, plan: PlanReport): string {
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
          notReplayedCode: plan.code,
        },
        null,
        2,
      )}\n`;
    case 'github':
      return [
        ...plan.problems.map((p) =>
          githubAnnotation(plan.skipped ? 'warning' : 'error', 'migrate plan: verification', p),
        ),
        renderGithub(plan.report).trimEnd(),
      ]
        .filter(Boolean)
        .join('\n')
        .concat('\n');
    case 'markdown': {
      const problems = plan.problems.map((p) => `- ${p.replaceAll('|', '\\|')}`).join('\n');
      const pending = [
        ...plan.pending.map((m) => `- \`${m.path}\``),
        ...plan.code.map((path) => `- \`${path}\`: not replayed (code)`),
      ];
      return `### Migration plan\n\nVerification: **${verification}**\n${problems ? `\n${problems}\n` : ''}\n#### Pending migrations\n\n${pending.join('\n') || 'None.'}\n\n#### Hazards\n\n${hazardCounts(plan.report.changes)}\n\n${renderMarkdown(plan.report)}`;
    }
    default: {
      const lines = [`Verification: ${verification}`, ...plan.problems.map((p) => `  ✗ ${p}`), ''];
      lines.push(plan.pending.length ? `Pending migrations (${plan.pending.length}):` : 'No pending migrations.');
      for (const m of plan.pending) lines.push(`  ${m.path}${m.transactional ? '' : '  (not transactional)'}`);
      if (plan.code.length) lines.push('', 'Not replayed (code), to be run by their own tool:');
      for (const path of plan.code) lines.push(`  ${path}`);
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
