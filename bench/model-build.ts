/**
 * `npm run bench:models [-- --models 100 --write]`: times what a `prisma:` models ref costs.
 *
 * - first-ever shadow build: `schemaguard dump sql:one-table.sql` with an empty cache folder, so the
 *   embedded database runs initdb and saves its image;
 * - cold `prisma:` build: `schemaguard dump prisma:<generated schema>` with only the saved initdb image
 *   in the cache (no model DDL, no shadow result), so Prisma's engine and two databases start;
 * - warm `migrate check`: the models against a migration written from them (`migrate new --from-models`),
 *   with unchanged inputs, so everything comes from the cache;
 * - `schemaguard --version`, the cost of starting Node.js and loading the CLI, for scale.
 *
 * Each is run 3 times under GNU time; the report has the median wall time, CPU time (user + system, all
 * threads) and peak RSS, and the load average of the machine, which shares its 2 cores.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writePrismaSchema } from './generate-prisma-schema.js';
import {
  REPETITIONS,
  REPO_ROOT,
  type RunResult,
  SEED,
  describeRun,
  formatPeak,
  formatSeconds,
  log,
  summarize,
  timedRun,
  writeReadmeSection,
} from './lib.js';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const MARKERS = {
  start: '<!-- model-build-results:start -->',
  end: '<!-- model-build-results:end -->',
  fallbackHeading: '## Model builds',
};

/** Removes everything from the cache folder but the saved initdb image. */
async function keepOnlyImage(cacheDir: string): Promise<void> {
  for (const entry of await readdir(cacheDir).catch(() => [])) {
    if (!entry.endsWith('-initdb.tar.gz')) await rm(join(cacheDir, entry), { recursive: true, force: true });
  }
}

/** Runs `prepare` then times `argv`, REPETITIONS times; logs each run. */
async function measure(
  label: string,
  argv: string[],
  timeFile: string,
  prepare: () => Promise<void>,
): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (let i = 1; i <= REPETITIONS; i++) {
    await prepare();
    const run = await timedRun(['node', CLI, ...argv], timeFile);
    log(`${label} ${i}: ${describeRun(run)}`);
    runs.push(run);
  }
  return runs;
}

/** A table row: the medians, and whether the wall time meets the target (when the run has one). */
function row(label: string, runs: RunResult[], target?: number): string {
  const run = summarize(runs);
  const cpu = run.ok ? run.cpuSeconds.toFixed(2) : 'failed';
  const met = target === undefined ? '–' : `< ${target} s: ${run.ok && run.seconds < target ? 'yes' : 'no'}`;
  return `| ${label} | ${formatSeconds(run)} | ${cpu} | ${formatPeak(run)} | ${met} |`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { models: { type: 'string', default: '100' }, write: { type: 'boolean', default: false } },
  });
  const models = Number(values.models);
  const work = await mkdtemp(join(os.tmpdir(), 'sgbench-models-'));
  try {
    const cacheDir = join(work, 'cache');
    const timeFile = join(work, 'time.txt');
    const schema = await writePrismaSchema(join(work, 'prisma'), models, { seed: SEED });
    await mkdir(join(work, 'migrations'));
    await writeFile(join(work, 'one-table.sql'), 'CREATE TABLE note (id bigint PRIMARY KEY, body text NOT NULL);\n');
    await writeFile(
      join(work, 'schemaguard.config.json'),
      JSON.stringify({ migrations: { dir: 'migrations', format: 'plain' }, models: `prisma:${schema}`, cacheDir }),
    );
    const config = ['--config', join(work, 'schemaguard.config.json')];
    const output = ['--output', join(work, 'out.json')];
    const loadAverage = () => os.loadavg()[0]?.toFixed(1) ?? '?';
    const loadBefore = loadAverage();

    const firstEver = await measure(
      'first-ever shadow build',
      [...config, 'dump', `sql:${join(work, 'one-table.sql')}`, ...output],
      timeFile,
      () => rm(cacheDir, { recursive: true, force: true }),
    );
    const cold = await measure('cold prisma: build', [...config, 'dump', `prisma:${schema}`, ...output], timeFile, () =>
      keepOnlyImage(cacheDir),
    );
    // The migration the models need, written by schemaguard itself; then one untimed run fills the cache.
    const written = await timedRun(['node', CLI, ...config, 'migrate', 'new', 'init', '--from-models'], timeFile);
    if (!written.ok) throw new Error(`migrate new --from-models failed: ${written.error}`);
    const check = ['node', CLI, ...config, 'migrate', 'check'];
    const filled = await timedRun(check, timeFile);
    if (!filled.ok) throw new Error(`migrate check does not pass on the written migration: ${filled.error}`);
    const warm = await measure('warm migrate check', [...config, 'migrate', 'check'], timeFile, async () => {});
    const startup = await measure('--version', ['--version'], timeFile, async () => {});

    const report = [
      `A ${models}-model Prisma schema from \`bench/generate-prisma-schema.ts\` (seed ${SEED}, one file).`,
      '',
      '| run | median wall s | median CPU s | median peak MB | target (wall) |',
      '| --- | ---: | ---: | ---: | --- |',
      row('first-ever shadow build (empty cache, one table)', firstEver, 10),
      row(`cold \`prisma:\` build, ${models} models (initdb image only)`, cold, 10),
      row('warm `migrate check` with `prisma:` models', warm, 1),
      row('`--version` (Node.js start-up, for scale)', startup),
      '',
      `Measured ${new Date().toISOString()}, node ${process.version}, nproc ${os.availableParallelism()}, ` +
        `load average ${loadBefore} before and ${loadAverage()} after, median of ${REPETITIONS} runs.`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
    if (values.write) await writeReadmeSection(report, MARKERS);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
