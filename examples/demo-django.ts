/**
 * `npm run demo:django`: the seeds' incident on the Django example (examples/django-lms),
 * told by schemaguard on an embedded PostgreSQL database that Django reaches through a
 * local port: Django migrates it the way the seeds' team did (0002 recorded, never run),
 * schemaguard's check, status and verify find it, `verify --fix` says the database is what
 * is wrong, `migrate repair` marks 0002 as not applied Django's way, Django runs it, and the
 * checks pass. It runs the project with the Python that has Django: `$DJANGO_PYTHON`, else
 * the active virtualenv's, else /usr/bin/python3, else `python3`; without one, it says how
 * to get Django and exits 0. It exits 1 if a step does not behave as described.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/program.js';
import { dialectByName } from '../src/index.js';
import { setWasmFlags } from '../src/wasm-flags.js';

const root = join(import.meta.dirname, '..');
const out = (text: string) => process.stdout.write(text);

/** The first Python that imports Django and psycopg2, or undefined. */
function djangoPython(): string | undefined {
  const candidates = [
    process.env.DJANGO_PYTHON,
    process.env.VIRTUAL_ENV ? join(process.env.VIRTUAL_ENV, 'bin', 'python') : undefined,
    '/usr/bin/python3',
    'python3',
  ];
  return candidates.find(
    (python) =>
      python !== undefined && spawnSync(python, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0,
  );
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`FAILED: ${what}`);
  out(`  \u001b[32m✓\u001b[0m ${what}\n`);
}

/** A schemaguard command as a user types it, run in this process; its output shown and checked. */
async function schemaguard(work: string, args: string[], code: number, expected?: RegExp): Promise<string> {
  out(`\n$ schemaguard ${args.map((a) => (/[\s"]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
  const written: string[] = [];
  const stream = { isTTY: false, write: (text: string) => written.push(text) };
  const status = await runCli(args, { stdout: stream, stderr: stream, cwd: work, env: { ...process.env } });
  const text = written.join('');
  out(text.replace(/^(?=.)/gm, '  '));
  check(status === code, `exit code ${code} (got ${status})`);
  if (expected) check(expected.test(text), `the output shows ${expected}`);
  return text;
}

/** `python manage.py …` as a user types it, on the database at `url` (not blocking: this process serves it). */
async function manage(work: string, python: string, url: string, args: string): Promise<void> {
  out(`\n$ python manage.py ${args}\n`);
  const child = spawn(python, ['manage.py', ...args.split(' ')], {
    cwd: work,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  out(chunks.join('').replace(/^(?=.)/gm, '  '));
  check(code === 0, `python manage.py ${args} exits 0`);
}

async function main(): Promise<number> {
  const python = djangoPython();
  if (!python) {
    out(
      'The Django demo needs a Python with Django and psycopg2: install them (python3 -m pip install Django psycopg2-binary, or apt-get install python3-django python3-psycopg2), or set DJANGO_PYTHON to such a Python, then run npm run demo:django again.\n',
    );
    return 0;
  }
  const work = mkdtempSync(join(tmpdir(), 'schemaguard-demo-django-'));
  const shadow = await dialectByName('postgres').shadow.open({
    cacheDir: join(work, '.schemaguard', 'cache'),
    scripts: [],
  });
  try {
    cpSync(join(root, 'examples', 'django-lms'), work, {
      recursive: true,
      filter: (source) => !source.includes('__pycache__'),
    });
    rmSync(join(work, 'schemaguard.config.ts'));
    const config = {
      django: { manage: 'manage.py', settings: 'lms.settings', python },
      models: 'django:',
      migrations: { dir: '.', table: 'django_migrations', command: `${python} manage.py migrate` },
      assertions: [
        { table: 'asset', column: 'resource_id' },
        { table: 'asset', absentColumn: 'publishing_organization_id' },
        { foreignKey: 'asset.resource_id -> resource.id' },
      ],
    };
    writeFileSync(join(work, 'schemaguard.config.json'), `${JSON.stringify(config, null, 2)}\n`);
    if (!shadow.serve) throw new Error('the embedded database cannot be served to Django');
    const served = await shadow.serve();
    const url = served.url;
    try {
      out(
        `schemaguard Django demo: the seeds' incident on examples/django-lms with ${python}, on an embedded PostgreSQL database served at ${url}, in ${work}\n`,
      );
      out("\n\u001b[1m== 1. The seeds' incident: 0002 recorded as applied, never run\u001b[0m\n");
      await manage(work, python, url, 'migrate content 0001 -v0');
      await manage(work, python, url, 'migrate content 0002 --fake -v0');
      await manage(work, python, url, 'migrate -v0');
      await manage(work, python, url, 'makemigrations --check --dry-run');

      out('\n\u001b[1m== 2. schemaguard sees what Django does not\u001b[0m\n');
      await schemaguard(work, ['check', '--schema', url], 1, /asset has no column resource_id/);
      await schemaguard(work, ['migrate', 'status', '--db', url], 1, /applied +content\.0002_asset_resource/);
      await schemaguard(work, ['verify', '--db', url, '--app', 'content'], 1, /\+ column resource_id/);

      out('\n\u001b[1m== 3. verify --fix: no migration; the database is what is wrong\u001b[0m\n');
      await schemaguard(work, ['verify', '--db', url, '--fix'], 1, /lacks the changes of content\.0002_asset_resource/);
      await schemaguard(
        work,
        ['migrate', 'repair', '--db', url, '--yes'],
        0,
        /python manage\.py migrate content 0001_initial --fake/,
      );

      out('\n\u001b[1m== 4. Django runs 0002 for real; every check passes\u001b[0m\n');
      out(
        '(on a server database, "schemaguard migrate apply" runs this inside the safety protocol, with the plan from sqlmigrate and its hazards: see examples/django-lms/README.md)\n',
      );
      await manage(work, python, url, 'migrate content -v1');
      await schemaguard(work, ['check', '--schema', url], 0, /^PASSED: /m);
      await schemaguard(work, ['verify', '--db', url], 0);
    } finally {
      await served.close();
    }
    out(
      "\nWhat you saw: Django ticked every migration and found no model change, but the database lacked 0002. schemaguard's assertions, migrate status and verify caught it; verify --fix refused to paper over it with a new migration; migrate repair marked 0002 as not applied (migrate content 0001_initial --fake), and Django ran it.\n",
    );
    return 0;
  } catch (error) {
    process.stderr.write(`\ndemo: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await shadow.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}

// As the CLI's main.ts: the embedded database's WebAssembly runs faster without V8's re-compiling.
setWasmFlags();
process.exitCode = await main();
