/**
 * Benchmark: `schemaguard dump` of a generated 5,000-table SQLite file against `sqlite3 app.db .schema`
 * (the SQLite command-line shell printing the stored schema), `schemaguard diff` of two such snapshots,
 * and `schemaguard compare` of the two live files.
 *
 * Usage: `npm run bench:sqlite -- [--tables 5000] [--keep] [--write]`
 * The files are built under the system's temporary folder (`sgbench-sqlite/`) and reused while
 * their generator version matches (`PRAGMA user_version`); `--keep` leaves them for the next run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import {
  REPETITIONS,
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
  start: '<!-- sqlite-bench-results:start -->',
  end: '<!-- sqlite-bench-results:end -->',
  fallbackHeading: '## SQLite: `schemaguard dump` against `sqlite3 .schema`',
};

/** Bumped whenever the generated schema changes, so that files built by an older generator are rebuilt. */
const GENERATOR_VERSION = 4;

/** A deterministic pseudo-random sequence, so every run builds the same schema. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Column definitions of assorted declared types, affinities, defaults, collations and checks. */
const COLUMN_TYPES: readonly ((name: string) => string)[] = [
  (c) => `${c} INTEGER NOT NULL DEFAULT 0`,
  (c) => `${c} BIGINT`,
  (c) => `${c} VARCHAR(120) NOT NULL DEFAULT ''`,
  (c) => `${c} TEXT COLLATE NOCASE`,
  (c) => `${c} TEXT DEFAULT 'new' CHECK (${c} IN ('new', 'live', 'gone'))`,
  (c) => `${c} REAL DEFAULT 1.5`,
  (c) => `${c} NUMERIC(12, 2) DEFAULT '0.00'`,
  (c) => `${c} DOUBLE PRECISION`,
  (c) => `${c} BOOLEAN NOT NULL DEFAULT FALSE`,
  (c) => `${c} DATETIME DEFAULT CURRENT_TIMESTAMP`,
  (c) => `${c} DATE DEFAULT (date('now'))`,
  (c) => `${c} BLOB`,
  (c) => `${c} JSON CHECK (json_valid(${c}))`,
  (c) => `${c} CHAR(2) COLLATE RTRIM`,
  (c) => `"${c}" TEXT NOT NULL DEFAULT 'a b'`,
  (c) => `${c}`,
  (c) => `${c} INT CHECK (${c} >= 0)`,
];

/** Column types a STRICT table takes. */
const STRICT_TYPES: readonly ((name: string) => string)[] = [
  (c) => `${c} INTEGER NOT NULL DEFAULT 0`,
  (c) => `${c} TEXT`,
  (c) => `${c} REAL`,
  (c) => `${c} BLOB`,
  (c) => `${c} ANY`,
  (c) => `${c} INT CHECK (${c} > 0)`,
];

const ACTIONS = ['', ' ON DELETE CASCADE', ' ON DELETE SET NULL', ' ON UPDATE CASCADE ON DELETE RESTRICT'];

/** Which of the two files: `base`, or `changed` (about one change per 100 tables). */
type Variant = 'base' | 'changed';

/**
 * The statements that build `tables` tables of varied shape: 3 to 14 columns of the types above,
 * an INTEGER PRIMARY KEY (some AUTOINCREMENT), a composite key on every 15th table (WITHOUT ROWID
 * on every other of those), STRICT on every 12th, a generated column on every 9th, table-level
 * UNIQUE and CHECK constraints, up to two foreign keys to earlier tables, one to three indexes
 * (plain, unique, partial, expression, descending, collated), a view per 10 tables (every other
 * one a join), a trigger per 25.
 */
