/**
 * `npm run demo:django:server -- --server URL`: the seeds' incident on the Django example
 * (examples/django-lms), told with Django's own commands and schemaguard's. Django needs a
 * PostgreSQL server for the project's database (its shadow databases are schemaguard's
 * business: embedded, nothing to run), and a Python with Django and psycopg2. When either is
 * missing, the demo says how to get them and exits with 2. It works in a temporary copy of the
 * project and a database it creates and drops, and exits 1 if any step does not behave as
 * described, so the demo is also a test.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { runCli } from '../src/cli/program.js';
import { setWasmFlags } from '../src/wasm-flags.js';
import type { DemoOutput } from './demo.js';

const root = join(import.meta.dirname, '..');

/** One run of the demo: its copy of the project, the database's URL, the environment and the output. */
interface DjangoDemo {
  readonly work: string;
  readonly url: string;
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  readonly output: DemoOutput;
}

const HOW_TO = `To run it, the demo needs:
  - a Python with Django (3.2 to 5.x) and psycopg2: a virtualenv with
      python3 -m venv .venv && . .venv/bin/activate && pip install -r examples/django-lms/requirements.txt
    or Debian's packages: apt-get install python3-django python3-psycopg2
    (the demo takes $VIRTUAL_ENV/bin/python, else python3; --python PATH names another)
  - a PostgreSQL server the demo may create a database on: npm run demo:django:server -- --server postgres://postgres@127.0.0.1:5432/postgres
`;

function heading(demo: DjangoDemo, title: string): void {
  demo.output.stdout(`\n\u001b[1m== ${title}\u001b[0m\n`);
}

function check(demo: DjangoDemo, condition: boolean, what: string): void {
  if (!condition) {
    demo.output.stderr(`\ndemo: FAILED: ${what}\n`);
    throw new Error('demo failed');
  }
  demo.output.stdout(`  \u001b[32m✓\u001b[0m ${what}\n`);
}

