/**
 * Helpers shared by the benchmark scripts: the server and its databases, timing commands under GNU time,
 * summarising runs, describing the environment and writing a marked section of bench/README.md.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  SCHEMA_SHAPES,
  type SchemaShape,
  type SchemaVariant,
  generateSchemaSql,
  isSchemaShape,
} from './generate-schema.js';

/** The server used when SCHEMAGUARD_BENCH_POSTGRES_URL is not set. */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
/** How many times each command is run; the report shows the medians. */
export const REPETITIONS = 3;
/** The generator seed of every benchmark database. */
export const SEED = 1;
const COMMAND_TIMEOUT_MS = 15 * 60 * 1000;
const GNU_TIME = '/usr/bin/time';
/** The repository root, where commands run. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const README_PATH = fileURLToPath(new URL('./README.md', import.meta.url));

/** `parseArgs` options every benchmark script takes. */
export const COMMON_ARG_OPTIONS = {
  keep: { type: 'boolean', default: false },
  write: { type: 'boolean', default: false },
} as const;

/** The server URL from SCHEMAGUARD_BENCH_POSTGRES_URL, else the default. */
export function serverUrlFromEnv(): string {
  return process.env.SCHEMAGUARD_BENCH_POSTGRES_URL || DEFAULT_SERVER_URL;
}

/** Writes a progress line to stderr. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` with a connected client, closing it afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The database holding the generated schema: `sgbench_<shape>_<tables>`, or `sgbench_<shape>_<tables>_changed`.
 */
export function benchDatabaseName(
  tables: number,
  variant: SchemaVariant = 'base',
  shape: SchemaShape = 'mixed',
): string {
  return variant === 'base' ? `sgbench_${shape}_${tables}` : `sgbench_${shape}_${tables}_${variant}`;
}

/** Parses a `--shapes a,b` value (all the shapes when absent). */
export function parseShapes(value: string | undefined): SchemaShape[] {
  if (!value) return [...SCHEMA_SHAPES];
  const shapes = value.split(',').map((name) => name.trim());
  const unknown = shapes.filter((name) => !isSchemaShape(name));
  if (unknown.length > 0) {
    throw new Error(`unknown --shapes ${unknown.join(', ')}; the shapes are ${SCHEMA_SHAPES.join(', ')}`);
  }
  return shapes as SchemaShape[];
}

async function databaseMarker(admin: pg.Client, database: string): Promise<string | null | undefined> {
  const result = await admin.query<{ marker: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS marker FROM pg_database WHERE datname = $1",
    [database],
  );
  return result.rows[0]?.marker;
}

/**
 * Creates and loads the database of `tables` tables of `shape` and `variant` (see benchDatabaseName) unless it
 * already holds this exact schema, as its COMMENT ON DATABASE marker (shape, tables, variant and a hash of the
 * SQL) tells; returns its URL.
 */
