/**
 * Benchmark: `schemaguard dump` against `pg_dump --schema-only` on generated schemas.
 *
 * Usage: `npm run bench -- [--sizes 100,1000,5000] [--keep] [--write]`
 * Server: env SCHEMAGUARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * See bench/README.md for what is measured and the targets.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateSchemaSql } from './generate-schema.js';

/** The schemaguard command under test, run from the repository root. */
const SCHEMAGUARD_COMMAND = (dbUrl: string): string[] => [
  'node',
  'dist/cli/main.js',
  'dump',
  '--db',
  dbUrl,
  '--output',
  '/tmp/sgbench.json',
];
const PG_DUMP_COMMAND = (dbUrl: string): string[] => [
  'pg_dump',
  '--schema-only',
  '--no-owner',
  '-d',
  dbUrl,
  '-f',
  '/dev/null',
];

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_SIZES = [100, 1000, 5000];
const REPETITIONS = 3;
const SEED = 1;
const COMMAND_TIMEOUT_MS = 15 * 60 * 1000;
const GNU_TIME = '/usr/bin/time';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const README_PATH = fileURLToPath(new URL('./README.md', import.meta.url));
const RESULTS_START = '<!-- bench-results:start -->';
const RESULTS_END = '<!-- bench-results:end -->';

interface Options {
  serverUrl: string;
  sizes: number[];
  keep: boolean;
  write: boolean;
}

type RunResult = { ok: true; seconds: number; peakMb: number } | { ok: false; error: string };

interface SizeResult {
  tables: number;
  pgDump: RunResult;
  schemaguard: RunResult;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      keep: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`invalid --sizes: ${values.sizes}`);
  const serverUrl = process.env.SCHEMAGUARD_BENCH_POSTGRES_URL || DEFAULT_SERVER_URL;
  return { serverUrl, sizes, keep: values.keep, write: values.write };
}

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function databaseMarker(admin: pg.Client, database: string): Promise<string | null | undefined> {
  const result = await admin.query<{ marker: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1",
    [database],
  );
  return result.rows[0]?.marker;
}

/** Creates and loads `sgbench_<tables>` unless it already holds this exact schema; returns its URL. */
async function prepareDatabase(admin: pg.Client, serverUrl: string, tables: number): Promise<string> {
  const database = `sgbench_${tables}`;
  const url = databaseUrl(serverUrl, database);
  const sql = generateSchemaSql(tables, { seed: SEED });
  const marker = `schemaguard bench: tables=${tables} sha256=${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`;
  const existing = await databaseMarker(admin, database);
  if (existing === marker) {
    log(`${database}: already loaded, reusing it`);
    return url;
  }
  const quoted = admin.escapeIdentifier(database);
  if (existing !== undefined) await admin.query(`DROP DATABASE ${quoted}`);
  await admin.query(`CREATE DATABASE ${quoted}`);
  const started = performance.now();
  await withClient(url, (client) => client.query(sql));
  log(`${database}: loaded ${tables} tables in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await admin.query(`COMMENT ON DATABASE ${quoted} IS ${admin.escapeLiteral(marker)}`);
  return url;
}

async function dropDatabase(admin: pg.Client, tables: number): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(`sgbench_${tables}`)}`);
}

/** Picks the most telling line of a failed command's stderr: the first mentioning an error, else the first. */
function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /error/i.test(line)) ?? lines[0] ?? 'no output on stderr';
}

/** Parses GNU time's `%e %M` line (the last line of its output file). */
function parseTimeOutput(text: string): { seconds: number; peakMb: number } | undefined {
  const match = /^([\d.]+) (\d+)$/.exec(text.trim().split('\n').at(-1) ?? '');
  if (!match) return undefined;
  return { seconds: Number(match[1]), peakMb: Number(match[2]) / 1024 };
}

