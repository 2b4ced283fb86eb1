import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';

/** Runs the CLI in this process with its own streams, working directory and environment. */
async function inProcess(args: readonly string[], io: Pick<CliIo, 'cwd' | 'env'>) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, {
    ...io,
    stdout: { write: (text: string) => stdout.push(text) },
    stderr: { write: (text: string) => stderr.push(text) },
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

const VARIABLE = 'SG_IN_PROCESS_TEST_URL';

describe('runCli in-process', () => {
  const project = mkdtempSync(join(tmpdir(), 'sg-in-process-'));
  writeFileSync(
    join(project, 'schemaguard.config.json'),
    JSON.stringify({ environments: { development: { urlEnv: VARIABLE } } }),
  );
  writeFileSync(join(project, 'schema.sql'), 'CREATE TABLE item (id int PRIMARY KEY);\n');

  it('finds the config, refs and --output from io.cwd and reads variables from io.env, not the process', async () => {
    expect(process.cwd()).not.toBe(project);
    expect(process.env[VARIABLE]).toBeUndefined();
    const dumped = await inProcess(['dump', '--env', 'development', '-o', 'dev.json'], {
      cwd: project,
      env: { [VARIABLE]: 'pglite:memory' },
    });
    expect(dumped).toMatchObject({ code: 0, stdout: '' });
    expect(dumped.stderr).toBe('Wrote dev.json: 0 tables, 0 views, 0 functions.\n');
    expect(existsSync(join(project, 'dev.json'))).toBe(true);
    expect(existsSync(join(process.cwd(), 'dev.json'))).toBe(false);

    const sql = await inProcess(['dump', 'sql:./schema.sql', '--format', 'sql'], { cwd: project, env: {} });
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain('CREATE TABLE public.item');
  });

  it('without the variable in io.env, the environment has no URL (whatever the process has)', async () => {
    const result = await inProcess(['dump', '--env', 'development'], { cwd: project, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `schemaguard: Environment "development" takes its database URL from the variable ${VARIABLE}, which is not set.\n`,
    );
  });

  it('colours stderr with FORCE_COLOR from io.env, never with --no-color or NO_COLOR', async () => {
    const forced = await inProcess(['dump', '--env', 'nowhere'], { cwd: project, env: { FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(/^\u001b\[31mschemaguard:\u001b\[39m /);
    const flag = await inProcess(['--no-color', 'dump', '--env', 'nowhere'], {
      cwd: project,
      env: { FORCE_COLOR: '1' },
    });
    expect(flag.stderr).toMatch(/^schemaguard: /);
    const noColor = await inProcess(['dump', '--env', 'nowhere'], {
      cwd: project,
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(noColor.stderr).toMatch(/^schemaguard: /);
  });
});
