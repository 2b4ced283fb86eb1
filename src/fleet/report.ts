/**
 * A fleet run's report: a JSON Lines file (a header, a line per target, a footer) that shard
 * runs write and `fleet merge` joins, and the summary that groups targets with the same
 * result, so that a thousand targets read as a few lines.
 */
import { SchemaguardError } from '../errors.js';
import type { TargetOutcome, TargetResult } from './run.js';

/** The fleet commands. */
export type FleetCommand = 'status' | 'check' | 'compare' | 'apply' | 'rollback';

/** The first line of a report. */
export interface ReportHeader {
  readonly fleet: string;
  readonly command: FleetCommand;
  /** `I/N` when the run took one shard of the fleet. */
  readonly shard?: string;
  /** Targets this run was to cover. */
  readonly targets: number;
  readonly started: string;
}

/** The last line of a report: its run ended (a report without one was cut short). */
export interface ReportFooter {
  readonly done: true;
  readonly ms: number;
  readonly notStarted: readonly string[];
  readonly stoppedBy?: string;
}

const OUTCOMES: readonly TargetOutcome[] = ['ok', 'differs', 'failed', 'error', 'timeout', 'stopped'];

/** The JSON Lines text of a header, a result or a footer. */
export function reportLine(entry: ReportHeader | TargetResult | ReportFooter): string {
  if ('outcome' in entry) {
    const { name, outcome, ms, details, error } = entry;
    return `${JSON.stringify({ name, outcome, ms, details, ...(error ? { error } : {}) })}\n`;
  }
  return `${JSON.stringify(entry)}\n`;
}

/** Targets with the same result. */
export interface ResultGroup {
  readonly outcome: TargetOutcome;
  readonly details: readonly string[];
  readonly error?: string;
  readonly names: string[];
}

/** The results of a run (or of merged shard runs), grouped as they come. Keeps only the groups. */
export class FleetSummary {
  private readonly groups = new Map<string, ResultGroup>();
  readonly counts: Record<TargetOutcome, number> = { ok: 0, differs: 0, failed: 0, error: 0, timeout: 0, stopped: 0 };
  notStarted: string[] = [];
  stoppedBy: string | undefined;
  /** Targets the run was to cover (those that ran and those that did not start). */
  planned = 0;

  constructor(
    readonly fleet: string,
    readonly command: FleetCommand,
  ) {}

  add(result: TargetResult): void {
    const key = JSON.stringify([result.outcome, result.details, result.error ?? '']);
    let group = this.groups.get(key);
    if (!group) {
      group = {
        outcome: result.outcome,
        details: result.details,
        ...(result.error ? { error: result.error } : {}),
        names: [],
      };
      this.groups.set(key, group);
    }
    group.names.push(result.name);
    this.counts[result.outcome]++;
  }

  get total(): number {
    return OUTCOMES.reduce((sum, o) => sum + this.counts[o], 0);
  }

  /** The groups: `ok` first, then the largest, ties by their first target's name; names sorted. */
  ordered(): ResultGroup[] {
    const groups = [...this.groups.values()].map((g) => ({ ...g, names: [...g.names].sort(byText) }));
    return groups.sort(
      (a, b) =>
        Number(b.outcome === 'ok') - Number(a.outcome === 'ok') ||
        b.names.length - a.names.length ||
        byText(a.names[0] ?? '', b.names[0] ?? ''),
    );
  }

