/**
 * `npm run demo`: the seeds' incident, told by schemaguard on the example project
 * (examples/lms) on embedded PostgreSQL — no server, nothing to install. It works in a
 * temporary copy of the project, removes it at the end, and exits non-zero if any step
 * does not behave as described, so the demo is also a test. Each command runs in this
 * process, as the CLI's `runCli` with the command's own output streams, working directory
 * and environment: what a user's `schemaguard …` prints, without starting Node per command.
 *
 * `--server URL` runs the same story on a PostgreSQL server (databases created and dropped);
 * `--mysql URL` runs it on a MySQL or MariaDB server, on the example's MySQL version
 * (examples/lms-mysql): its databases, and the shadow databases that replay its migrations,
 * are created on that server and dropped. `--sqlite` runs it on SQLite files in the temporary
 * copy, on the example's SQLite version (examples/lms-sqlite), with drizzle sqlite-core models.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';
import { runCli } from '../src/cli/program.js';
import { setWasmFlags } from '../src/wasm-flags.js';
import { connect, dialectByName } from '../src/index.js';

const root = join(import.meta.dirname, '..');

/** Where the demo writes: a terminal's two streams, or a test's. */
export interface DemoOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The engine a run tells the story on: embedded PostgreSQL, a server of PostgreSQL or MySQL, or SQLite files. */
type DemoEngine = 'postgres' | 'mysql' | 'sqlite';

/** Each engine's version of the example project, in examples/. */
const EXAMPLE: Record<DemoEngine, string> = { postgres: 'lms', mysql: 'lms-mysql', sqlite: 'lms-sqlite' };

/** One run of the demo: its temporary project, the server it runs on if any, and its output. */
interface Demo {
  readonly work: string;
  readonly engine: DemoEngine;
  readonly server: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly output: DemoOutput;
}

function heading(demo: Demo, title: string): void {
  demo.output.stdout(`\n\u001b[1m== ${title}\u001b[0m\n`);
}

/**
 * Runs a schemaguard command as a user would type it, shows its output (stdout and stderr in
 * the order it wrote them, as on a terminal), and checks its exit code.
 */
