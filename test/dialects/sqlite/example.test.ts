/**
 * The example project on SQLite (examples/lms-sqlite), without running its migrations on a file
 * with schemaguard (the demo, `npm run demo -- --sqlite`, does that with `migrate apply`): its
 * drizzle models match its migrations, the baseline is their replay, a file the migrations built
 * matches both, and
 * the seeds' incident on such a file is caught by `check`, `compare` and `verify`.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { sqliteFileWith, tempFolder } from './helpers.js';

/** A copy of the example, where its config's and models' imports resolve. */
function example(): string {
  const dir = tempFolder();
  cpSync(resolve('examples/lms-sqlite'), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(resolve('.'), join(dir, 'node_modules', 'schemaguard'));
  for (const name of ['drizzle-orm', 'drizzle-kit']) {
    symlinkSync(resolve('node_modules', name), join(dir, 'node_modules', name));
  }
  return dir;
}

/** The incident: production's asset table as it was before 0002 (a restored old dump). */
export const SQLITE_INCIDENT = `
CREATE TABLE asset_old (
  id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
  publishing_organization_id INTEGER REFERENCES publishing_organization (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  deleted_at TEXT
);
INSERT INTO asset_old (id, title, deleted_at) SELECT id, title, deleted_at FROM asset;
DROP TABLE asset;
ALTER TABLE asset_old RENAME TO asset;
CREATE INDEX asset_live_title_idx ON asset (lower(title)) WHERE deleted_at IS NULL;
`;

describe('the example project on SQLite', () => {
  it('models, migrations, baseline and a file made from them agree; the incident is caught', async () => {
    const dir = example();
    const check = await runCli(['migrate', 'check'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);

    expect((await runCli(['dump', 'migrations:', '--baseline'], { cwd: dir })).code).toBe(0);
    // The migrations run by hand, as `sqlite3 .data/development.db < migrations/0001_initial.sql` would.
    const migrations = ['0001_initial.sql', '0002_asset_resource.sql'].map((f) =>
      readFileSync(join(dir, 'migrations', f), 'utf8'),
    );
    mkdirSync(join(dir, '.data'));
    for (const name of ['development', 'production']) {
      for (const sql of migrations) sqliteFileWith(sql, join(dir, '.data'), `${name}.db`);
    }

    const compared = await runCli(['compare', 'database_schema/baseline_schema.json', 'env:development'], { cwd: dir });
    expect(compared.stdout).toContain('No differences.');
    const verified = await runCli(['verify', '--env', 'development'], { cwd: dir });
    expect(verified.stderr).toBe('');
    expect(verified.stdout).toContain('No differences.');
    expect(verified.code).toBe(0);

    sqliteFileWith(SQLITE_INCIDENT, join(dir, '.data'), 'production.db');
    const failed = await runCli(['check', '--env', 'production'], { cwd: dir });
    expect(failed.stdout).toContain('✗ assertion: asset.resource_id exists: asset has no column resource_id');
    expect(failed.stdout).toContain('✓ sql: admin user exists: returned a row');
    expect(failed.code).toBe(1);
    const drifted = await runCli(['verify', '--env', 'production'], { cwd: dir });
    expect(drifted.stdout).toMatch(/main\.asset\n[\s\S]*\+ column resource_id \[breaking\]/);
    expect(drifted.code).toBe(1);
    const baseline = JSON.parse(readFileSync(join(dir, 'database_schema', 'baseline_schema.json'), 'utf8')) as {
      dialect: string;
    };
    expect(baseline.dialect).toBe('sqlite');
  });
});
