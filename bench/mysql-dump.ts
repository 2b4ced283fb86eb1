/**
 * Benchmark: `schemaguard dump` against `mysqldump --no-data` on generated MySQL/MariaDB schemas,
 * and `schemaguard compare` of two live databases against one dump.
 *
 * Usage: `npm run bench:mysql -- [--sizes 1000,5000] [--keep] [--write]`
 * Server: env SCHEMAGUARD_BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/test); its user
 * creates and drops the databases `sgbench_mysql_<size>` and `sgbench_mysql_<size>_copy`.
 */
import { parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
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
  start: '<!-- mysql-bench-results:start -->',
  end: '<!-- mysql-bench-results:end -->',
  fallbackHeading: '## MySQL and MariaDB: `schemaguard dump` against `mysqldump`',
};

/** A deterministic pseudo-random sequence, so every run builds the same schema. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const COLUMN_TYPES = [
  'int NOT NULL DEFAULT 0',
  'bigint unsigned',
  'varchar(120) NOT NULL',
  "varchar(40) DEFAULT 'new'",
  'text',
  'decimal(12,2) DEFAULT 0.00',
  'datetime(3) DEFAULT CURRENT_TIMESTAMP(3)',
  'timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP',
  "enum('draft','live','gone') NOT NULL DEFAULT 'draft'",
  'tinyint(1) NOT NULL DEFAULT 0',
  'json',
  "char(2) CHARACTER SET ascii COLLATE ascii_bin COMMENT 'country code'",
];

/**
 * The statements that build `tables` tables: 6 to 12 columns of assorted types each, a primary
 * key, two secondary indexes (one on a prefix and a descending part), a foreign key to an earlier table, a view per
 * twenty tables and a trigger per fifty.
 */
function schemaStatements(tables: number): string[] {
  const next = random(1);
  const statements: string[] = [];
  for (let t = 1; t <= tables; t++) {
    const name = `t${String(t).padStart(5, '0')}`;
    const count = 6 + Math.floor(next() * 7);
    const columns = [
      '`id` bigint unsigned NOT NULL AUTO_INCREMENT',
      '`c1` int NOT NULL DEFAULT 0',
      '`c2` varchar(120) NOT NULL',
    ];
    for (let c = 3; c <= count; c++)
      columns.push(`\`c${c}\` ${COLUMN_TYPES[Math.floor(next() * COLUMN_TYPES.length)]}`);
    const parent = t > 1 ? `t${String(1 + Math.floor(next() * (t - 1))).padStart(5, '0')}` : undefined;
    if (parent) columns.push('`parent_id` bigint unsigned');
    const keys = ['PRIMARY KEY (`id`)', 'KEY `by_c1` (`c1`)', 'KEY `by_c2_c1` (`c2`(10), `c1` DESC)'];
    if (parent)
      keys.push(
        `CONSTRAINT \`${name}_parent\` FOREIGN KEY (\`parent_id\`) REFERENCES \`${parent}\` (\`id\`) ON DELETE SET NULL`,
      );
    statements.push(
      `CREATE TABLE \`${name}\` (\n  ${[...columns, ...keys].join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='table ${t}'`,
    );
    if (t % 20 === 0)
      statements.push(`CREATE VIEW \`v_${name}\` AS SELECT \`id\`, \`c1\` FROM \`${name}\` WHERE \`id\` > 10`);
    if (t % 50 === 0) {
      statements.push(
        `CREATE TRIGGER \`${name}_touch\` BEFORE UPDATE ON \`${name}\` FOR EACH ROW SET NEW.\`c1\` = OLD.\`c1\``,
      );
    }
  }
  return statements;
}

/** The URL of database `name` on the server of `serverUrl`. */
function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates `name` afresh with the generated schema of `tables` tables, unless it is there already with as many. */
async function prepare(serverUrl: string, name: string, tables: number): Promise<void> {
  const admin = await mysql.createConnection({ uri: serverUrl, multipleStatements: true });
  try {
    const [rows] = await admin.query(
      'SELECT count(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = ?',
      [name, 'BASE TABLE'],
    );
    if (Number((rows as { n: number }[])[0]?.n) === tables) return;
    log(`building ${name} (${tables} tables)`);
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\`; CREATE DATABASE \`${name}\``);
    await admin.query(`USE \`${name}\``);
    const statements = schemaStatements(tables);
    for (let i = 0; i < statements.length; i += 200) await admin.query(statements.slice(i, i + 200).join(';\n'));
  } finally {
    await admin.end();
  }
}

