/**
 * Benchmark: `schemaguard fleet check` of many targets on the PostgreSQL server.
 *
 * Usage: `npm run bench:fleet -- [--schemas 1000] [--databases 100] [--keep] [--write]`
 *
 * - Schema per tenant: one database holding `--schemas` tenant schemas (`tenant_0001` …) of 20
 *   tables each (a key, a foreign key to the table before, an index, a check, a comment), a few
 *   of them drifted (an index dropped, a column added). The fleet is `schemas: { pattern }`;
 *   `fleet check` runs on 100, half and all of them, to show that memory does not grow with the
 *   number of targets.
 * - Database per tenant: `--databases` databases with the same 20 tables, listed by a query
 *   against a control database.
 *
 * Every target's `check` compares it with the baseline (the 20 tables, dumped from the SQL) and
 * runs the config's schema assertion. Each command runs under GNU time; the report gives the
 * wall time, the time per target, the peak RSS and the grouped result's first lines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  COMMON_ARG_OPTIONS,
  REPO_ROOT,
  type RunResult,
  databaseUrl,
  describeEnvironment,
  describeRun,
  log,
  serverUrlFromEnv,
  timedRun,
  withClient,
  writeReadmeSection,
} from './lib.js';

const MARKERS = {
  start: '<!-- fleet-results:start -->',
  end: '<!-- fleet-results:end -->',
  fallbackHeading: '## Fleets: `schemaguard fleet check`',
};

const CLI = path.join(REPO_ROOT, 'dist/cli/main.js');
const TABLES = 20;

/** The 20 tables of one tenant, in `schema` (unqualified names would need a search_path). */
function tenantSql(schema: string): string {
  const q = (name: string) => `"${schema}".${name}`;
  const lines = [`CREATE SCHEMA IF NOT EXISTS "${schema}";`];
  for (let t = 1; t <= TABLES; t++) {
    const parent = t > 1 ? `,\n  parent_id bigint REFERENCES ${q(`t${t - 1}`)} (id)` : '';
    lines.push(
      `CREATE TABLE ${q(`t${t}`)} (\n  id bigserial PRIMARY KEY,\n  name text NOT NULL,\n  amount numeric(12, 2) CHECK (amount >= 0),\n  created_at timestamptz NOT NULL DEFAULT now()${parent}\n);`,
      `CREATE INDEX t${t}_name_idx ON ${q(`t${t}`)} (name);`,
      `COMMENT ON TABLE ${q(`t${t}`)} IS 'table ${t}';`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Which tenants drift, and how: every 50th loses an index, every 97th gains a column. */
function driftSql(schema: string, index: number): string {
  if (index % 50 === 7) return `DROP INDEX "${schema}".t3_name_idx;\n`;
  if (index % 97 === 5) return `ALTER TABLE "${schema}".t5 ADD COLUMN note text;\n`;
  return '';
}

const tenantName = (i: number) => `tenant_${String(i).padStart(4, '0')}`;

async function prepareSchemas(serverUrl: string, database: string, count: number, keep: boolean): Promise<string> {
  const url = databaseUrl(serverUrl, database);
  const marker = `fleet schemas ${count}`;
  const existing = await withClient(serverUrl, async (admin) => {
    const rows = await admin.query<{ comment: string | null }>(
      'SELECT shobj_description(oid, $1) AS comment FROM pg_database WHERE datname = $2',
      ['pg_database', database],
    );
    return rows.rows[0];
  });
  if (existing && keep && existing.comment === marker) return url;
  await withClient(serverUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
  });
  log(`loading ${count} tenant schemas of ${TABLES} tables into ${database}`);
  await withClient(url, async (client) => {
    for (let start = 1; start <= count; start += 50) {
      const sql: string[] = [];
      for (let i = start; i < Math.min(start + 50, count + 1); i++)
        sql.push(tenantSql(tenantName(i)), driftSql(tenantName(i), i));
      await client.query(sql.join(''));
    }
  });
  await withClient(serverUrl, (admin) => admin.query(`COMMENT ON DATABASE ${database} IS '${marker}'`));
  return url;
}

async function prepareDatabases(serverUrl: string, count: number): Promise<{ control: string; names: string[] }> {
  const names = Array.from({ length: count }, (_, i) => `sgbench_fleet_db_${String(i + 1).padStart(3, '0')}`);
  log(`creating ${count} databases of ${TABLES} tables`);
  await withClient(serverUrl, async (admin) => {
    for (const name of [...names, 'sgbench_fleet_control']) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
  });
  for (const [i, name] of names.entries()) {
    await withClient(databaseUrl(serverUrl, name), (c) =>
      c.query(tenantSql('public').replace('CREATE SCHEMA IF NOT EXISTS "public";\n', '') + driftSql('public', i + 1)),
    );
  }
  const control = databaseUrl(serverUrl, 'sgbench_fleet_control');
  await withClient(control, async (c) => {
    await c.query('CREATE TABLE tenants (name text PRIMARY KEY, url text NOT NULL)');
    await c.query(
      `INSERT INTO tenants VALUES ${names.map((n) => `('${n}', '${databaseUrl(serverUrl, n)}')`).join(', ')}`,
    );
  });
  return { control, names };
}

interface Row {
  readonly label: string;
  readonly targets: number;
  readonly run: RunResult;
  readonly summary: string;
}

async function measure(project: string, label: string, targets: number, args: string[]): Promise<Row> {
  const timeFile = path.join(project, 'time.txt');
  const summaryFile = path.join(project, 'summary.txt');
  // Exit code 1: drifted targets were found, as they should be.
  const run = await timedRun(
    ['sh', '-c', `node ${CLI} fleet check ${args.join(' ')} > ${summaryFile}`],
    timeFile,
    [0, 1],
    project,
  );
  const summary = run.ok ? readFileSync(summaryFile, 'utf8') : '';
  log(`${label}: ${describeRun(run)}`);
  return { label, targets, run, summary };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      ...COMMON_ARG_OPTIONS,
      schemas: { type: 'string', default: '1000' },
      databases: { type: 'string', default: '100' },
    },
  });
  const schemas = Number(values.schemas);
  const databases = Number(values.databases);
  const serverUrl = serverUrlFromEnv();
  const schemasUrl = await prepareSchemas(serverUrl, 'sgbench_fleet_schemas', schemas, values.keep);
  const { control, names } = await prepareDatabases(serverUrl, databases);

  const project = mkdtempSync(path.join(os.tmpdir(), 'sgbench-fleet-'));
  writeFileSync(
    path.join(project, 'tenant.sql'),
    tenantSql('public').replace('CREATE SCHEMA IF NOT EXISTS "public";\n', ''),
  );
  writeFileSync(
    path.join(project, 'schemaguard.config.json'),
    JSON.stringify({
      baseline: 'baseline.json',
      assertions: [{ foreignKey: 't2.parent_id -> t1.id' }],
      fleets: {
        first100: { schemas: { database: schemasUrl, pattern: 'tenant_00*' } },
        half: {
          schemas: { database: schemasUrl, pattern: `tenant_0[0-${Math.max(0, Math.floor(schemas / 200) - 1)}]*` },
        },
        schemas: { schemas: { database: schemasUrl, pattern: 'tenant_*' } },
        databases: { query: { database: control, sql: 'SELECT name, url FROM tenants' } },
      },
    }),
  );
  spawnSync('node', [CLI, 'dump', 'sql:tenant.sql', '--output', 'baseline.json'], { cwd: project, stdio: 'inherit' });

  const rows: Row[] = [];
  rows.push(await measure(project, 'schema per tenant', 99, ['--fleet', 'first100']));
  rows.push(await measure(project, 'schema per tenant', Math.floor(schemas / 200) * 100 - 1, ['--fleet', 'half']));
  rows.push(await measure(project, 'schema per tenant', schemas, ['--fleet', 'schemas']));
  rows.push(await measure(project, 'database per tenant', databases, ['--fleet', 'databases']));

  // Each fleet check runs once: it is itself hundreds of runs.
  const environment = (await withClient(serverUrl, (admin) => describeEnvironment(admin))).replace(
    /median of \d+ interleaved runs/,
    'each command run once',
  );
  const table = [
    '| targets | kind | wall time | per target | peak RSS | CPU (client) |',
    '| ------: | ---- | --------: | ---------: | -------: | -----------: |',
    ...rows.map(({ label, targets, run }) =>
      run.ok
        ? `| ${targets} | ${label} | ${run.seconds.toFixed(1)} s | ${((run.seconds * 1000) / targets).toFixed(0)} ms | ${run.peakMb.toFixed(0)} MB | ${run.cpuSeconds.toFixed(1)} s |`
        : `| ${targets} | ${label} | failed: ${run.error} | | | |`,
    ),
  ];
  const whole = rows[2];
  const report = [
    environment,
    '',
    ...table,
    '',
    `The summary of the ${schemas}-schema run:`,
    '',
    '```',
    ...(whole?.summary.trimEnd().split('\n') ?? []),
    '```',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (values.write) await writeReadmeSection(report, MARKERS);
  if (!values.keep) {
    await withClient(serverUrl, async (admin) => {
      for (const name of [...names, 'sgbench_fleet_control', 'sgbench_fleet_schemas']) {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    });
  }
}

await main();
