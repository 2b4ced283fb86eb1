/**
 * `npm run demo -- --mysql URL`: the seeds' incident told on the MySQL example
 * (examples/lms-mysql) on the server of SCHEMAGUARD_TEST_MYSQL_URL, every step checked by the
 * demo itself; its databases and the shadow databases of its replays are dropped at the end.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../../examples/demo.js';
import { MYSQL_URL, createMysqlDatabase, hasMysqlServer, mysql } from '../../helpers/mysql-databases.js';

/** The databases of this process's demo runs and shadow replays still on the server. */
async function leftBehind(): Promise<string[]> {
  const probe = await createMysqlDatabase(undefined, 'sgprobe');
  try {
    const connection = await mysql.connect(probe.url);
    try {
      const rows = await connection.query<{ name: string }>(
        "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'sgdemo\\_%' OR SCHEMA_NAME LIKE 'schemaguard\\_shadow\\_%'",
      );
      return rows.map((r) => r.name).filter((name) => name.includes(`_${process.pid}_`));
    } finally {
      await connection.close();
    }
  } finally {
    await probe.drop();
  }
}

describe.runIf(hasMysqlServer())('npm run demo -- --mysql URL', () => {
  it('tells the whole story on the MySQL server, every step checked, and leaves no database or folder behind', async () => {
    let stdout = '';
    let stderr = '';
    const status = await runDemo({
      mysql: MYSQL_URL,
      output: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    });
    expect(status, `${stdout}${stderr}`).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/\(examples\/lms-mysql\), on a MySQL\/MariaDB server/);
    // Drift caught: the assertion, the history's drift, and verify's report against the models.
    expect(stdout).toMatch(/✗ assertion: asset\.resource_id exists: asset has no column resource_id/);
    expect(stdout).toMatch(/✗ migrations: migration status: drift: the database lacks column db\.asset\.resource_id/);
    expect(stdout).toMatch(/\+ column resource_id \[breaking\]/);
    // The protocol: refused without --allow-data-loss, then backup, plan with hazards, verify after.
    expect(stdout).toMatch(/Hazards: data-loss \(1\)/);
    expect(stdout).toMatch(/Step 4 \(confirm\): the plan loses data \(column db\.asset\.publishing_organization_id\)/);
    expect(stdout).toMatch(/Backup: database_schema\/backups\/production\/\d{8}T\d{6}Z_nogit\.json/);
    expect(stdout).toMatch(/6\. post-verify: passed/);
    // The plan names the server's own timeout settings (MariaDB's here), not PostgreSQL's.
    expect(stdout).toMatch(/for a lock \(lock_wait_timeout; [^)]*\) and runs at most 30 min \(max_statement_time\)\./);
    expect(stdout).toMatch(/✓ connectivity: connection: MySQL \S+/);
    expect(stdout).toMatch(/PASSED: 7 passed, 0 failed/);
    expect(stdout).toMatch(/What you saw/);
    const work = /in (\/\S+schemaguard-demo-\w+)\n/.exec(stdout)?.[1];
    expect(work).toBeDefined();
    expect(spawnSync('test', ['-e', work ?? '']).status).toBe(1);
    expect(await leftBehind()).toEqual([]);
  }, 60_000);
});