function schemaStatements(tables: number, variant: Variant): string[] {
  const next = random(1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const statements: string[] = [];
  const name = (t: number) => `t${String(t).padStart(5, '0')}`;
  /** Tables with an `id` key others may reference. */
  const referable: number[] = [];
  for (let t = 1; t <= tables; t++) {
    const table = name(t);
    const changed = variant === 'changed' && t % 100 === 0 ? (t / 100) % 4 : -1;
    const strict = t % 12 === 0;
    const composite = t % 15 === 0;
    const columns: string[] = [];
    const constraints: string[] = [];
    if (composite) {
      columns.push('region TEXT NOT NULL', 'code INTEGER NOT NULL');
      constraints.push('PRIMARY KEY (region, code)');
    } else {
      columns.push(`id INTEGER PRIMARY KEY${t % 7 === 0 ? ' AUTOINCREMENT' : ''}`);
    }
    const count = 3 + Math.floor(next() * 12);
    for (let c = 1; c <= count; c++) columns.push(pick(strict ? STRICT_TYPES : COLUMN_TYPES)(`c${c}`));
    if (t % 9 === 0 && !strict) columns.push(`g1 TEXT GENERATED ALWAYS AS (upper(c1)) ${t % 2 ? 'VIRTUAL' : 'STORED'}`);
    if (changed === 0) columns.push("added TEXT NOT NULL DEFAULT 'x'");
    if (changed === 1) columns[composite ? 2 : 1] = `c1 INTEGER NOT NULL DEFAULT 1`;
    if (next() < 0.1) columns.push('"display name" TEXT COLLATE NOCASE');
    const parents = referable.length > 0 ? Math.floor(next() * 3) : 0;
    for (let p = 0; p < parents; p++) {
      const parent = name(pick(referable));
      const column = `ref${p}`;
      columns.push(`${column} INTEGER`);
      constraints.push(
        `${next() < 0.3 ? `CONSTRAINT ${table}_${column}_fk ` : ''}FOREIGN KEY (${column}) REFERENCES ${parent} (id)${pick(ACTIONS)}${next() < 0.1 ? ' DEFERRABLE INITIALLY DEFERRED' : ''}`,
      );
    }
    if (next() < 0.4) constraints.push('UNIQUE (c1, c2)');
    if (next() < 0.3 || changed === 2) constraints.push(`CONSTRAINT ${table}_c1_check CHECK (c1 IS NOT NULL)`);
    const options = [...(strict ? ['STRICT'] : []), ...(composite && t % 30 === 0 ? ['WITHOUT ROWID'] : [])].join(', ');
    statements.push(
      `CREATE TABLE ${table} (\n  ${[...columns, ...constraints].join(',\n  ')}\n)${options ? ` ${options}` : ''}`,
    );
    if (!composite) referable.push(t);
    const indexes = 1 + Math.floor(next() * 3);
    for (let i = 1; i <= indexes; i++) {
      // Drawn before anything is skipped: both files then draw the same sequence.
      const kind = Math.floor(next() * 6);
      if (changed === 3 && i === 1) continue;
      const index = `${table}_i${i}`;
      statements.push(
        [
          `CREATE INDEX ${index} ON ${table} (c1)`,
          `CREATE UNIQUE INDEX ${index} ON ${table} (c2, c1)`,
          `CREATE INDEX ${index} ON ${table} (c1) WHERE c1 IS NOT NULL`,
          `CREATE INDEX ${index} ON ${table} (lower(c2), c1 DESC)`,
          `CREATE INDEX ${index} ON ${table} (c2 COLLATE NOCASE DESC)`,
          `CREATE INDEX ${index} ON ${table} (c1, c2, c3)`,
        ][kind] as string,
      );
    }
    if (t % 10 === 0) {
      const parent = referable.length > 1 ? name(pick(referable)) : undefined;
      statements.push(
        t % 20 === 0 && parent && !composite
          ? `CREATE VIEW v_${table} AS SELECT a.id, a.c1, b.c1 AS parent_c1 FROM ${table} a JOIN ${parent} b ON b.id = a.id WHERE a.id > 10`
          : `CREATE VIEW v_${table} AS SELECT c1, count(*) AS n FROM ${table} GROUP BY c1`,
      );
    }
    if (t % 25 === 0) {
      statements.push(
        `CREATE TRIGGER ${table}_touch AFTER UPDATE OF c1 ON ${table} FOR EACH ROW WHEN NEW.c1 IS NOT OLD.c1\nBEGIN\n  UPDATE ${table} SET c1 = NEW.c1 WHERE rowid = NEW.rowid AND c1 IS NOT NEW.c1;\nEND`,
      );
    }
  }
  return statements;
}

/** Builds the file (or keeps it when it holds the generator's current schema); its path. */
function prepare(folder: string, tables: number, variant: Variant): string {
  const file = path.join(folder, `app_${tables}${variant === 'base' ? '' : `_${variant}`}.db`);
  if (existsSync(file)) {
    const db = new Database(file, { readonly: true });
    const version = db.pragma('user_version', { simple: true });
    const count = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    db.close();
    if (version === GENERATOR_VERSION && count >= tables) return file;
    rmSync(file);
  }
  log(`building ${file} (${tables} tables, ${variant})`);
  const db = new Database(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('BEGIN');
  for (const statement of schemaStatements(tables, variant)) db.exec(statement);
  db.exec(`PRAGMA user_version = ${GENERATOR_VERSION}`);
  db.exec('COMMIT');
  db.exec('PRAGMA journal_mode = DELETE');
  db.close();
  return file;
}

/** Whether the `sqlite3` command-line shell is on the PATH, and its version. */
function sqliteShell(): string | undefined {
  const result = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim().split(' ')[0] : undefined;
}

/** What the snapshot files hold and the plan does, so the reader sees the commands did real work. */
async function counts(snapshot: string): Promise<{ tables: number; indexes: number; views: number; triggers: number }> {
  const { schema } = JSON.parse(await readFile(snapshot, 'utf8')) as {
    schema: { tables: { indexes?: unknown[]; triggers?: unknown[] }[]; views: unknown[] };
  };
  return {
    tables: schema.tables.length,
    indexes: schema.tables.reduce((n, t) => n + (t.indexes?.length ?? 0), 0),
    views: schema.views.length,
    triggers: schema.tables.reduce((n, t) => n + (t.triggers?.length ?? 0), 0),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tables: { type: 'string', default: '5000' },
      runs: { type: 'string', default: String(REPETITIONS) },
      keep: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const tables = Number(values.tables);
  const repetitions = Number(values.runs);
  const loadBefore = os.loadavg()[0] ?? 0;
  const folder = path.join(os.tmpdir(), 'sgbench-sqlite');
  mkdirSync(folder, { recursive: true });
  const base = prepare(folder, tables, 'base');
  const changed = prepare(folder, tables, 'changed');
  const shell = sqliteShell();
  if (!shell) log('the sqlite3 command-line shell is not installed (apt-get install -y sqlite3): no reference times');
  const timeFile = path.join(folder, `time-${process.pid}.txt`);
  const [baseJson, changedJson] = [path.join(folder, 'base.json'), path.join(folder, 'changed.json')];
  const cli = ['node', 'dist/cli/main.js'];
  const first = await timedRun([...cli, 'dump', `sqlite:${changed}`, '--output', changedJson], timeFile);
  if (!first.ok) throw new Error(`dump of ${changed} failed: ${first.error}`);

  const dumps: RunResult[] = [];
  const shells: RunResult[] = [];
  const diffs: RunResult[] = [];
  const compares: RunResult[] = [];
  // Alternating runs: the same load and caches for each command.
  for (let run = 1; run <= repetitions; run++) {
    const dump = await timedRun([...cli, 'dump', `sqlite:${base}`, '--output', baseJson], timeFile);
    const native = shell ? await timedRun(['sqlite3', base, '.schema'], timeFile) : undefined;
    const diff = await timedRun(
      [...cli, 'diff', baseJson, changedJson, '--output', path.join(folder, 'plan.sql')],
      timeFile,
      [0, 1],
    );
    const compare = await timedRun([...cli, 'compare', `sqlite:${base}`, `sqlite:${changed}`], timeFile, [0, 1]);
    dumps.push(dump);
    if (native) shells.push(native);
    diffs.push(diff);
    compares.push(compare);
    log(
      `run ${run}: dump ${describeRun(dump)}; sqlite3 .schema ${native ? describeRun(native) : 'not installed'}; diff ${describeRun(diff)}; compare ${describeRun(compare)}`,
    );
  }
  const [d, s, f, c] = [summarize(dumps), shell ? summarize(shells) : undefined, summarize(diffs), summarize(compares)];
  // Untimed: how many changes the comparison finds and how many statements the plan has.
  const json = (command: string) =>
    JSON.parse(
      spawnSync('node', [...cli.slice(1), command, baseJson, changedJson, '--format', 'json'], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }).stdout,
    ) as { summary?: { total?: number }; statements?: unknown[] };
  const plan = { changes: json('compare').summary?.total, statements: json('diff').statements?.length };
  const held = await counts(baseJson);
  const ratio = d.ok && s?.ok ? d.seconds / s.seconds : undefined;
  const yes = (ok: boolean) => (ok ? 'yes' : 'no');
  const cpu = (r: RunResult | undefined) => (r?.ok ? r.cpuSeconds.toFixed(2) : '–');
  const load = `${loadBefore.toFixed(1)} → ${(os.loadavg()[0] ?? 0).toFixed(1)}`;
  const report = [
    `A generated SQLite file of ${held.tables} tables (3–14 columns of 17 declared types, defaults, collations, checks, generated columns, STRICT and WITHOUT ROWID tables, up to two foreign keys each), ${held.indexes} indexes, ${held.views} views and ${held.triggers} triggers; the second file has about one change per 100 tables. sqlite3 shell ${shell ?? 'not installed'}; median of ${repetitions} alternating runs; wall seconds, CPU seconds (user + system), peak RSS.`,
    '',
    '| command | s | CPU s | peak MB | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| \`schemaguard dump sqlite:app.db\` | ${formatSeconds(d)} | ${cpu(d)} | ${formatPeak(d)} | < 1 s: ${yes(d.ok && d.seconds < 1)}; < 300 MB: ${yes(d.ok && d.peakMb < 300)} |`,
    `| \`sqlite3 app.db .schema\` (reference) | ${s ? formatSeconds(s) : 'not installed'} | ${cpu(s)} | ${s ? formatPeak(s) : '–'} | dump / .schema: ${ratio?.toFixed(1) ?? '–'} |`,
    `| \`schemaguard diff base.json changed.json\` (${plan.changes ?? '?'} changes, ${plan.statements ?? '?'} statements) | ${formatSeconds(f)} | ${cpu(f)} | ${formatPeak(f)} | < 1 s: ${yes(f.ok && f.seconds < 1)} |`,
    `| \`schemaguard compare sqlite:app.db sqlite:app_changed.db\` | ${formatSeconds(c)} | ${cpu(c)} | ${formatPeak(c)} | |`,
    '',
    `Measured ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${load} (other work shared the machine).`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (values.write) await writeReadmeSection(report, MARKERS);
  if (!values.keep) rmSync(folder, { recursive: true, force: true });
}

await main();
