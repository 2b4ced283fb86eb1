import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dialectForUrl } from '../../src/dialects/index.js';
import { isOneSentenceError, runCli } from '../helpers/cli.js';

const WORKFLOW = join('.github', 'workflows', 'schema-verification.yml');

interface Service {
  image: string;
  env: Record<string, string>;
  ports: string[];
  options: string;
}

interface Job {
  services: Record<string, Service>;
  env: Record<string, string>;
  steps: { name?: string; run?: string }[];
}

/** A git repository with a MySQL project: plain migrations, a config, and the given files. */
function repository(config: object, files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'sg-ci-mysql-'));
  mkdirSync(join(root, 'migrations'));
  writeFileSync(join(root, 'migrations', '0001_teams.sql'), 'CREATE TABLE teams (id int PRIMARY KEY);\n');
  writeFileSync(join(root, 'schemaguard.config.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  return root;
}

const MIGRATIONS = { migrations: { dir: 'migrations' } };

async function writeWorkflow(root: string, ...flags: string[]) {
  const result = await runCli(['ci', 'github', '--force', ...flags], { cwd: root });
  expect(result.code, result.stderr).toBe(0);
  const text = readFileSync(join(root, WORKFLOW), 'utf8');
  const job = (parse(text) as { jobs: Record<string, Job> }).jobs['schema-verification'] as Job;
  return { stderr: result.stderr, text, job };
}

/** The service's health command, as `docker run --health-cmd` gets it. */
function healthCommand(service: Service): string | undefined {
  return /--health-cmd "([^"]+)"/.exec(service.options)?.[1];
}

/**
 * The job's DATABASE_URL reaches the service: the port it publishes, the root password and the
 * database the container's variables create.
 */
function expectUrlOfService(url: string, service: Service, variables: { password: string; database: string }): void {
  const parsed = new URL(url);
  const dialect = dialectForUrl(url);
  expect(dialect?.name).toBe('mysql');
  // schemaguard's own reading of it: the job's commands take it as written.
  expect(() => dialect?.refs.checkUrl(url)).not.toThrow();
  expect(service.ports).toEqual([`${parsed.port}:3306`]);
  expect(parsed.hostname).toBe('127.0.0.1');
  expect(parsed.username).toBe('root');
  expect(parsed.password).toBe(service.env[variables.password]);
  expect(parsed.pathname).toBe(`/${service.env[variables.database] ?? ''}`);
}

