/**
 * `npm run bench:log [-- --commits 500 --tables 200 --keep --write]`: times `schemaguard log` on a git
 * repository whose baseline snapshot of a generated schema was changed by 500 commits, one schema
 * change each, and counts the git processes one run starts.
 *
 * No database server is needed: the first snapshot is `schemaguard dump sql:schema.sql` (the
 * embedded shadow database), the next ones are that schema changed in memory and written with the
 * project's snapshot writer, and the repository is built by one `git fast-import`.
 */
import { execFile, spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { ColumnDef, IndexDef, Schema, TableDef } from '../src/schema/model.js';
import { createSnapshot, readSnapshot, serializeSnapshot } from '../src/schema/snapshot.js';
import { generateSchemaSql } from './generate-schema.js';
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

const run = promisify(execFile);
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const BASELINE = 'database_schema/baseline_schema.json';
const TARGET_SECONDS = 5;
/** One commit in this many also changes a file other than the baseline, which `log` must skip. */
const NOISE_EVERY = 5;
const MARKERS = {
  start: '<!-- log-results:start -->',
  end: '<!-- log-results:end -->',
  fallbackHeading: '## `schemaguard log`',
};

/** The schema with the table at `index` replaced by what `change` makes of it. */
function withTable(schema: Schema, index: number, change: (table: TableDef) => TableDef): Schema {
  const tables = [...schema.tables];
  const table = tables[index];
  if (table) tables[index] = change(table);
  return { ...schema, tables };
}

/**
 * The schema after commit `step`: one change to one table, cycling through six kinds (a column
 * added, its type widened, an index added, that index dropped, a comment set, a table added).
 */
function changeSchema(schema: Schema, step: number): { schema: Schema; subject: string } {
  const count = schema.tables.length;
  // Steps of a cycle touch the same table; cycles move through the tables 7 apart.
  const cycle = Math.floor(step / 6);
  const index = (cycle * 7) % count;
  const name = (t: TableDef) => `${t.schema}.${t.name}`;
  const target = schema.tables[index];
  if (!target) throw new Error(`no table ${index}`);
  const column = `note_${cycle}`;
  const indexName = `${target.name}_${column}_idx`.slice(0, 63);
  switch (step % 6) {
    case 0: {
      const added: ColumnDef = { name: column, type: 'character varying(40)' };
      return {
        schema: withTable(schema, index, (t) => ({ ...t, columns: [...t.columns, added] })),
        subject: `add ${column} to ${name(target)}`,
      };
    }
    case 1:
      return {
        schema: withTable(schema, index, (t) => ({
          ...t,
          columns: t.columns.map((c) => (c.name === column ? { ...c, type: 'text' } : c)),
        })),
        subject: `widen ${name(target)}.${column} to text`,
      };
    case 2: {
      const added: IndexDef = { name: indexName, method: 'btree', keys: [{ column }] };
      return {
        schema: withTable(schema, index, (t) => ({ ...t, indexes: [...(t.indexes ?? []), added] })),
        subject: `index ${name(target)}.${column}`,
      };
    }
    case 3:
      return {
        schema: withTable(schema, index, (t) => ({
          ...t,
          indexes: (t.indexes ?? []).filter((i) => i.name !== indexName),
        })),
        subject: `drop index ${indexName}`,
      };
    case 4:
      return {
        schema: withTable(schema, index, (t) => ({ ...t, comment: `Reviewed in change ${step}.` })),
        subject: `document ${name(target)}`,
      };
    default: {
      const table: TableDef = {
        schema: 'app',
        name: `bench_added_${cycle}`,
        columns: [
          { name: 'id', type: 'bigint', notNull: true },
          { name: 'payload', type: 'jsonb' },
        ],
        constraints: [{ type: 'primary key', name: `bench_added_${cycle}_pkey`, columns: ['id'] }],
      };
      return { schema: { ...schema, tables: [...schema.tables, table] }, subject: `add table app.${table.name}` };
    }
  }
}

/** Writes one `git fast-import` command, waiting when the pipe is full. */
async function send(stream: NodeJS.WritableStream, data: string | Buffer): Promise<void> {
  if (!stream.write(data)) await new Promise((resolve) => stream.once('drain', resolve));
}

/** A `data` command of fast-import: the exact byte count, then the bytes. */
function dataCommand(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n')]);
}

const AUTHORS = ['Alice Martin <alice@example.com>', 'Bob Chen <bob@example.com>', 'Chloé Diaz <chloe@example.com>'];

/**
 * Builds the repository: the dumped snapshot as the first commit, then `commits - 1` commits each
 * changing it once, with a commit touching only README.md after every NOISE_EVERY-th. Returns the
 * number of commits and the name of a table changed by some of them.
 */
async function buildRepository(
  repo: string,
  first: Awaited<ReturnType<typeof readSnapshot>>,
  commits: number,
): Promise<{ total: number; table: string }> {
  await run('git', ['init', '-q', repo]);
  const importer = spawn('git', ['fast-import', '--quiet'], { cwd: repo, stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => {
    importer.on('error', reject);
    importer.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
  });
  const meta = { source: first.meta.source, serverVersion: first.meta.serverVersion, baseline: true };
  let schema = first.schema;
  let time = Date.UTC(2026, 0, 5, 9) / 1000;
  let total = 0;
  const commit = async (subject: string, path: string, content: string) => {
    total++;
    time += 3600;
    const who = `${AUTHORS[total % AUTHORS.length]} ${time} +0000`;
    const header = `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\n`;
    await send(importer.stdin, Buffer.concat([Buffer.from(header), dataCommand(subject)]));
    await send(importer.stdin, Buffer.concat([Buffer.from(`M 100644 inline ${path}\n`), dataCommand(content)]));
  };
  await commit('baseline schema', BASELINE, serializeSnapshot(createSnapshot(first.dialect, schema, meta)));
  for (let step = 0; step < commits - 1; step++) {
    const changed = changeSchema(schema, step);
    schema = changed.schema;
    await commit(changed.subject, BASELINE, serializeSnapshot(createSnapshot(first.dialect, schema, meta)));
    if (step % NOISE_EVERY === NOISE_EVERY - 1) await commit(`notes for change ${step}`, 'README.md', `${step}\n`);
  }
  importer.stdin.end();
  await done;
  await run('git', ['symbolic-ref', 'HEAD', 'refs/heads/main'], { cwd: repo });
  await run('git', ['reset', '-q', '--hard'], { cwd: repo });
  const table = first.schema.tables[0];
  return { total, table: table ? table.name : 'missing' };
}

/**
 * Runs `log` once with a `git` on the PATH that records its arguments before running the real one,
 * and returns every git command started, and the lines of the output.
 */
async function countGitProcesses(work: string, file: string): Promise<{ commands: string[]; lines: string[] }> {
  const { stdout: realGit } = await run('sh', ['-c', 'command -v git']);
  const bin = join(work, 'bin');
  const record = join(work, 'git-commands.txt');
  await mkdir(bin, { recursive: true });
  await writeFile(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${record}'\nexec '${realGit.trim()}' "$@"\n`);
  await chmod(join(bin, 'git'), 0o755);
  await writeFile(record, '');
  const { stdout } = await run('node', [CLI, 'log', '--file', file], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  const commands = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
  return { commands, lines: stdout.split('\n').filter(Boolean) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      commits: { type: 'string', default: '500' },
      tables: { type: 'string', default: '200' },
      write: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const commits = Number(values.commits);
  const tables = Number(values.tables);
  if (!Number.isInteger(commits) || commits < 2) throw new Error(`invalid --commits: ${values.commits}`);
  if (!Number.isInteger(tables) || tables < 1) throw new Error(`invalid --tables: ${values.tables}`);
  const work = await mkdtemp(join(tmpdir(), 'sgbench-log-'));
  try {
    log(`dumping the generated ${tables}-table schema through the embedded shadow database`);
    await writeFile(join(work, 'schema.sql'), generateSchemaSql(tables, { seed: SEED }));
    await run('node', [CLI, 'dump', 'sql:schema.sql', '--output', 'first.json'], { cwd: work });
    const first = await readSnapshot(join(work, 'first.json'));
    const repo = join(work, 'repo');
    const started = performance.now();
    const { total, table } = await buildRepository(repo, first, commits);
    const size = Buffer.byteLength(await readFile(join(repo, BASELINE), 'utf8'));
    log(`built ${total} commits in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const file = join(repo, BASELINE);
    const variants: { label: string; args: string[] }[] = [
      { label: '`log`', args: [] },
      { label: '`log --format json`', args: ['--format', 'json'] },
      { label: `\`log --table ${table}\``, args: ['--table', table] },
      { label: '`log --patch`', args: ['--patch'] },
      { label: '`log --max-count 20`', args: ['--max-count', '20'] },
      { label: '`--version` (Node.js start-up)', args: [] },
    ];
    const runs: RunResult[][] = variants.map(() => []);
    const timeFile = join(work, 'time.txt');
    for (let repetition = 1; repetition <= REPETITIONS; repetition++) {
      for (const [i, variant] of variants.entries()) {
        const argv = variant.label.startsWith('`--version`')
          ? ['node', CLI, '--version']
          : ['node', CLI, 'log', '--file', file, ...variant.args];
        const result = await timedRun(argv, timeFile);
        runs[i]?.push(result);
        log(`run ${repetition}: ${variant.label}: ${describeRun(result)}`);
      }
    }
    const { commands, lines } = await countGitProcesses(work, file);
    const catFiles = commands.filter((c) => c.startsWith('cat-file')).length;
    const summaries = variants.map((_, i) => summarize(runs[i] ?? []));
    const main = summaries[0];
    const met = main?.ok === true && main.seconds < TARGET_SECONDS;
    const rows = variants.map((variant, i) => {
      const s = summaries[i] as RunResult;
      const target = i === 0 ? `< ${TARGET_SECONDS} s: ${met ? 'yes' : 'no'}` : '–';
      return `| ${variant.label} | ${formatSeconds(s)} | ${formatPeak(s)} | ${target} |`;
    });
    const report = [
      `${total} commits, ${commits} of them changing a ${tables}-table baseline (${(size / 1024).toFixed(0)} KB), one schema change each.`,
      '',
      '| command | median s | median peak MB | target |',
      '| --- | ---: | ---: | --- |',
      ...rows,
      '',
      `One \`log\` run started ${commands.length} git processes, ${catFiles} of them \`git cat-file --batch\`: ${commands.map((c) => `\`git ${c.split(' ').slice(0, 2).join(' ')}…\``).join(', ')}. It listed ${lines.length} commits.`,
      '',
      `Measured ${new Date().toISOString()}, node ${process.version}, median of ${REPETITIONS} interleaved runs.`,
    ].join('\n');
    process.stdout.write(`${report}\n`);
    if (values.write) await writeReadmeSection(report, MARKERS);
  } finally {
    if (values.keep) log(`kept the repository in ${join(work, 'repo')}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
