import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ProgramNotFoundError, ProgramStartError, runProgram, startProgram } from '../src/subprocess.js';

describe('runProgram', () => {
  it('hands back the exit code and both outputs, without throwing on failure', async () => {
    const result = await runProgram('sh', ['-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toEqual({ exitCode: 3, signal: null, timedOut: false, stdout: 'out\n', stderr: 'err\n' });
  });

  it('writes the input to stdin, runs in the folder given, adds the variables given', async () => {
    const result = await runProgram('sh', ['-c', 'cat; pwd -P; echo "$SG_SUBPROCESS_TEST"'], {
      input: 'typed\n',
      cwd: tmpdir(),
      env: { SG_SUBPROCESS_TEST: 'set' },
    });
    expect(result.stdout).toBe(`typed\n${realpathSync(tmpdir())}\nset\n`);
  });

  it('removes a variable set to undefined', async () => {
    process.env.SG_SUBPROCESS_REMOVED = 'inherited';
    try {
      const script = 'echo "${SG_SUBPROCESS_REMOVED-unset}"';
      expect((await runProgram('sh', ['-c', script])).stdout).toBe('inherited\n');
      expect((await runProgram('sh', ['-c', script], { env: { SG_SUBPROCESS_REMOVED: undefined } })).stdout).toBe(
        'unset\n',
      );
    } finally {
      delete process.env.SG_SUBPROCESS_REMOVED;
    }
  });

  it('runs a shell command line', async () => {
    expect((await runProgram('echo a && echo b', [], { shell: true })).stdout).toBe('a\nb\n');
  });

  it('does not wait for the background jobs a shell command leaves holding its output', async () => {
    const started = Date.now();
    const result = await runProgram('echo started; sleep 30 &', [], { shell: true });
    expect(result).toMatchObject({ exitCode: 0, stdout: 'started\n' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('says in one sentence that a program is missing', async () => {
    const error = await runProgram('sg-no-such-program', ['x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramNotFoundError);
    expect((error as Error).message).toBe('sg-no-such-program is not installed or not on the PATH.');
  });

  it('says when the folder to run in does not exist', async () => {
    const error = await runProgram('sh', ['-c', 'true'], { cwd: '/no/such/folder/here' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramStartError);
    expect(error).not.toBeInstanceOf(ProgramNotFoundError);
    expect((error as Error).message).toBe('Cannot run sh: the folder /no/such/folder/here does not exist.');
  });

  it('stops the program and what it started after the timeout, without waiting for their pipes', async () => {
    const started = Date.now();
    const result = await runProgram('sleep 30 & sleep 30; echo never', [], { shell: true, timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeUndefined();
    expect(result.signal).toBe('SIGTERM');
    expect(result.stdout).toBe('');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('startProgram', () => {
  it('talks with a program through its pipes and tells how it ended', async () => {
    const program = startProgram('cat', []);
    const answer = new Promise<string>((resolve) =>
      program.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    program.stdin.write('ping\n');
    expect(await answer).toBe('ping\n');
    program.stdin.end();
    expect((await program.ended).exitCode).toBe(0);
  });

  it('rejects its end with the missing-program sentence', async () => {
    const program = startProgram('sg-no-such-program', []);
    await expect(program.ended).rejects.toThrow('sg-no-such-program is not installed or not on the PATH.');
  });
});