  /** 0 when every target ran and ended `ok`; 1 otherwise. */
  get exitCode(): number {
    return this.total === this.counts.ok && this.notStarted.length === 0 ? 0 : 1;
  }
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a group's targets have in common, as a verb phrase after their count. */
function groupPhrase(command: FleetCommand, group: ResultGroup, plural: boolean): string {
  const are = plural ? 'are' : 'is';
  const have = plural ? 'have' : 'has';
  switch (group.outcome) {
    case 'ok':
      switch (command) {
        case 'compare':
          return 'match';
        case 'status':
          return `${are} up to date`;
        case 'check':
          return `pass${plural ? '' : 'es'} every check`;
        case 'apply':
          return group.details.length === 0
            ? 'had nothing to apply'
            : group.details[0]?.startsWith('would run ')
              ? 'would apply (dry run)'
              : 'applied';
        case 'rollback':
          return 'rolled back';
      }
      break;
    case 'differs':
      return command === 'status' ? `${have} pending migrations or drift` : 'differ';
    case 'failed':
      return 'failed';
    case 'error':
      return 'could not run';
    case 'timeout':
      return 'timed out';
    case 'stopped':
      return `${plural ? 'were' : 'was'} stopped`;
  }
  return group.outcome;
}

/** How many target names a text summary lists per group (the JSON Lines report has them all). */
const NAMES_SHOWN = 8;

/** The text summary: a line per group, its details indented, then its targets. */
export function renderSummaryText(summary: FleetSummary, shard?: string): string {
  const planned = Math.max(summary.planned, summary.total + summary.notStarted.length);
  const lines = [
    `Fleet ${summary.fleet}, ${summary.command}${shard ? ` (shard ${shard})` : ''}: ${planned} target${planned === 1 ? '' : 's'}`,
  ];
  const width = String(planned).length;
  const groups = summary.ordered();
  for (const group of groups) {
    const count = group.names.length;
    const phrase = groupPhrase(summary.command, group, count > 1);
    const [errorFirst, ...errorRest] = (group.error ?? '').split('\n');
    const reason = group.error ? `: ${errorFirst}` : group.details.length > 0 ? ':' : '';
    lines.push(`  ${String(count).padStart(width)} ${phrase}${reason}`);
    for (const line of errorRest) lines.push(`  ${' '.repeat(width)}   ${line.trim()}`);
    for (const detail of group.details.slice(0, 20)) lines.push(`  ${' '.repeat(width)}   ${detail}`);
    if (group.details.length > 20) lines.push(`  ${' '.repeat(width)}   … and ${group.details.length - 20} more`);
    if (group.outcome !== 'ok' || groups.length > 1) {
      const shown = group.names.slice(0, NAMES_SHOWN).join(', ');
      const more = count > NAMES_SHOWN ? ` and ${count - NAMES_SHOWN} more` : '';
      lines.push(`  ${' '.repeat(width)}   (${shown}${more})`);
    }
  }
  if (summary.notStarted.length > 0) {
    const why =
      summary.stoppedBy === 'canary'
        ? 'the canary failed'
        : summary.stoppedBy === 'max-failures'
          ? 'too many targets failed (--max-failures)'
          : 'the run was interrupted';
    lines.push(`  ${summary.notStarted.length} not started: ${why}. Run the command again to go on.`);
  }
  const failing = OUTCOMES.filter((o) => o !== 'ok' && summary.counts[o] > 0).map((o) => `${summary.counts[o]} ${o}`);
  lines.push(
    '',
    summary.exitCode === 0
      ? `All ${summary.total} ok.`
      : `${summary.counts.ok} ok, ${[...failing, ...(summary.notStarted.length ? [`${summary.notStarted.length} not started`] : [])].join(', ')}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The summary as JSON: the counts and every group with all its targets. */
export function renderSummaryJson(summary: FleetSummary): string {
  return `${JSON.stringify(
    {
      fleet: summary.fleet,
      command: summary.command,
      targets: Math.max(summary.planned, summary.total + summary.notStarted.length),
      counts: summary.counts,
      notStarted: summary.notStarted,
      ...(summary.stoppedBy ? { stoppedBy: summary.stoppedBy } : {}),
      groups: summary.ordered(),
    },
    null,
    2,
  )}\n`;
}

/** One shard run's report, read back. */
export interface ParsedReport {
  readonly header: ReportHeader;
  readonly results: TargetResult[];
  readonly footer: ReportFooter;
}

/** Reads a report's text; `shownAs` names it in errors. A report cut short (no footer) is an error. */
export function parseReport(text: string, shownAs: string): ParsedReport {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new SchemaguardError(`${shownAs} is not a fleet report: line ${index + 1} is not JSON.`);
    }
  });
  const [header, ...rest] = parsed;
  if (!header || typeof header.fleet !== 'string' || typeof header.command !== 'string') {
    throw new SchemaguardError(`${shownAs} is not a fleet report: its first line is not a report header.`);
  }
  const footer = rest.at(-1);
  if (!footer || footer.done !== true) {
    throw new SchemaguardError(
      `${shownAs} is incomplete: its run stopped before the end (no closing line). Run that shard again.`,
    );
  }
  const results = rest.slice(0, -1).map((entry, index) => {
    if (
      typeof entry.name !== 'string' ||
      typeof entry.outcome !== 'string' ||
      !OUTCOMES.includes(entry.outcome as TargetOutcome) ||
      !Array.isArray(entry.details)
    ) {
      throw new SchemaguardError(`${shownAs} is not a fleet report: line ${index + 2} is not a target's result.`);
    }
    return entry as unknown as TargetResult;
  });
  return { header: header as unknown as ReportHeader, results, footer: footer as unknown as ReportFooter };
}

/**
 * Joins shard reports into one summary: they must be of one fleet and command, and of shards
 * 1…N of one N (or a single unsharded run), each once; a target reported twice is an error.
 */
export function mergeReports(reports: readonly (ParsedReport & { shownAs: string })[]): FleetSummary {
  const [first] = reports;
  if (!first) throw new SchemaguardError('Name the reports to merge.');
  const { fleet, command } = first.header;
  const shards = new Map<number, string>();
  let count: number | undefined;
  for (const report of reports) {
    if (report.header.fleet !== fleet || report.header.command !== command) {
      throw new SchemaguardError(
        `${report.shownAs} is a report of fleet ${report.header.fleet} ${report.header.command}, not of ${fleet} ${command}.`,
      );
    }
    const [index, of] = (report.header.shard ?? '1/1').split('/').map(Number) as [number, number];
    if (count !== undefined && of !== count) {
      throw new SchemaguardError(
        `${report.shownAs} is shard ${index}/${of}, but another report is of ${count} shards.`,
      );
    }
    count = of;
    const other = shards.get(index);
    if (other) throw new SchemaguardError(`${report.shownAs} and ${other} are both shard ${index}/${of}.`);
    shards.set(index, report.shownAs);
  }
  const missing = Array.from({ length: count ?? 1 }, (_, i) => i + 1).filter((i) => !shards.has(i));
  if (missing.length > 0) {
    throw new SchemaguardError(
      `Shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: the fleet is covered only with every shard's report.`,
    );
  }
  const summary = new FleetSummary(fleet, command);
  const seen = new Set<string>();
  for (const report of reports) {
    for (const result of report.results) {
      if (seen.has(result.name)) {
        throw new SchemaguardError(`The target ${result.name} is in more than one report (${report.shownAs}).`);
      }
      seen.add(result.name);
      summary.add(result);
    }
    summary.notStarted.push(...report.footer.notStarted);
    summary.planned += report.header.targets;
    summary.stoppedBy ??= report.footer.stoppedBy;
  }
  return summary;
}