/** Runs `argv` under GNU time and returns its wall time and peak RSS, or why it failed. */
async function timedRun(argv: string[], timeFile: string): Promise<RunResult> {
  const child = spawn(GNU_TIME, ['-f', '%e %M', '-o', timeFile, ...argv], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 65536) stderr += chunk.toString();
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  }, COMMAND_TIMEOUT_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  }).finally(() => clearTimeout(timer));
  if (timedOut) return { ok: false, error: `timed out after ${COMMAND_TIMEOUT_MS / 1000} s` };
  if (code !== 0) return { ok: false, error: firstErrorLine(stderr) };
  const measured = parseTimeOutput(await readFile(timeFile, 'utf8'));
  return measured ? { ok: true, ...measured } : { ok: false, error: 'could not parse /usr/bin/time output' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median wall time and median peak RSS of the runs, or the first failure. */
function summarize(runs: RunResult[]): RunResult {
  const successes: { seconds: number; peakMb: number }[] = [];
  for (const run of runs) {
    if (!run.ok) return run;
    successes.push(run);
  }
  return {
    ok: true,
    seconds: median(successes.map((r) => r.seconds)),
    peakMb: median(successes.map((r) => r.peakMb)),
  };
}

const describeRun = (run: RunResult): string =>
  run.ok ? `${run.seconds.toFixed(2)} s, ${run.peakMb.toFixed(0)} MB` : `failed: ${run.error}`;

/** Runs pg_dump and schemaguard alternately, REPETITIONS times each. */
async function measureSize(tables: number, url: string, timeFile: string): Promise<SizeResult> {
  const pgDumpRuns: RunResult[] = [];
  const schemaguardRuns: RunResult[] = [];
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const pgDump = await timedRun(PG_DUMP_COMMAND(url), timeFile);
    const schemaguard = await timedRun(SCHEMAGUARD_COMMAND(url), timeFile);
    log(`${tables} tables, run ${rep}: pg_dump ${describeRun(pgDump)}; schemaguard ${describeRun(schemaguard)}`);
    pgDumpRuns.push(pgDump);
    schemaguardRuns.push(schemaguard);
  }
  return { tables, pgDump: summarize(pgDumpRuns), schemaguard: summarize(schemaguardRuns) };
}

const seconds = (run: RunResult): string => (run.ok ? run.seconds.toFixed(2) : 'failed');
const peak = (run: RunResult): string => (run.ok ? run.peakMb.toFixed(1) : 'failed');
const ratio = (r: SizeResult): string =>
  r.pgDump.ok && r.schemaguard.ok && r.pgDump.seconds > 0 ? (r.schemaguard.seconds / r.pgDump.seconds).toFixed(2) : '–';

function renderTable(results: SizeResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.tables} | ${seconds(r.pgDump)} | ${seconds(r.schemaguard)} | ${ratio(r)} | ${peak(r.pgDump)} | ${peak(r.schemaguard)} |`,
  );
  const failures = results.flatMap((r) =>
    [['pg_dump', r.pgDump] as const, ['schemaguard', r.schemaguard] as const].flatMap(([tool, run]) =>
      run.ok ? [] : [`- ${tool} failed at ${r.tables} tables: \`${run.error}\``],
    ),
  );
  const header = [
    '| tables | pg_dump s | schemaguard s | ratio (schemaguard/pg_dump) | pg_dump peak MB | schemaguard peak MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  return [...header, ...rows, ...(failures.length ? ['', ...failures] : [])].join('\n');
}

/** One line describing the machine, the server and the runtime. */
async function describeEnvironment(admin: pg.Client): Promise<string> {
  const { rows } = await admin.query<{ server_version: string }>('SHOW server_version');
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return [
    `Measured ${new Date().toISOString()}`,
    `nproc ${os.availableParallelism()}`,
    `memory ${memoryGiB} GiB`,
    `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`,
    `node ${process.version}`,
    `median of ${REPETITIONS} interleaved runs`,
  ].join(', ');
}

/** Replaces the results block of bench/README.md, or appends one if the markers are missing. */
async function writeReadme(report: string): Promise<void> {
  const readme = await readFile(README_PATH, 'utf8').catch(() => '');
  const block = `${RESULTS_START}\n${report}\n${RESULTS_END}`;
  const start = readme.indexOf(RESULTS_START);
  const end = readme.indexOf(RESULTS_END);
  const updated =
    start >= 0 && end > start
      ? readme.slice(0, start) + block + readme.slice(end + RESULTS_END.length)
      : `${readme.trimEnd()}\n\n## Results\n\n${block}\n`;
  await writeFile(README_PATH, updated);
  log(`wrote results to ${README_PATH}`);
}

async function runBenchmarks(admin: pg.Client, options: Options, timeFile: string): Promise<SizeResult[]> {
  const urls = new Map<number, string>();
  for (const tables of options.sizes) urls.set(tables, await prepareDatabase(admin, options.serverUrl, tables));
  const results: SizeResult[] = [];
  for (const [tables, url] of urls) results.push(await measureSize(tables, url, timeFile));
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sgbench-'));
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    const environment = await describeEnvironment(admin);
    const results = await runBenchmarks(admin, options, path.join(scratch, 'time.txt'));
    const report = `${renderTable(results)}\n\n${environment}`;
    process.stdout.write(`${report}\n`);
    if (options.write) await writeReadme(report);
  } finally {
    if (!options.keep) for (const tables of options.sizes) await dropDatabase(admin, tables);
    await admin.end();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
