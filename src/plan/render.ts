import type { Plan, Statement } from './plan.js';

function statementSql(statement: Statement): string {
  const notes = statement.hazards.map((h) => `-- hazard ${h.hazard}: ${h.message}`);
  if (!statement.transactional) notes.push('-- not transactional: run this statement outside a transaction block');
  return [...notes, statement.script ?? statement.sql].join('\n');
}

/**
 * A plan as a SQL script: statements in order, each risky one with a comment line per
 * hazard above it, and statements withheld by `--safe` listed as comments at the end.
 */
export function renderPlanSql(plan: Plan, header?: string): string {
  const parts: string[] = [];
  if (header) parts.push(`-- ${header}`);
  if (plan.statements.length === 0 && plan.withheld.length === 0) {
    parts.push('-- No differences: nothing to do.');
    return `${parts.join('\n\n')}\n`;
  }
  parts.push(...plan.statements.map(statementSql));
  if (plan.withheld.length > 0) {
    const withheld = plan.withheld.map((s) =>
      statementSql(s)
        .split('\n')
        .map((line) => (line.startsWith('--') ? line : `-- ${line}`))
        .join('\n'),
    );
    parts.push(
      `-- Withheld by --safe: these statements destroy data. Review them and run them by hand when you mean it.\n\n${withheld.join('\n\n')}`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * The warning a command prints (on stderr) for a plan made with `--online` where some
 * statements cannot run online: one line each, saying why; empty when all can.
 */
export function renderOffline(offline: readonly string[] = []): string {
  if (offline.length === 0) return '';
  const what =
    offline.length === 1
      ? '1 statement cannot run online: it blocks writes while it runs'
      : `${offline.length} statements cannot run online: they block writes while they run`;
  return `warning: ${what}:\n${offline.map((line) => `  - ${line}\n`).join('')}`;
}

/** A plan as stable JSON: each statement with its SQL, the change it implements, its hazards and whether it is transactional. */
export function renderPlanJson(plan: Plan): string {
  const statement = (s: Statement) => ({
    sql: s.sql,
    change: s.change ?? null,
    transactional: s.transactional,
    hazards: s.hazards,
  });
  return `${JSON.stringify({ statements: plan.statements.map(statement), withheld: plan.withheld.map(statement) }, null, 2)}\n`;
}