/** A `python manage.py …` command, shown and run, with its output indented; checks its exit code. */
function manage(demo: DjangoDemo, args: string[], expectedCode: number, expected?: RegExp): string {
  demo.output.stdout(`\n$ python manage.py ${args.map((a) => (/[\s"]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  const result = spawnSync(demo.python, ['manage.py', ...args], {
    cwd: demo.work,
    encoding: 'utf8',
    env: demo.env,
    timeout: 120_000,
  });
  const text = `${result.stdout}${result.stderr}`;
  // A traceback is shown by its error line, as the application's log would report it.
  const shown = result.status === 0 ? text : (text.split('\n').findLast((line) => /Error: /.test(line)) ?? text);
  demo.output.stdout(`${shown.replace(/^(?=.)/gm, '  ')}${shown.endsWith('\n') ? '' : '\n'}`);
  const code = result.status ?? -1;
  check(
    demo,
    expectedCode === 0 ? code === 0 : code !== 0,
    `exit code ${expectedCode === 0 ? 0 : 'not 0'} (got ${code})`,
  );
  if (expected) check(demo, expected.test(text), `the output shows ${expected}`);
  return text;
}

/** A schemaguard command as a user would type it, run in this process; shows its output and checks its exit code. */
async function schemaguard(demo: DjangoDemo, args: string[], expectedCode: number, expected?: RegExp): Promise<void> {
  demo.output.stdout(`\n$ schemaguard ${args.map((a) => (a === demo.url ? '"$DATABASE_URL"' : a)).join(' ')}\n`);
  const written: string[] = [];
  const output = { isTTY: false, write: (text: string) => written.push(text) };
  const status = await runCli(args, { stdout: output, stderr: output, cwd: demo.work, env: demo.env });
  const text = written.join('');
  demo.output.stdout(text.replace(/^(?=.)/gm, '  '));
  check(demo, status === expectedCode, `exit code ${expectedCode} (got ${status})`);
  if (expected) check(demo, expected.test(text), `the output shows ${expected}`);
}

/** The Python to run: the one given, else the active virtualenv's, else python3; undefined when it lacks Django. */
function djangoPython(given: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const python = given ?? (env.VIRTUAL_ENV ? join(env.VIRTUAL_ENV, 'bin', 'python') : 'python3');
  const probe = spawnSync(python, ['-c', 'import django, psycopg2'], { stdio: 'ignore', env });
  return probe.status === 0 ? python : undefined;
}

/**
 * Runs the demo on `server` with `python` (see {@link djangoPython}). Resolves to 0 when every
 * step behaved as described, 1 when one did not, 2 when Python with Django or the server is missing.
 */
export async function runDjangoDemo(
  options: { server?: string; python?: string; output?: DemoOutput } = {},
): Promise<number> {
  const output = options.output ?? {
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
  };
  const python = djangoPython(options.python, process.env);
  if (!python || !options.server) {
    const missing = !python ? 'no Python with Django and psycopg2 was found' : 'no PostgreSQL server was given';
    output.stderr(`schemaguard Django demo: ${missing}.\n${HOW_TO}`);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'schemaguard-django-demo-'));
  const name = `sgdjdemo_${process.pid}`;
  const url = new URL(options.server);
  url.pathname = `/${name}`;
  // schemaguard's django: refs run python3 (no django.python in the example's config): the same Python as the demo.
  const bin = join(work, '.bin');
  const admin = new pg.Client({ connectionString: options.server });
  const demo: DjangoDemo = {
    work,
    url: url.href,
    python,
    env: { ...process.env, DATABASE_URL: url.href, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
    output,
  };
  const started = performance.now();
  let created = false;
  try {
    cpSync(join(root, 'examples', 'django-lms'), work, {
      recursive: true,
      filter: (source) => !/[/\\](__pycache__|database_schema|\.schemaguard)$/.test(source),
    });
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(root, join(work, 'node_modules', 'schemaguard'));
    mkdirSync(bin);
    for (const alias of ['python', 'python3']) symlinkSync(python, join(bin, alias));
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    created = true;
    output.stdout(`schemaguard Django demo: the seeds' incident on examples/django-lms, with ${python}, in ${work}\n`);

    heading(demo, '1. The first release: assets belong to a publishing organization');
    manage(demo, ['migrate', 'content', '0001'], 0, /Applying content\.0001_initial\.\.\. OK/);

    heading(demo, "2. The seeds' incident: 0002 is recorded as applied, its changes are never made");
    manage(demo, ['migrate', 'content', '0002', '--fake'], 0, /Applying content\.0002_asset_resource\.\.\. FAKED/);
    manage(demo, ['migrate', '-v0'], 0);

    heading(demo, "3. Django's own tools see nothing wrong; the application fails");
    manage(demo, ['showmigrations', 'content'], 0, /\[X\] 0002_asset_resource/);
    manage(demo, ['makemigrations', '--check', '--dry-run'], 0, /No changes detected/);
    manage(
      demo,
      ['shell', '-c', 'from content.models import Asset; print(list(Asset.objects.all()))'],
      1,
      /column asset\.resource_id does not exist/,
    );

    heading(
      demo,
      "4. schemaguard: the database against what the migrations build, and the seeds' critical relationship",
    );
    await schemaguard(demo, ['verify', '--db', url.href], 1, /\+ column resource_id \[breaking\]/);
    await schemaguard(
      demo,
      ['check', '--schema', url.href],
      1,
      /✗ assertion: asset\.resource_id exists: asset has no column resource_id/,
    );

    heading(demo, '5. The repair: forget the false record of 0002, then run it for real');
    manage(demo, ['migrate', 'content', '0001', '--fake'], 0, /Unapplying content\.0002_asset_resource\.\.\. FAKED/);
    manage(demo, ['migrate', 'content'], 0, /Applying content\.0002_asset_resource\.\.\. OK/);

    heading(demo, '6. The database matches the models; the assertions pass');
    await schemaguard(demo, ['verify', '--db', url.href], 0);
    await schemaguard(demo, ['check', '--schema', url.href], 0, /^PASSED: 3 passed/m);

    output.stdout(`
\u001b[1mWhat you saw\u001b[0m (in ${((performance.now() - started) / 1000).toFixed(0)} s): Django recorded a migration it never ran, and
its own checks passed: showmigrations ticked it, makemigrations found the models and the migration files in
agreement. schemaguard compared the database with what those migrations build (Django's own migrate, on a shadow
database) and named the difference, asset.resource_id missing and asset.publishing_organization_id still there, as
did the config's assertions. Once 0002 ran for real, both passed.
`);
  } catch (error) {
    if ((error as Error).message !== 'demo failed') output.stderr(`demo: ${(error as Error).message}\n`);
    return 1;
  } finally {
    if (created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.end().catch(() => {});
    rmSync(work, { recursive: true, force: true });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // As the CLI's main.ts: the embedded databases' WebAssembly runs faster without V8's re-compiling.
  setWasmFlags();
  const value = (flag: string) => {
    const index = process.argv.indexOf(flag);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  process.exitCode = await runDjangoDemo({ server: value('--server'), python: value('--python') });
}
