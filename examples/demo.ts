/**
 * `npm run demo`: schemaguard on an embedded PostgreSQL (PGlite), no server needed.
 * Creates a database from examples/lms/schema.sql in a temporary folder, dumps it
 * as a snapshot and as SQL, recreates it from that SQL, and checks both snapshots
 * match. Exits non-zero if any step does not behave as described.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const work = mkdtempSync(join(tmpdir(), 'schemaguard-demo-'));

function step(title: string, command: string): void {
  process.stdout.write(`\n== ${title}\n$ ${command}\n`);
}

function schemaguard(args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd: work,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    process.stderr.write(`demo: FAILED: ${what}\n`);
    process.exit(1);
  }
  process.stdout.write(`ok: ${what}\n`);
}

try {
  step('1. Create a development database from examples/lms/schema.sql', 'psql -f examples/lms/schema.sql');
  const db = await PGlite.create({ dataDir: join(work, 'dev-db') });
  await db.exec(readFileSync(join(root, 'examples', 'lms', 'schema.sql'), 'utf8'));
  await db.close();

  step('2. Snapshot it as the baseline', 'schemaguard dump --baseline --db pglite:./dev-db');
  schemaguard(['dump', '--baseline', '--db', 'pglite:./dev-db']);
  const baselineText = readFileSync(join(work, 'database_schema', 'baseline_schema.json'), 'utf8');
  process.stdout.write(`${baselineText.split('\n').slice(0, 14).join('\n')}\n  …\n`);
  const baseline = JSON.parse(baselineText) as { hash: string; schema: { tables: unknown[] } };
  check(baseline.schema.tables.length === 6, 'the snapshot lists the 6 tables');

  step(
    '3. Dump it again: nothing changed, so the file is byte-identical',
    'schemaguard dump --baseline --db pglite:./dev-db',
  );
  schemaguard(['dump', '--baseline', '--db', 'pglite:./dev-db']);
  const again = readFileSync(join(work, 'database_schema', 'baseline_schema.json'), 'utf8');
  check(again === baselineText, 'same bytes, same hash');

  step('4. Write the schema as SQL', 'schemaguard dump --db pglite:./dev-db --format sql --output schema.sql');
  schemaguard(['dump', '--db', 'pglite:./dev-db', '--format', 'sql', '--output', 'schema.sql']);
  const sql = readFileSync(join(work, 'schema.sql'), 'utf8');
  process.stdout.write(`${sql.split('\n').slice(0, 12).join('\n')}\n  …\n`);

  step(
    '5. Recreate it from that SQL in an empty database and snapshot the copy',
    'psql -f schema.sql && schemaguard dump',
  );
  const copy = await PGlite.create({ dataDir: join(work, 'copy-db') });
  await copy.exec(sql);
  await copy.close();
  const copied = JSON.parse(schemaguard(['dump', '--db', 'pglite:./copy-db'])) as { hash: string };
  check(copied.hash === baseline.hash, `the copy has the baseline's hash (${baseline.hash.slice(0, 19)}…)`);

  process.stdout.write(`
What you saw: schemaguard read an embedded PostgreSQL, wrote a deterministic snapshot for git
(same schema, same bytes, same hash), and wrote SQL that recreates exactly that schema.
`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