export async function prepareDatabase(
  admin: pg.Client,
  serverUrl: string,
  tables: number,
  variant: SchemaVariant = 'base',
  shape: SchemaShape = 'mixed',
): Promise<string> {
  const database = benchDatabaseName(tables, variant, shape);
  const url = databaseUrl(serverUrl, database);
  const sql = generateSchemaSql(tables, { seed: SEED, variant, shape });
  const hash = createHash('sha256').update(sql).digest('hex').slice(0, 16);
  const variantPart = variant === 'base' ? '' : ` variant=${variant}`;
  const marker = `schemaguard bench: shape=${shape} tables=${tables}${variantPart} sha256=${hash}`;
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

/** Drops the database of `tables` tables of `shape` and `variant`, if it exists. */
export async function dropDatabase(
  admin: pg.Client,
  tables: number,
  variant: SchemaVariant = 'base',
  shape: SchemaShape = 'mixed',
): Promise<void> {
  await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(benchDatabaseName(tables, variant, shape))}`);
}

/** A timed command: its wall time, peak RSS and CPU time (user + system), or why it failed. */
export type RunResult =
  { ok: true; seconds: number; peakMb: number; cpuSeconds: number } | { ok: false; error: string };

/** Picks the most telling line of a failed command's stderr: the first mentioning an error, else the first. */
function firstErrorLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /error/i.test(line)) ?? lines[0] ?? 'no output on stderr';
}

/** Parses GNU time's `%e %M %U %S` line (the last line of its output file). */
function parseTimeOutput(text: string): { seconds: number; peakMb: number; cpuSeconds: number } | undefined {
  const match = /^([\d.]+) (\d+) ([\d.]+) ([\d.]+)$/.exec(text.trim().split('\n').at(-1) ?? '');
  if (!match) return undefined;
  return {
    seconds: Number(match[1]),
    peakMb: Number(match[2]) / 1024,
    cpuSeconds: Number(match[3]) + Number(match[4]),
  };
}

/**
 * Runs `argv` from the repository root (or `cwd`) under GNU time and returns its wall time and peak RSS, or
 * why it failed: an exit code not in `successCodes` (default only 0), or more than 15 minutes.
 */
export async function timedRun(
  argv: string[],
  timeFile: string,
  successCodes: readonly number[] = [0],
  cwd: string = REPO_ROOT,
): Promise<RunResult> {
  const child = spawn(GNU_TIME, ['-f', '%e %M %U %S', '-o', timeFile, ...argv], {
    cwd,
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
  if (code === null || !successCodes.includes(code)) return { ok: false, error: firstErrorLine(stderr) };
  const measured = parseTimeOutput(await readFile(timeFile, 'utf8'));
  return measured ? { ok: true, ...measured } : { ok: false, error: 'could not parse /usr/bin/time output' };
}

/** The median of `values` (0 for none). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Median wall time and median peak RSS of the runs, or the first failure. */
export function summarize(runs: RunResult[]): RunResult {
  const successes: { seconds: number; peakMb: number; cpuSeconds: number }[] = [];
  for (const run of runs) {
    if (!run.ok) return run;
    successes.push(run);
  }
  return {
    ok: true,
    seconds: median(successes.map((r) => r.seconds)),
    peakMb: median(successes.map((r) => r.peakMb)),
    cpuSeconds: median(successes.map((r) => r.cpuSeconds)),
  };
}

/** A run for a progress line: `1.23 s, 45 MB` or `failed: …`. */
export function describeRun(run: RunResult): string {
  return run.ok ? `${run.seconds.toFixed(2)} s, ${run.peakMb.toFixed(0)} MB` : `failed: ${run.error}`;
}

/** A run's wall time for a table cell. */
export function formatSeconds(run: RunResult): string {
  return run.ok ? run.seconds.toFixed(2) : 'failed';
}

/** A run's peak RSS for a table cell. */
export function formatPeak(run: RunResult): string {
  return run.ok ? run.peakMb.toFixed(1) : 'failed';
}

/** One line describing the machine, the server and the runtime. */
export async function describeEnvironment(admin: pg.Client): Promise<string> {
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

/** The comment lines delimiting a generated section of bench/README.md. */
export interface ReadmeMarkers {
  readonly start: string;
  readonly end: string;
  /** The heading to put above the section when the markers are missing and it is appended. */
  readonly fallbackHeading: string;
}

/** Replaces the section between `markers` in bench/README.md, or appends one if the markers are missing. */
export async function writeReadmeSection(report: string, markers: ReadmeMarkers): Promise<void> {
  const readme = await readFile(README_PATH, 'utf8').catch(() => '');
  const block = `${markers.start}\n${report}\n${markers.end}`;
  const start = readme.indexOf(markers.start);
  const end = readme.indexOf(markers.end);
  const updated =
    start >= 0 && end > start
      ? readme.slice(0, start) + block + readme.slice(end + markers.end.length)
      : `${readme.trimEnd()}\n\n${markers.fallbackHeading}\n\n${block}\n`;
  await writeFile(README_PATH, updated);
  log(`wrote results to ${README_PATH}`);
}

/** What a benchmark's body gets from runBenchSession. */
export interface BenchSession {
  /** Connected to the server's maintenance database. */
  readonly admin: pg.Client;
  readonly serverUrl: string;
  /** A scratch folder, removed at the end. */
  readonly scratch: string;
  /** A file in `scratch` for GNU time's output. */
  readonly timeFile: string;
}

/** How runBenchSession ends. */
export interface SessionOptions {
  readonly serverUrl: string;
  /** Keep the databases in `databases` rather than dropping them at the end. */
  readonly keep: boolean;
  /** Also write the report into bench/README.md between these markers. */
  readonly write: boolean;
  readonly markers: ReadmeMarkers;
  /** The tables, variant and shape (default `mixed`) of every database the benchmark may create. */
  readonly databases: readonly { tables: number; variant: SchemaVariant; shape?: SchemaShape }[];
}

/**
 * Runs a benchmark: connects to the server, makes a scratch folder, lets `measure` return a markdown
 * report, prints it with the environment line below (and writes it to the README with `write`), then drops
 * the databases unless `keep` and cleans up, whether or not `measure` succeeded.
 */
export async function runBenchSession(
  options: SessionOptions,
  measure: (session: BenchSession) => Promise<string>,
): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'sgbench-'));
  const admin = new pg.Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    const environment = await describeEnvironment(admin);
    const session = { admin, serverUrl: options.serverUrl, scratch, timeFile: path.join(scratch, 'time.txt') };
    const report = `${await measure(session)}\n\n${environment}`;
    process.stdout.write(`${report}\n`);
    if (options.write) await writeReadmeSection(report, options.markers);
  } finally {
    if (!options.keep) {
      for (const { tables, variant, shape } of options.databases) await dropDatabase(admin, tables, variant, shape);
    }
    await admin.end();
    await rm(scratch, { recursive: true, force: true });
  }
}