describe('schemaguard ci github for a MySQL project', () => {
  it('a MySQL service: mysql:8.4, its variables, mysqladmin ping over TCP, the DATABASE_URL that reaches it', async () => {
    const root = repository({ dialect: 'mysql', ...MIGRATIONS });
    const { stderr, job } = await writeWorkflow(root);
    expect(Object.keys(job.services)).toEqual(['mysql']);
    const mysql = job.services.mysql as Service;
    expect(mysql.image).toBe('mysql:8.4');
    expect(mysql.env).toEqual({ MYSQL_ROOT_PASSWORD: 'mysql', MYSQL_DATABASE: 'schemaguard' });
    // TCP, not the socket: the image's first-start server listens on the socket only.
    expect(healthCommand(mysql)).toBe('mysqladmin ping -h 127.0.0.1 -pmysql');
    expect(mysql.options).toMatch(/--health-interval 5s --health-timeout 5s --health-retries 10$/);
    expect(job.env.DATABASE_URL).toBe('mysql://root:mysql@127.0.0.1:3306/schemaguard');
    // No embedded MySQL: the job's migrations and models are replayed on the service's server.
    expect(job.env.SCHEMAGUARD_SHADOW_URL).toBe(job.env.DATABASE_URL);
    expectUrlOfService(job.env.DATABASE_URL ?? '', mysql, {
      password: 'MYSQL_ROOT_PASSWORD',
      database: 'MYSQL_DATABASE',
    });
    expect(stderr).toMatch(
      /^note: the service container is MySQL \(mysql:8\.4\): --engine mariadb runs another image\.$/m,
    );
    expect(job.steps.some((s) => s.run?.includes('migrate apply --db "$DATABASE_URL"'))).toBe(true);
    // The report of the change and the pull-request comment, as for PostgreSQL.
    expect(job.steps.slice(-3).map((s) => s.name)).toEqual([
      'The HTML report of the change',
      'Upload the report',
      'Comment on the pull request',
    ]);
    expect(job.steps.at(-3)?.run).toContain(
      'npx schemaguard report "$DATABASE_URL" --against "$against" -o schemaguard-report.html\n',
    );

    const older = await writeWorkflow(root, '--db-version', '8.0');
    expect(older.job.services.mysql?.image).toBe('mysql:8.0');
  });

  it("a mariadb:// URL in the config: MariaDB's image, variables and healthcheck.sh, the URL in the project's scheme", async () => {
    const root = repository({
      dialect: 'mysql',
      environments: { development: { url: 'mariadb://root@localhost:3306/shop' } },
      ...MIGRATIONS,
    });
    const { stderr, job } = await writeWorkflow(root);
    expect(Object.keys(job.services)).toEqual(['mariadb']);
    const mariadb = job.services.mariadb as Service;
    expect(mariadb.image).toBe('mariadb:10.11');
    expect(mariadb.env).toEqual({ MARIADB_ROOT_PASSWORD: 'mariadb', MARIADB_DATABASE: 'schemaguard' });
    expect(healthCommand(mariadb)).toBe('healthcheck.sh --connect --innodb_initialized');
    expect(job.env.DATABASE_URL).toBe('mariadb://root:mariadb@127.0.0.1:3306/schemaguard');
    expectUrlOfService(job.env.DATABASE_URL ?? '', mariadb, {
      password: 'MARIADB_ROOT_PASSWORD',
      database: 'MARIADB_DATABASE',
    });
    expect(stderr).toMatch(
      /^note: the service container is MariaDB \(mariadb:10\.11\): --engine mysql runs another image\.$/m,
    );

    const lts = await writeWorkflow(root, '--db-version', '11.4');
    expect(lts.job.services.mariadb?.image).toBe('mariadb:11.4');
    // The flag wins over the URL; the URL keeps the project's scheme.
    const mysql = await writeWorkflow(root, '--engine', 'mysql');
    expect(Object.keys(mysql.job.services)).toEqual(['mysql']);
    expect(mysql.job.env.DATABASE_URL).toBe('mariadb://root:mysql@127.0.0.1:3306/schemaguard');
    expect(mysql.stderr).not.toMatch(/note: the service container/);
  });

  it('a mariadb image in docker-compose.yml: the MariaDB service, its URL in mysql:// (what Prisma takes)', async () => {
    const root = repository(
      { dialect: 'mysql', ...MIGRATIONS },
      { 'docker-compose.yml': 'services:\n  db:\n    image: "mariadb:11.4"\n' },
    );
    const { job } = await writeWorkflow(root);
    expect(job.services.mariadb?.image).toBe('mariadb:10.11');
    expect(job.env.DATABASE_URL).toBe('mysql://root:mariadb@127.0.0.1:3306/schemaguard');
    const mysql = await writeWorkflow(root, '--engine', 'mysql', '--db-version', '9.1');
    expect(mysql.job.services.mysql?.image).toBe('mysql:9.1');
  });

  it('a config that names no dialect but writes mysql:// URLs is a MySQL project', async () => {
    const root = repository({ environments: { ci: { url: 'mysql://root@127.0.0.1:3306/app' } }, ...MIGRATIONS });
    const { job } = await writeWorkflow(root);
    expect(job.services.mysql?.image).toBe('mysql:8.4');
  });

  it('refuses a flag of another engine, an unknown image and a version that is no version, in one sentence', async () => {
    const root = repository({ dialect: 'mysql', ...MIGRATIONS });
    const cases: [string[], string][] = [
      [['--postgres', '16'], '--postgres sets the PostgreSQL image, and this is a MySQL project: give --db-version.'],
      [['--engine', 'percona'], '--engine takes mysql or mariadb for a MySQL project, not "percona".'],
      [['--db-version', 'latest'], '--db-version takes a version of the MySQL image such as 8.4, not "latest".'],
      [
        ['--engine', 'mariadb', '--db-version', '10.x'],
        '--db-version takes a version of the MariaDB image such as 10.11, not "10.x".',
      ],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(['ci', 'github', ...flags], { cwd: root });
      expect(isOneSentenceError(result), flags.join(' ')).toBe(true);
      expect(result.stderr).toContain(message);
    }
  });
});

describe('schemaguard ci github --db-version for a PostgreSQL project', () => {
  it('is what --postgres was: the same file, byte for byte; both at once must agree', async () => {
    const root = repository(MIGRATIONS);
    const generic = await writeWorkflow(root, '--db-version', '15');
    const old = await writeWorkflow(root, '--postgres', '15');
    expect(old.text).toBe(generic.text);
    expect(generic.job.services.postgres?.image).toBe('postgres:15');
    // One engine, one image: nothing to choose, nothing said.
    expect(generic.stderr).not.toMatch(/note: the service container/);
    const both = await runCli(['ci', 'github', '--postgres', '15', '--db-version', '14'], { cwd: root });
    expect(isOneSentenceError(both)).toBe(true);
    expect(both.stderr).toContain('--postgres is the old name of --db-version: give one of them.');
    const engine = await runCli(['ci', 'github', '--engine', 'mariadb'], { cwd: root });
    expect(engine.stderr).toContain('--engine takes postgres for a PostgreSQL project, not "mariadb".');
  });
});
