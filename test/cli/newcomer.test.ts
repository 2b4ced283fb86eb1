/**
 * The newcomer's path: the demo (`npm run demo`'s script, run in this process) on embedded
 * PostgreSQL and on the server. A project taken from `init` through a commit the hook
 * refuses to the one it lets through is docs/workflow.md's story (workflow.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../examples/demo.js';
import { SERVER_URL, hasServer } from '../helpers/databases.js';

/** The demo, as `npm run demo` runs it, with what it writes to each stream and its exit code. */
async function demo(server?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await runDemo({
    server,
    output: { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
  });
  return { status, stdout, stderr };
}

describe('npm run demo', () => {
  it('tells the whole story on embedded PostgreSQL, every step checked, and leaves nothing behind', async () => {
    const result = await demo();
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    for (const heading of [
      '== 1. Create the development and production databases from the migrations',
      '== 4. The pre-deploy check fails, and points at asset.resource_id',
      '== 7. The check passes; production equals the baseline',
    ]) {
      expect(result.stdout).toContain(heading);
    }
    expect(result.stdout).toMatch(/Backup: database_schema\/backups\/production\/\d{8}T\d{6}Z_nogit\.json/);
    expect(result.stdout).toMatch(/What you saw/);
    // Each command's output reads as on a terminal, stdout and stderr in the order written:
    // verify says on stderr why it writes no migration before its report follows on stdout.
    expect(result.stdout).toMatch(
      /\$ schemaguard verify --env production --fix\n {2}No migration written: [^\n]*\n {2}Bringing [^\n]*\n[\s\S]*?\+ column resource_id \[breaking\]/,
    );
    expect(result.stderr).not.toMatch(/demo: FAILED/);
    const work = /in (\/\S+schemaguard-demo-\w+)\n/.exec(result.stdout)?.[1];
    expect(work).toBeDefined();
    expect(spawnSync('test', ['-e', work ?? '']).status).toBe(1);
  }, 300_000);

  it.runIf(hasServer())(
    'tells the same story on the PostgreSQL server',
    async () => {
      const result = await demo(SERVER_URL);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(/on a PostgreSQL server/);
      expect(result.stdout).toMatch(/✓ connectivity: connection: PostgreSQL \d+/);
      expect(result.stdout).toMatch(/What you saw/);
    },
    300_000,
  );
});
