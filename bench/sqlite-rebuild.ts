/**
 * Benchmark: `schemaguard migrate apply` of a migration that rebuilds a 1,000,000-row SQLite table
 * (SQLite's 12-step rebuild: a new table, the rows copied, the old one dropped, the new one renamed,
 * its indexes made again, the foreign keys checked), the table between a parent it references and a
 * child that references it.
 *
 * Usage: `npm run bench:sqlite-rebuild -- [--rows 1000000] [--runs 5] [--write]`
 *
 * The way a user gets there: a migration folder whose first migration made the schema (applied by
 * `schemaguard migrate apply`), rows, then the desired schema (`desired.sql`: the same with a new
 * `CHECK`) and `schemaguard diff sqlite:app.db sql:desired.sql` writing the second migration. Each
 * run applies it to a fresh copy of the file through the whole protocol (lock, pre-verification
 * against the replay of the migrations, backup of the schema, plan, apply, post-verification), then
 * checks the copy: the same row counts, the same checksum of every column kept, an empty
 * `PRAGMA foreign_key_check`, `PRAGMA integrity_check` ok, the new CHECK in place. The same
 * migration run by the `sqlite3` shell on another copy is the reference.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import {
  REPETITIONS,
  REPO_ROOT,
  type RunResult,
  describeRun,
  formatPeak,
  formatSeconds,
  log,
  summarize,
  timedRun,
  writeReadmeSection,
} from './lib.js';

const MARKERS = {
  start: '<!-- sqlite-rebuild-results:start -->',
  end: '<!-- sqlite-rebuild-results:end -->',
  fallbackHeading: '## SQLite: a 1,000,000-row table rebuilt by `schemaguard migrate apply`',
};

const CLI = path.join(REPO_ROOT, 'dist/cli/main.js');

const INIT = `CREATE TABLE parent (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER NOT NULL REFERENCES parent (id),
  amount INTEGER NOT NULL,
  note TEXT
);
CREATE INDEX items_parent ON items (parent_id);
CREATE TABLE child (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
  qty INTEGER NOT NULL
);
CREATE INDEX child_item ON child (item_id);
`;

/** The desired schema: `items` gains a CHECK, which SQLite can only add by rebuilding the table. */
const DESIRED = INIT.replace('  amount INTEGER NOT NULL,', '  amount INTEGER NOT NULL CHECK (amount >= 0),');

