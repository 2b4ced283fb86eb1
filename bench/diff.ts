/**
 * Benchmark: `schemaguard diff` and `compare` on two generated schemas, the base one and its `changed`
 * variant (about one change per 100 tables), as snapshot files and as live databases.
 *
 * Usage: `npm run bench:diff -- [--tables 5000] [--keep] [--write]`
 * Server: env SCHEMAGUARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * See bench/README.md for what is measured and the targets.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  COMMON_ARG_OPTIONS,
  REPETITIONS,
  type BenchSession,
  type RunResult,
  describeRun,
  formatPeak,
  formatSeconds,
  log,
  prepareDatabase,
  runBenchSession,
  serverUrlFromEnv,
  summarize,
  timedRun,
} from './lib.js';

const DEFAULT_TABLES = 5000;
const CLI = ['node', 'dist/cli/main.js'];
/** `diff` exits 1 when there are differences and `compare` when one is breaking: both are success here. */
const DIFFERENCES_EXIT_CODES = [0, 1] as const;
/** Issue 14's targets: `diff` and `compare` of the two files under 0.5 s; `compare` of the databases ≤ 1.5 dumps. */
const FILES_MAX_SECONDS = 0.5;
const DIFF_MAX_MB = 500;
const LIVE_COMPARE_MAX_RATIO = 1.5;
const MARKERS = {
  start: '<!-- diff-results:start -->',
  end: '<!-- diff-results:end -->',
  fallbackHeading: '## `schemaguard diff` and `compare`',
};

interface Options {
  serverUrl: string;
  tables: number;
  keep: boolean;
  write: boolean;
}

/** The files every command reads or writes, in the scratch folder. */
interface Files {
  base: string;
  changed: string;
  plan: string;
  planJson: string;
  report: string;
  live: string;
  dump: string;
}

interface Measured {
  dumpBaseOnce: RunResult;
  dumpChangedOnce: RunResult;
  diff: RunResult;
  compareFiles: RunResult;
  compareLive: RunResult;
  dumpBase: RunResult;
}

/** What the commands found, so a reader sees the work was real. */
interface Work {
  changes: number | undefined;
  liveChanges: number | undefined;
  statements: number | undefined;
  withheld: number | undefined;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: { ...COMMON_ARG_OPTIONS, tables: { type: 'string', default: String(DEFAULT_TABLES) } },
  });
  const tables = Number(values.tables);
  if (!Number.isInteger(tables) || tables < 1) throw new Error(`invalid --tables: ${values.tables}`);
  return { serverUrl: serverUrlFromEnv(), tables, keep: values.keep, write: values.write };
}

const dumpCommand = (url: string, output: string): string[] => [...CLI, 'dump', '--db', url, '--output', output];
const diffCommand = (files: Files): string[] => [...CLI, 'diff', files.base, files.changed, '--output', files.plan];
const compareCommand = (baseline: string, current: string, output: string): string[] => [
  ...CLI,
  'compare',
  baseline,
  current,
  '--format',
  'json',
  '--output',
  output,
];

/** Runs a command that must succeed once and fails the benchmark otherwise. */
async function runOnce(
  label: string,
  argv: string[],
  timeFile: string,
  successCodes: readonly number[] = [0],
): Promise<RunResult> {
  const run = await timedRun(argv, timeFile, successCodes);
  log(`${label}: ${describeRun(run)}`);
  if (!run.ok) throw new Error(`${label} failed: ${run.error}`);
  return run;
}

