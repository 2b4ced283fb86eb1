/**
 * `npm run bench:migrate-check [-- --migrations 200 --tables 300 --write]`: times
 * `schemaguard migrate check` on a folder of migrations that build a generated schema,
 * cold (empty cache: the shadow database starts and replays every migration) and warm
 * (unchanged inputs: the cached results are used, no database starts).
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDialect } from '../src/dialects/index.js';
import { generateSchemaSql } from './generate-schema.js';
import {
  REPETITIONS,
  REPO_ROOT,
  SEED,
  describeRun,
  formatPeak,
  formatSeconds,
  log,
  summarize,
  timedRun,
  writeReadmeSection,
} from './lib.js';
import type { RunResult } from './lib.js';

const MARKERS = {
  start: '<!-- migrate-check-results:start -->',
  end: '<!-- migrate-check-results:end -->',
  fallbackHeading: '## `schemaguard migrate check`',
};

/** The generated schema's statements dealt out, in order, over `count` migration files. */
function migrationFiles(sql: string, count: number): string[] {
  const statements = defaultDialect()
    .lexer.split(sql)
    .map((s) => s.sql)
    .filter((s) => !/^(BEGIN|COMMIT)$/i.test(s));
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.floor((statements.length * i) / count);
    const to = Math.floor((statements.length * (i + 1)) / count);
    files.push(`${statements.slice(from, to).join(';\n\n')};\n`);
  }
  return files;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      migrations: { type: 'string', default: '200' },
      tables: { type: 'string', default: '300' },
      write: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.migrations);
  const tables = Number(values.tables);
  const work = await mkdtemp(join(tmpdir(), 'sgbench-migrate-check-'));
  try {
    const sql = generateSchemaSql(tables, { seed: SEED });
    await mkdir(join(work, 'migrations'));
    const files = migrationFiles(sql, count);
    await Promise.all(
      files.map((text, i) => writeFile(join(work, 'migrations', `${String(i + 1).padStart(4, '0')}_step.sql`), text)),
    );
    await writeFile(join(work, 'schema.sql'), files.join('\n'));
    const cacheDir = join(work, 'cache');
    const config = join(work, 'schemaguard.config.json');
    await writeFile(
      config,
      JSON.stringify({
        migrations: { dir: join(work, 'migrations'), format: 'plain' },
        models: `sql:${join(work, 'schema.sql')}`,
        cacheDir,
      }),
    );
    const command = ['node', join(REPO_ROOT, 'dist', 'cli', 'main.js'), '--config', config, 'migrate', 'check'];
    const timeFile = join(work, 'time.txt');
    const cold: RunResult[] = [];
    const warm: RunResult[] = [];
    for (let run = 1; run <= REPETITIONS; run++) {
      await rm(cacheDir, { recursive: true, force: true });
      const first = await timedRun(command, timeFile);
      const second = await timedRun(command, timeFile);
      cold.push(first);
      warm.push(second);
      log(`run ${run}: cold ${describeRun(first)}; warm ${describeRun(second)}`);
    }
    const [c, w] = [summarize(cold), summarize(warm)];
    const report = [
      `${count} migrations building ${tables} tables (${files.length} files, ${defaultDialect().lexer.split(sql).length} statements).`,
      '',
      '| run | median s | median peak MB | target |',
      '| --- | ---: | ---: | --- |',
      `| cold (empty cache) | ${formatSeconds(c)} | ${formatPeak(c)} | < 20 s: ${c.ok && c.seconds < 20 ? 'yes' : 'no'} |`,
      `| warm (cached) | ${formatSeconds(w)} | ${formatPeak(w)} | < 0.5 s: ${w.ok && w.seconds < 0.5 ? 'yes' : 'no'} |`,
      '',
      `Measured ${new Date().toISOString()}, node ${process.version}, median of ${REPETITIONS} runs.`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
    if (values.write) await writeReadmeSection(report, MARKERS);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