/** Runs the CLI in `folder` (untimed); its exit code must be one of `codes`. */
function cli(folder: string, args: string[], codes: readonly number[] = [0]): string {
  const result = spawnSync('node', [CLI, ...args], { cwd: folder, encoding: 'utf8' });
  if (!codes.includes(result.status ?? -1)) {
    throw new Error(`schemaguard ${args.join(' ')} exited with ${result.status}: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/** What must not change: row counts and a checksum of every kept column, table by table. */
function fingerprint(file: string): Record<string, string> {
  const db = new Database(file, { readonly: true });
  const out: Record<string, string> = {};
  for (const [table, columns] of [
    ['parent', 'id, name'],
    ['items', 'id, parent_id, amount, note'],
    ['child', 'id, item_id, qty'],
  ] as const) {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.prepare(`SELECT ${columns} FROM ${table} ORDER BY id`).raw().iterate()) {
      hash.update(`${(row as unknown[]).join('\u001f')}\u001e`);
      rows++;
    }
    out[table] = `${rows} rows, sha256 ${hash.digest('hex').slice(0, 16)}`;
  }
  db.close();
  return out;
}

/** The checks after a run: what went wrong, or nothing. */
function verify(file: string, before: Record<string, string>): string[] {
  const problems: string[] = [];
  const after = fingerprint(file);
  for (const [table, print] of Object.entries(before)) {
    if (after[table] !== print) problems.push(`${table}: ${after[table]} after, ${print} before`);
  }
  const db = new Database(file, { readonly: true });
  const violations = db.prepare('PRAGMA foreign_key_check').all();
  if (violations.length > 0) problems.push(`foreign_key_check: ${violations.length} rows`);
  const integrity = db.prepare('PRAGMA integrity_check').pluck().all();
  if (integrity.join() !== 'ok') problems.push(`integrity_check: ${integrity.slice(0, 3).join('; ')}`);
  const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'items'").pluck().get() as string;
  if (!/CHECK \(amount >= 0\)/.test(sql)) problems.push('items has no CHECK (amount >= 0)');
  const indexes = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
    .pluck()
    .all();
  if (indexes.join() !== 'child_item,items_parent') problems.push(`indexes: ${indexes.join()}`);
  db.close();
  return problems;
}

/** Removes a copy and what SQLite may have left beside it. */
function remove(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: String(REPETITIONS) },
      write: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const repetitions = Number(values.runs);
  const loadBefore = os.loadavg()[0] ?? 0;
  const folder = path.join(os.tmpdir(), 'sgbench-sqlite-rebuild');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(path.join(folder, 'migrations'), { recursive: true });
  writeFileSync(
    path.join(folder, 'schemaguard.config.json'),
    `${JSON.stringify({ dialect: 'sqlite', migrations: { dir: 'migrations' } }, null, 2)}\n`,
  );
  writeFileSync(path.join(folder, 'migrations/0001_init.sql'), INIT);
  writeFileSync(path.join(folder, 'desired.sql'), DESIRED);
  const base = path.join(folder, 'app.db');

  log(`building ${base}: 1,000 parents, ${rows} items, ${Math.floor(rows / 5)} children`);
  new Database(base).close();
  cli(folder, ['migrate', 'apply', '--db', `sqlite:${base}`, '--yes']);
  const db = new Database(base);
  db.exec(`BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
  INSERT INTO parent SELECT i, 'parent ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows})
  INSERT INTO items SELECT i, 1 + i % 1000, i % 977, CASE WHEN i % 10 = 0 THEN NULL ELSE 'note ' || i END FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.floor(rows / 5)})
  INSERT INTO child SELECT i, 1 + (i * 5) % ${rows}, i % 7 FROM n;
COMMIT;`);
  db.close();
  const migration = path.join(folder, 'migrations/0002_items_amount_check.sql');
  // The user's path: the planner writes the migration from the database to the desired schema.
  writeFileSync(migration, cli(folder, ['diff', `sqlite:${base}`, 'sql:desired.sql'], [1]));
  const statements = readFileSync(migration, 'utf8');
  if (!statements.includes('CREATE TABLE schemaguard_new_items')) throw new Error(`not a rebuild:\n${statements}`);
  const before = fingerprint(base);
  log(`before: ${JSON.stringify(before)}`);

  const timeFile = path.join(folder, `time-${process.pid}.txt`);
  const applies: RunResult[] = [];
  const shells: RunResult[] = [];
  const checked: string[] = [];
  const copy = path.join(folder, 'run.db');
  for (let run = 1; run <= repetitions; run++) {
    remove(copy);
    copyFileSync(base, copy);
    const apply = await timedRun(
      ['node', CLI, 'migrate', 'apply', '--db', `sqlite:${copy}`, '--yes'],
      timeFile,
      [0],
      folder,
    );
    const problems = apply.ok ? verify(copy, before) : [];
    if (apply.ok) cli(folder, ['migrate', 'status', '--db', `sqlite:${copy}`]);
    if (problems.length > 0) throw new Error(`run ${run}: ${problems.join('; ')}`);
    checked.push(`run ${run}`);
    remove(copy);
    copyFileSync(base, copy);
    const shell = await timedRun(['sqlite3', copy, `.read ${migration}`], timeFile, [0], folder);
    applies.push(apply);
    shells.push(shell);
    log(`run ${run}: migrate apply ${describeRun(apply)}; sqlite3 .read ${describeRun(shell)}`);
  }
  remove(copy);
  const [a, s] = [summarize(applies), summarize(shells)];
  const cpu = (r: RunResult) => (r.ok ? r.cpuSeconds.toFixed(2) : '–');
  const load = `${loadBefore.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`;
  const report = [
    `A SQLite file with \`items\` (${rows.toLocaleString('en')} rows, an index, a foreign key to \`parent\`, 1,000 rows) and \`child\` (${Math.floor(rows / 5).toLocaleString('en')} rows, a foreign key to \`items\` with ON DELETE CASCADE, an index); the migration \`schemaguard diff\` writes for a new \`CHECK (amount >= 0)\` on \`items\` (the 12-step rebuild). Each run applies it to a fresh copy; median of ${repetitions} alternating runs; wall seconds, CPU seconds (user + system), peak RSS.`,
    '',
    '| command | s | CPU s | peak MB |',
    '| --- | ---: | ---: | ---: |',
    `| \`schemaguard migrate apply --db sqlite:app.db --yes\` (the whole protocol) | ${formatSeconds(a)} | ${cpu(a)} | ${formatPeak(a)} |`,
    `| \`sqlite3 app.db '.read 0002_items_amount_check.sql'\` (reference: the statements alone) | ${formatSeconds(s)} | ${cpu(s)} | ${formatPeak(s)} |`,
    '',
    `Verified after each \`migrate apply\` (${checked.length} of ${repetitions}): row counts and a SHA-256 of every kept column equal to before (${Object.entries(
      before,
    )
      .map(([table, print]) => `${table}: ${print.split(',')[0]}`)
      .join(
        ', ',
      )}), \`PRAGMA foreign_key_check\` empty, \`PRAGMA integrity_check\` ok, the CHECK and both indexes in place, \`migrate status\` exit 0.`,
    '',
    `Measured ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load} (other work shared the machine).`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (values.write) await writeReadmeSection(report, MARKERS);
  rmSync(folder, { recursive: true, force: true });
}

await main();