async function schemaguard(demo: Demo, args: string[], expectedCode: number, expected?: RegExp): Promise<string> {
  const { work, env } = demo;
  demo.output.stdout(`\n$ schemaguard ${args.map((a) => (/[\s"]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  const written: string[] = [];
  // One stream for both, not a terminal: what a pipe to a file would hold.
  const output = { isTTY: false, write: (text: string) => written.push(text) };
  const status = await runCli(args, { stdout: output, stderr: output, cwd: work, env });
  const text = written.join('');
  demo.output.stdout(text.replace(/^(?=.)/gm, '  '));
  check(demo, status === expectedCode, `exit code ${expectedCode} (got ${status})`);
  if (expected) check(demo, expected.test(text), `the output shows ${expected}`);
  return text;
}

function check(demo: Demo, condition: boolean, what: string): void {
  if (!condition) {
    demo.output.stderr(`\ndemo: FAILED: ${what}\n`);
    throw new Error('demo failed');
  }
  demo.output.stdout(`  \u001b[32m✓\u001b[0m ${what}\n`);
}

/** A connection to a MySQL server URL that runs scripts of several statements. */
function mysqlClient(url: string, database?: string) {
  const parsed = new URL(url);
  return createConnection({
    host: parsed.hostname,
    port: Number(parsed.port || 3306),
    user: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database: database ?? (decodeURIComponent(parsed.pathname.slice(1)) || undefined),
    multipleStatements: true,
  });
}

/** SQL run directly on an environment's database, as a person with psql (or mysql, or sqlite3) would. */
async function psql({ env, work, engine }: Demo, environment: string, sql: string): Promise<void> {
  if (engine === 'sqlite') {
    const db = new Database(join(work, '.data', `${environment}.db`), { fileMustExist: true });
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const url = env[`LMS_${environment.toUpperCase()}_URL`];
  if (url && engine === 'mysql') {
    const client = await mysqlClient(url);
    await client.query(sql).finally(() => client.end());
    return;
  }
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(sql).finally(() => client.end());
    return;
  }
  const db = await connect(`pglite:${join(work, '.data', environment)}`);
  await db.exec(sql).finally(() => db.close());
}

/** The example project of the engine, copied, with the packages its config and models import. */
function prepareProject(work: string, engine: DemoEngine): void {
  cpSync(join(root, 'examples', EXAMPLE[engine]), work, {
    recursive: true,
    filter: (source) => !/[/\\](\.data|database_schema|\.schemaguard)$/.test(source),
  });
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(root, join(work, 'node_modules', 'schemaguard'));
  for (const name of ['drizzle-orm', 'drizzle-kit']) {
    symlinkSync(join(root, 'node_modules', name), join(work, 'node_modules', name));
  }
}

/** Empty databases for the environments: embedded ones in .data/, or new ones on the server. */
async function createDatabases({ work, server, env, engine }: Demo): Promise<() => Promise<void>> {
  const environments = ['development', 'production'];
  const run = `sgdemo_${process.pid}_${randomBytes(3).toString('hex')}`;
  const names = environments.map((e) => `${run}_${e}`);
  const setUrls = () =>
    names.forEach((name, i) => {
      const url = new URL(server as string);
      url.pathname = `/${name}`;
      env[`LMS_${environments[i]?.toUpperCase()}_URL`] = url.href;
    });
  if (engine === 'sqlite') {
    // Empty files: an empty file is an empty SQLite database (schemaguard never creates one).
    mkdirSync(join(work, '.data'));
    for (const environment of environments) writeFileSync(join(work, '.data', `${environment}.db`), '');
    return async () => {};
  }
  if (engine === 'mysql') {
    const admin = await mysqlClient(server as string);
    try {
      for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
    } catch (error) {
      await admin.end();
      throw error;
    }
    setUrls();
    return async () => {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    };
  }
  // One initdb, saved in the project's cache folder as schemaguard's first shadow database
  // would save it: the embedded databases, and every shadow database after them, start from it.
  await dialectByName('postgres').shadow.warmUp(join(work, '.schemaguard', 'cache'));
  if (!server) {
    mkdirSync(join(work, '.data'));
    for (const environment of environments)
      await (await connect(`pglite:${join(work, '.data', environment)}`, { create: true })).close();
    return async () => {};
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
  setUrls();
  return async () => {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}

/** What the incident of step 3 runs on production, and the command a person would type for it. */
const INCIDENT: Record<DemoEngine, { readonly shown: string; readonly sql: string }> = {
  postgres: {
    shown:
      '$ psql production -c "ALTER TABLE asset ADD COLUMN publishing_organization_id …; ALTER TABLE asset DROP COLUMN resource_id"',
    sql: 'ALTER TABLE public.asset ADD COLUMN publishing_organization_id bigint REFERENCES public.publishing_organization (id) ON DELETE SET NULL; ALTER TABLE public.asset DROP COLUMN resource_id;',
  },
  mysql: {
    shown:
      '$ mysql production -e "ALTER TABLE asset ADD COLUMN publishing_organization_id …; ALTER TABLE asset DROP FOREIGN KEY asset_resource_id_fkey, DROP COLUMN resource_id"',
    sql: 'ALTER TABLE asset ADD COLUMN publishing_organization_id bigint, ADD CONSTRAINT asset_publishing_organization_id_fkey FOREIGN KEY (publishing_organization_id) REFERENCES publishing_organization (id) ON DELETE SET NULL; ALTER TABLE asset DROP FOREIGN KEY asset_resource_id_fkey, DROP COLUMN resource_id;',
  },
  // SQLite cannot drop a column a foreign key uses: the old asset table comes back whole.
  sqlite: {
    shown:
      '$ sqlite3 .data/production.db "CREATE TABLE asset_old (… publishing_organization_id …); INSERT INTO asset_old … SELECT … FROM asset; DROP TABLE asset; ALTER TABLE asset_old RENAME TO asset; …"',
    sql: `CREATE TABLE asset_old (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  publishing_organization_id INTEGER REFERENCES publishing_organization (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  deleted_at TEXT
);
INSERT INTO asset_old (id, title, deleted_at) SELECT id, title, deleted_at FROM asset;
DROP TABLE asset;
ALTER TABLE asset_old RENAME TO asset;
CREATE INDEX asset_live_title_idx ON asset (lower(title)) WHERE deleted_at IS NULL;`,
  },
};

/**
 * Runs the demo in a new temporary copy of the example project, on embedded PostgreSQL, on the
 * PostgreSQL server `server`, on the MySQL/MariaDB server `mysql` or (`sqlite`) on SQLite files,
 * and removes the copy. Resolves to 0 when every step behaved as described, else 1.
 */
export async function runDemo(
  options: { server?: string; mysql?: string; sqlite?: boolean; output?: DemoOutput } = {},
): Promise<number> {
  const engine: DemoEngine = options.sqlite ? 'sqlite' : options.mysql !== undefined ? 'mysql' : 'postgres';
  const demo: Demo = {
    work: mkdtempSync(join(tmpdir(), 'schemaguard-demo-')),
    engine,
    server: options.sqlite ? undefined : (options.mysql ?? options.server),
    env: { ...process.env },
    output: options.output ?? {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    },
  };
  const { work, server } = demo;
  const started = performance.now();
  let dropDatabases: () => Promise<void> = async () => {};
  try {
    prepareProject(work, engine);
    dropDatabases = await createDatabases(demo);
    const where =
      engine === 'mysql'
        ? '(examples/lms-mysql), on a MySQL/MariaDB server'
        : engine === 'sqlite'
          ? '(examples/lms-sqlite), on SQLite files'
          : `(examples/lms), ${server ? 'on a PostgreSQL server' : 'on embedded PostgreSQL'}`;
    demo.output.stdout(`schemaguard demo: the seeds' incident on the example project ${where}, in ${work}\n`);

    heading(demo, '1. Create the development and production databases from the migrations');
    await schemaguard(demo, ['migrate', 'apply', '--env', 'development', '--yes'], 0, /6\. post-verify: passed/);
    await schemaguard(demo, ['migrate', 'apply', '--env', 'production', '--yes'], 0, /8\. snapshot: passed/);

    heading(demo, '2. Record the baseline: the schema the migrations make, as a file for git');
    await schemaguard(demo, ['dump', '--env', 'development', '--baseline'], 0);
    const baseline = readFileSync(join(work, 'database_schema', 'baseline_schema.json'), 'utf8');
    demo.output.stdout(
      `\n$ head -n 16 database_schema/baseline_schema.json\n${baseline.split('\n').slice(0, 16).join('\n')}\n  …\n`,
    );
    check(demo, /"name": "resource_id"/.test(baseline), 'the baseline has asset.resource_id');

    heading(demo, "3. The seeds' incident: production gets the old schema back, its history still says 0002 ran");
    demo.output.stdout(
      `\n(someone restores an old dump, or a deploy records the migration without running it)\n${INCIDENT[engine].shown}\n`,
    );
    await psql(demo, 'production', INCIDENT[engine].sql);

    heading(demo, '4. The pre-deploy check fails, and points at asset.resource_id');
    await schemaguard(
      demo,
      ['check', '--env', 'production'],
      1,
      /✗ assertion: asset\.resource_id exists: asset has no column resource_id/,
    );

    heading(demo, '5. verify shows the mismatch; --fix finds that the history, not the schema, needs fixing');
    const verified = await schemaguard(
      demo,
      ['verify', '--env', 'production', '--fix'],
      1,
      /\+ column resource_id \[breaking\]/,
    );
    check(
      demo,
      /No migration written: .*0002_asset_resource\.sql/.test(verified),
      'no migration that would not replay',
    );
    await schemaguard(demo, ['migrate', 'repair', '--env', 'production', '--yes'], 0, /0002_asset_resource\.sql/);

    heading(demo, '6. migrate apply runs 0002 again through the safety protocol');
    await schemaguard(
      demo,
      ['migrate', 'apply', '--env', 'production', '--yes'],
      1,
      /Step 4 \(confirm\): the plan loses data/,
    );
    const applied = await schemaguard(
      demo,
      ['migrate', 'apply', '--env', 'production', '--yes', '--allow-data-loss'],
      0,
      /7\. system checks: passed/,
    );
    const backup = /Backup: (\S+)/.exec(applied)?.[1];
    check(demo, backup !== undefined, `the backup was written first: ${backup}`);
    if (engine === 'mysql') {
      check(
        demo,
        /WARNING: MySQL DDL cannot be rolled back/.test(applied),
        'the plan said MySQL DDL cannot be rolled back, before applying statement by statement',
      );
    }

    heading(demo, '7. The check passes; production equals the baseline');
    await schemaguard(demo, ['check', '--env', 'production'], 0, /^PASSED: /m);
    await schemaguard(demo, ['compare', 'database_schema/baseline_schema.json', 'env:production'], 0, /No differences/);

    demo.output.stdout(`
\u001b[1mWhat you saw\u001b[0m (in ${((performance.now() - started) / 1000).toFixed(0)} s): schemaguard kept the schema in a file for git,
caught production disagreeing with its own migration history — the assertion on asset.resource_id,
the drift, the models — refused to paper over it with a migration that would not replay, repaired the
history, and re-ran the migration through its safety protocol: verify, back up (${backup}),
plan with hazards (data loss, confirmed with --allow-data-loss), apply under a lock, verify again,
run the system checks, and record production's snapshot. Then every check passed.
`);
  } catch (error) {
    if ((error as Error).message !== 'demo failed') demo.output.stderr(`demo: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await dropDatabases();
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // As the CLI's main.ts: the embedded databases' WebAssembly runs faster without V8's re-compiling.
  setWasmFlags();
  const valueOf = (flag: string) => {
    const index = process.argv.indexOf(flag);
    return index > 0 ? (process.argv[index + 1] ?? '') : undefined;
  };
  const [server, mysql] = [valueOf('--server'), valueOf('--mysql')];
  const sqlite = process.argv.includes('--sqlite');
  if (server === '' || mysql === '') {
    process.stderr.write(
      'demo: --server and --mysql take a server URL, e.g. --mysql mysql://root@127.0.0.1:3306/test\n',
    );
    process.exitCode = 2;
  } else if (sqlite && (server !== undefined || mysql !== undefined)) {
    process.stderr.write('demo: --sqlite runs on SQLite files: give it alone, without --server or --mysql\n');
    process.exitCode = 2;
  } else {
    process.exitCode = await runDemo({ server, mysql, sqlite });
  }
}