async function drop(serverUrl: string, names: readonly string[]): Promise<void> {
  const admin = await mysql.createConnection({ uri: serverUrl });
  try {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,5000' },
      keep: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
    },
  });
  const serverUrl = process.env.SCHEMAGUARD_BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const admin = await mysql.createConnection({ uri: serverUrl });
  const [versionRows] = await admin.query('SELECT VERSION() AS v');
  const version = (versionRows as { v: string }[])[0]?.v ?? 'unknown';
  await admin.end();
  const rows: string[] = [];
  for (const size of sizes) {
    const [a, b] = [`sgbench_mysql_${size}`, `sgbench_mysql_${size}_copy`];
    await prepare(serverUrl, a, size);
    await prepare(serverUrl, b, size);
    const timeFile = `/tmp/sgbench-mysql-${process.pid}.time`;
    const dumps: RunResult[] = [];
    const mysqldumps: RunResult[] = [];
    const compares: RunResult[] = [];
    // Alternating runs: the same load and caches for each tool.
    for (let run = 1; run <= REPETITIONS; run++) {
      const dump = await timedRun(
        ['node', 'dist/cli/main.js', 'dump', databaseUrl(serverUrl, a), '--output', '/tmp/sgbench-mysql.json'],
        timeFile,
      );
      const native = await timedRun(
        [
          'mysqldump',
          '--no-data',
          '--routines',
          '--triggers',
          '--events',
          '--result-file=/dev/null',
          ...mysqldumpArgs(serverUrl),
          a,
        ],
        timeFile,
      );
      const compare = await timedRun(
        ['node', 'dist/cli/main.js', 'compare', databaseUrl(serverUrl, a), databaseUrl(serverUrl, b)],
        timeFile,
      );
      dumps.push(dump);
      mysqldumps.push(native);
      compares.push(compare);
      log(
        `${size} tables, run ${run}: dump ${describeRun(dump)}; mysqldump ${describeRun(native)}; compare ${describeRun(compare)}`,
      );
    }
    const [d, m, c] = [summarize(dumps), summarize(mysqldumps), summarize(compares)];
    const ratio = d.ok && m.ok ? d.seconds / m.seconds : undefined;
    const compareRatio = c.ok && d.ok ? c.seconds / d.seconds : undefined;
    rows.push(
      `| ${size} | ${formatSeconds(d)} | ${formatPeak(d)} | ${formatSeconds(m)} | ${ratio?.toFixed(2) ?? '–'} (≤ 1.0: ${ratio !== undefined && ratio <= 1 ? 'yes' : 'no'}) | ${formatSeconds(c)} | ${compareRatio?.toFixed(2) ?? '–'} (≤ 2: ${compareRatio !== undefined && compareRatio <= 2 ? 'yes' : 'no'}) |`,
    );
    if (!values.keep) await drop(serverUrl, [a, b]);
  }
  const report = [
    `Generated schemas (6–12 columns of assorted types per table, a primary key, two indexes, a foreign key; a view per 20 tables, a trigger per 50) on ${version}; median of ${REPETITIONS} alternating runs; wall seconds, peak RSS of schemaguard.`,
    '',
    '| tables | dump s | dump peak MB | mysqldump --no-data s | dump / mysqldump | compare of two live databases s | compare / dump |',
    '| ---: | ---: | ---: | ---: | --- | ---: | --- |',
    ...rows,
    '',
    `Measured ${new Date().toISOString()}, node ${process.version}.`,
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (values.write) await writeReadmeSection(report, MARKERS);
}

/** mysqldump's connection options for the server of a `mysql://` URL. */
function mysqldumpArgs(serverUrl: string): string[] {
  const url = new URL(serverUrl);
  return [
    `--host=${url.hostname}`,
    `--port=${url.port || '3306'}`,
    `--user=${decodeURIComponent(url.username)}`,
    ...(url.password ? [`--password=${decodeURIComponent(url.password)}`] : []),
  ];
}

await main();
