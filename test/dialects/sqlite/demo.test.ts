/**
 * `npm run demo -- --sqlite`: the seeds' incident told on the SQLite example
 * (examples/lms-sqlite) on SQLite files in a temporary copy, every step checked by the demo
 * itself; nothing is left behind. Its `migrate apply`, `repair` and backup steps need migrations
 * to run on SQLite (the sqlite-migrate work).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../examples/demo.js';

describe('npm run demo -- --sqlite', () => {
  it('tells the whole story on SQLite files, every step checked, and leaves no folder behind', async () => {
    let stdout = '';
    let stderr = '';
    const status = await runDemo({
      sqlite: true,
      output: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    });
    expect(status, `${stdout}${stderr}`).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/\(examples\/lms-sqlite\), on SQLite files/);
    // Drift caught: the assertion, the history's drift, and verify's report against the drizzle models.
    expect(stdout).toMatch(/✗ assertion: asset\.resource_id exists: asset has no column resource_id/);
    expect(stdout).toMatch(/✗ migrations: migration status: drift: the database lacks column main\.asset\.resource_id/);
    expect(stdout).toMatch(/\+ column resource_id \[breaking\]/);
    // The protocol: refused without --allow-data-loss, then backup, plan with hazards, verify after.
    expect(stdout).toMatch(
      /Step 4 \(confirm\): the plan loses data \(column main\.asset\.publishing_organization_id\)/,
    );
    expect(stdout).toMatch(/Backup: database_schema\/backups\/production\/\d{8}T\d{6}Z_nogit\.json/);
    expect(stdout).toMatch(/6\. post-verify: passed/);
    expect(stdout).toMatch(/✓ connectivity: connection: SQLite 3\.\d+/);
    expect(stdout).toMatch(/PASSED: 7 passed, 0 failed/);
    expect(stdout).toMatch(/What you saw/);
    const work = /in (\/\S+schemaguard-demo-\w+)\n/.exec(stdout)?.[1];
    expect(work).toBeDefined();
    expect(existsSync(work ?? '')).toBe(false);
  }, 60_000);
});
