/**
 * `npx tsx bench/sqlite-migrate-check.ts [-- --migrations 200 --tables 300 --write]`: times
 * `schemaguard migrate check` on SQLite: a folder of migrations that build a generated SQLite
 * schema (tables with foreign keys, indexes, views, triggers, columns added later, and table
 * rebuilds as schemaguard's planner writes them), cold (empty cache: every migration is replayed
 * on an in-memory SQLite shadow) and warm (unchanged inputs: the cached results are used).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  REPETITIONS,
  REPO_ROOT,
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
  start: '<!-- sqlite-migrate-check-results:start -->',
  end: '<!-- sqlite-migrate-check-results:end -->',
  fallbackHeading: '## `schemaguard migrate check` on SQLite',
};

/** The statements that build `tables` tables, in order; the same every run. */
function schemaStatements(tables: number): string[] {
  const statements: string[] = [];
  for (let t = 1; t <= tables; t++) {
    // Each table but the first refers to the one of half its number: the upper half are leaves.
    const parent = t > 1 ? `,\n  parent_id INTEGER REFERENCES t${Math.floor(t / 2)} (id) ON DELETE CASCADE` : '';
    statements.push(
      `CREATE TABLE t${t} (\n  id INTEGER PRIMARY KEY,\n  name TEXT NOT NULL COLLATE NOCASE,\n  amount REAL DEFAULT 0 CHECK (amount >= 0),\n  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP${parent},\n  UNIQUE (name)\n)`,
    );
    statements.push(`CREATE INDEX t${t}_created ON t${t} (created_at DESC)`);
    statements.push(`INSERT INTO t${t} (id, name) VALUES (1, 'first')`);
    if (t % 3 === 0) statements.push(`ALTER TABLE t${t} ADD COLUMN note TEXT`);
    if (t % 6 === 0) statements.push(`CREATE VIEW v${t} AS SELECT id, name FROM t${t} WHERE amount > 0`);
    if (t % 10 === 0) {
      statements.push(
        `CREATE TRIGGER t${t}_touch AFTER UPDATE OF name ON t${t} FOR EACH ROW BEGIN UPDATE t${t} SET amount = amount WHERE id = NEW.id; END`,
      );
    }
  }
  return statements;
}

/** A table rebuild as schemaguard's planner writes it (the twelve steps, foreign keys off around them). */
function rebuild(t: number): string {
  return `PRAGMA foreign_keys = OFF;
CREATE TABLE schemaguard_new_t${t} (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE,
  amount REAL NOT NULL DEFAULT 0 CHECK (amount >= 0),
  created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  parent_id INTEGER REFERENCES t${Math.floor(t / 2)} (id) ON DELETE CASCADE,
  UNIQUE (name)
);
INSERT INTO schemaguard_new_t${t} (id, name, amount, created_at, parent_id) SELECT id, name, coalesce(amount, 0), created_at, parent_id FROM t${t};
DROP TABLE t${t};
PRAGMA legacy_alter_table = ON;
ALTER TABLE schemaguard_new_t${t} RENAME TO t${t};
PRAGMA legacy_alter_table = OFF;
CREATE INDEX t${t}_created ON t${t} (created_at DESC);
CREATE TEMP TABLE schemaguard_foreign_key_check (violations INTEGER CONSTRAINT foreign_keys_violated_by_the_rebuild CHECK (violations = 0));
INSERT INTO schemaguard_foreign_key_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE temp.schemaguard_foreign_key_check;
PRAGMA foreign_keys = ON;
`;
}

/** The statements dealt out, in order, over `count` files; the last few files are rebuilds of leaf tables. */
function migrationFiles(statements: readonly string[], count: number, tables: number): string[] {
  const rebuilds = Math.min(10, Math.floor(count / 20));
  const plain = count - rebuilds;
  const files: string[] = [];
  for (let i = 0; i < plain; i++) {
    const from = Math.floor((statements.length * i) / plain);
    const to = Math.floor((statements.length * (i + 1)) / plain);
    files.push(`${statements.slice(from, to).join(';\n\n')};\n`);
  }
  // Leaf tables that no view, trigger or later column touches, from the last one down.
  const leaves: number[] = [];
  for (let t = tables; t > tables / 2 && leaves.length < rebuilds; t--) if (t % 3 !== 0 && t % 10 !== 0) leaves.push(t);
  for (const t of leaves) files.push(rebuild(t));
  return files;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      migrations: { type: 'string', default: '200' },
      tables: { type: 'string', default: '300' },
      write: { type: 'boolean', default: false },
      // Keep the generated folder (for profiling) and print where it is.
      keep: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.migrations);
  const tables = Number(values.tables);
  const work = await mkdtemp(join(tmpdir(), 'sgbench-sqlite-migrate-check-'));
  try {
    const statements = schemaStatements(tables);
    await mkdir(join(work, 'migrations'));
    const files = migrationFiles(statements, count, tables);
    await Promise.all(
      files.map((text, i) => writeFile(join(work, 'migrations', `${String(i + 1).padStart(4, '0')}_step.sql`), text)),
    );
    await writeFile(join(work, 'schema.sql'), files.join('\n'));
    const cacheDir = join(work, 'cache');
    const config = join(work, 'schemaguard.config.json');
    await writeFile(
      config,
      JSON.stringify({
        dialect: 'sqlite',
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
      `${count} migrations building ${tables} SQLite tables (${files.length} files, ${files.filter((f) => f.startsWith('PRAGMA foreign_keys = OFF')).length} of them table rebuilds; ${statements.length} statements before the rebuilds).`,
      '',
      '| run | median s | median peak MB | target |',
      '| --- | ---: | ---: | --- |',
      `| cold (empty cache) | ${formatSeconds(c)} | ${formatPeak(c)} | < 3 s: ${c.ok && c.seconds < 3 ? 'yes' : 'no'} |`,
      `| warm (cached) | ${formatSeconds(w)} | ${formatPeak(w)} | < 0.5 s: ${w.ok && w.seconds < 0.5 ? 'yes' : 'no'} |`,
      '',
      `Measured ${new Date().toISOString()}, node ${process.version}, median of ${REPETITIONS} runs.`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
    if (values.write) await writeReadmeSection(report, MARKERS);
  } finally {
    if (values.keep) log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
