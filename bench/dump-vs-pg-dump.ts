/**
 * Benchmark: `schemaguard dump` against `pg_dump --schema-only` on generated schemas.
 *
 * Usage: `npm run bench -- [--sizes 100,1000,5000] [--shapes mixed,wide,...] [--keep] [--write]`
 * Server: env SCHEMAGUARD_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * See bench/README.md for what is measured and the targets.
 */
import { parseArgs } from 'node:util';
import type pg from 'pg';
import type { SchemaShape } from './generate-schema.js';
import {
  COMMON_ARG_OPTIONS,
  REPETITIONS,
  type RunResult,
  describeRun,
  formatPeak,
  formatSeconds,
  log,
  parseShapes,
  prepareDatabase,
  runBenchSession,
  serverUrlFromEnv,
  summarize,
  timedRun,
} from './lib.js';

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

const DEFAULT_SIZES = [100, 1000, 5000];
const MARKERS = {
  start: '<!-- bench-results:start -->',
  end: '<!-- bench-results:end -->',
  fallbackHeading: '## Results',
};

interface Options {
  serverUrl: string;
  sizes: number[];
  shapes: SchemaShape[];
  keep: boolean;
  write: boolean;
}

interface SizeResult {
  shape: SchemaShape;
  tables: number;
  pgDump: RunResult;
  schemaguard: RunResult;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: { ...COMMON_ARG_OPTIONS, sizes: { type: 'string' }, shapes: { type: 'string' } },
  });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`invalid --sizes: ${values.sizes}`);
  const shapes = parseShapes(values.shapes);
  return { serverUrl: serverUrlFromEnv(), sizes, shapes, keep: values.keep, write: values.write };
}

/** Runs pg_dump and schemaguard alternately, REPETITIONS times each. */
async function measureSize(shape: SchemaShape, tables: number, url: string, timeFile: string): Promise<SizeResult> {
  const pgDumpRuns: RunResult[] = [];
  const schemaguardRuns: RunResult[] = [];
  for (let rep = 1; rep <= REPETITIONS; rep++) {
    const pgDump = await timedRun(PG_DUMP_COMMAND(url), timeFile);
    const schemaguard = await timedRun(SCHEMAGUARD_COMMAND(url), timeFile);
    log(
      `${shape}, ${tables} tables, run ${rep}: pg_dump ${describeRun(pgDump)}; schemaguard ${describeRun(schemaguard)}`,
    );
    pgDumpRuns.push(pgDump);
    schemaguardRuns.push(schemaguard);
  }
  return { shape, tables, pgDump: summarize(pgDumpRuns), schemaguard: summarize(schemaguardRuns) };
}

const ratio = (r: SizeResult): string =>
  r.pgDump.ok && r.schemaguard.ok && r.pgDump.seconds > 0 ? (r.schemaguard.seconds / r.pgDump.seconds).toFixed(2) : '–';

function renderTable(results: SizeResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.shape} | ${r.tables} | ${formatSeconds(r.pgDump)} | ${formatSeconds(r.schemaguard)} | ${ratio(r)} | ${formatPeak(r.pgDump)} | ${formatPeak(r.schemaguard)} |`,
  );
  const failures = results.flatMap((r) =>
    [['pg_dump', r.pgDump] as const, ['schemaguard', r.schemaguard] as const].flatMap(([tool, run]) =>
      run.ok ? [] : [`- ${tool} failed on ${r.shape} at ${r.tables} tables: \`${run.error}\``],
    ),
  );
  const header = [
    '| shape | tables | pg_dump s | schemaguard s | ratio (schemaguard/pg_dump) | pg_dump peak MB | schemaguard peak MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  return [...header, ...rows, ...(failures.length ? ['', ...failures] : [])].join('\n');
}

async function runBenchmarks(admin: pg.Client, options: Options, timeFile: string): Promise<SizeResult[]> {
  const databases: { shape: SchemaShape; tables: number; url: string }[] = [];
  for (const shape of options.shapes) {
    for (const tables of options.sizes) {
      databases.push({ shape, tables, url: await prepareDatabase(admin, options.serverUrl, tables, 'base', shape) });
    }
  }
  const results: SizeResult[] = [];
  for (const { shape, tables, url } of databases) results.push(await measureSize(shape, tables, url, timeFile));
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions();
  const databases = options.shapes.flatMap((shape) =>
    options.sizes.map((tables) => ({ tables, variant: 'base' as const, shape })),
  );
  await runBenchSession({ ...options, markers: MARKERS, databases }, async ({ admin, timeFile }) =>
    renderTable(await runBenchmarks(admin, options, timeFile)),
  );
}

await main();