/** Dumps both databases to snapshot files, then runs the four measured commands alternately. */
async function measure(files: Files, baseUrl: string, changedUrl: string, timeFile: string): Promise<Measured> {
  const dumpBaseOnce = await runOnce('dump base → base.json', dumpCommand(baseUrl, files.base), timeFile);
  const dumpChangedOnce = await runOnce(
    'dump changed → changed.json',
    dumpCommand(changedUrl, files.changed),
    timeFile,
  );
  const runs: Record<'diff' | 'compareFiles' | 'compareLive' | 'dumpBase', RunResult[]> = {
    diff: [],
    compareFiles: [],
    compareLive: [],
    dumpBase: [],
  };
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const diff = await timedRun(diffCommand(files), timeFile, DIFFERENCES_EXIT_CODES);
    const compareFiles = await timedRun(
      compareCommand(files.base, files.changed, files.report),
      timeFile,
      DIFFERENCES_EXIT_CODES,
    );
    const compareLive = await timedRun(
      compareCommand(baseUrl, changedUrl, files.live),
      timeFile,
      DIFFERENCES_EXIT_CODES,
    );
    const dumpBase = await timedRun(dumpCommand(baseUrl, files.dump), timeFile);
    log(
      `run ${rep}: diff ${describeRun(diff)}; compare files ${describeRun(compareFiles)}; ` +
        `compare live ${describeRun(compareLive)}; dump ${describeRun(dumpBase)}`,
    );
    runs.diff.push(diff);
    runs.compareFiles.push(compareFiles);
    runs.compareLive.push(compareLive);
    runs.dumpBase.push(dumpBase);
  }
  return {
    dumpBaseOnce,
    dumpChangedOnce,
    diff: summarize(runs.diff),
    compareFiles: summarize(runs.compareFiles),
    compareLive: summarize(runs.compareLive),
    dumpBase: summarize(runs.dumpBase),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parses a JSON file, or undefined when it is missing or not JSON. */
async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** `summary.total` of a `compare --format json` report. */
async function reportTotal(file: string): Promise<number | undefined> {
  const report = await readJson(file);
  const summary = isRecord(report) ? report.summary : undefined;
  const total = isRecord(summary) ? summary.total : undefined;
  return typeof total === 'number' ? total : undefined;
}

/** The length of the array under `key` of a `diff --format json` plan. */
async function planLength(file: string, key: 'statements' | 'withheld'): Promise<number | undefined> {
  const plan = await readJson(file);
  const list = isRecord(plan) ? plan[key] : undefined;
  return Array.isArray(list) ? list.length : undefined;
}

/** Counts the changes in the reports and, with one more (untimed) `diff --format json`, the plan's statements. */
async function countWork(files: Files, timeFile: string): Promise<Work> {
  await runOnce(
    'diff --format json (for the statement count)',
    [...CLI, 'diff', files.base, files.changed, '--format', 'json', '--output', files.planJson],
    timeFile,
    DIFFERENCES_EXIT_CODES,
  ).catch(() => undefined);
  return {
    changes: await reportTotal(files.report),
    liveChanges: await reportTotal(files.live),
    statements: await planLength(files.planJson, 'statements'),
    withheld: await planLength(files.planJson, 'withheld'),
  };
}

const yesNo = (met: boolean | undefined): string => (met === undefined ? 'unknown' : met ? 'yes' : 'no');

/** compare_live / dump_one, when both ran. */
function liveRatio(m: Measured): number | undefined {
  return m.compareLive.ok && m.dumpBase.ok && m.dumpBase.seconds > 0
    ? m.compareLive.seconds / m.dumpBase.seconds
    : undefined;
}

function renderReport(tables: number, m: Measured, work: Work): string {
  const ratio = liveRatio(m);
  const diffMet = m.diff.ok ? m.diff.seconds < FILES_MAX_SECONDS && m.diff.peakMb < DIFF_MAX_MB : undefined;
  const compareFilesMet = m.compareFiles.ok ? m.compareFiles.seconds < FILES_MAX_SECONDS : undefined;
  const ratioMet = ratio === undefined ? undefined : ratio <= LIVE_COMPARE_MAX_RATIO;
  const row = (command: string, runs: number, run: RunResult, target: string): string =>
    `| ${command} | ${runs} | ${formatSeconds(run)} | ${formatPeak(run)} | ${target} |`;
  const rows = [
    row('`dump` base database → `base.json`', 1, m.dumpBaseOnce, '–'),
    row('`dump` changed database → `changed.json`', 1, m.dumpChangedOnce, '–'),
    row(
      '`diff base.json changed.json --output plan.sql`',
      REPETITIONS,
      m.diff,
      `< ${FILES_MAX_SECONDS} s and < ${DIFF_MAX_MB} MB: ${yesNo(diffMet)}`,
    ),
    row(
      '`compare base.json changed.json --format json`',
      REPETITIONS,
      m.compareFiles,
      `< ${FILES_MAX_SECONDS} s: ${yesNo(compareFilesMet)}`,
    ),
    row(
      '`compare <base url> <changed url> --format json`',
      REPETITIONS,
      m.compareLive,
      `≤ ${LIVE_COMPARE_MAX_RATIO}× one \`dump\`: ${yesNo(ratioMet)}`,
    ),
    row('`dump` base database (for the ratio)', REPETITIONS, m.dumpBase, '–'),
  ];
  const count = (n: number | undefined): string => (n === undefined ? 'unknown' : String(n));
  const failures = Object.entries(m).flatMap(([name, run]: [string, RunResult]) =>
    run.ok ? [] : [`- ${name} failed: \`${run.error}\``],
  );
  return [
    `${tables} tables, base against changed.`,
    '',
    '| command | runs | median s | median peak MB | target |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    ...(failures.length ? ['', ...failures] : []),
    '',
    `compare_live / dump_one = ${ratio === undefined ? 'unknown' : ratio.toFixed(2)} ` +
      `(target ≤ ${LIVE_COMPARE_MAX_RATIO.toFixed(2)}). ` +
      `Changes found: ${count(work.changes)} (\`summary.total\` of the file report; ${count(work.liveChanges)} in the live one). ` +
      `Plan statements: ${count(work.statements)}${work.withheld ? ` (+${work.withheld} withheld)` : ''}.`,
  ].join('\n');
}

async function run(options: Options, session: BenchSession): Promise<string> {
  const { admin, serverUrl, scratch, timeFile } = session;
  const baseUrl = await prepareDatabase(admin, serverUrl, options.tables, 'base');
  const changedUrl = await prepareDatabase(admin, serverUrl, options.tables, 'changed');
  // Freshly loaded databases leave dirty buffers whose checkpoint would slow the first runs.
  await admin.query('CHECKPOINT').catch((error: unknown) => log(`CHECKPOINT failed, going on: ${String(error)}`));
  const file = (name: string): string => path.join(scratch, name);
  const files: Files = {
    base: file('base.json'),
    changed: file('changed.json'),
    plan: file('plan.sql'),
    planJson: file('plan.json'),
    report: file('report.json'),
    live: file('live.json'),
    dump: file('dump.json'),
  };
  const measured = await measure(files, baseUrl, changedUrl, timeFile);
  return renderReport(options.tables, measured, await countWork(files, timeFile));
}

async function main(): Promise<void> {
  const options = parseOptions();
  const databases = [
    { tables: options.tables, variant: 'base' as const },
    { tables: options.tables, variant: 'changed' as const },
  ];
  await runBenchSession({ ...options, markers: MARKERS, databases }, (session) => run(options, session));
}

await main();
