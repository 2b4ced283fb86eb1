#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { guardShadowDatabases } from '../shadow/shadow.js';
import { describeFsError } from '../write-file.js';
import { runCli } from './program.js';

// The embedded databases and Prisma's engine are WebAssembly that one command runs for seconds:
// V8's re-compiling of hot functions with its optimising tier costs more than it gains then
// (about half the CPU time of a shadow build). Set before any WebAssembly is compiled.
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

// A reader that stops early (`schemaguard dump | head`) is not an error: stop quietly, as Unix
// tools do. Any other failed write (`> /dev/full`: no space left) is one sentence and exit code 2.
for (const [stream, name] of [
  [process.stdout, 'the standard output'],
  [process.stderr, 'the standard error'],
] as const) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream !== process.stderr) {
      process.stderr.write(`schemaguard: Cannot write to ${name}: ${describeFsError(error)}.\n`);
    }
    process.exit(2);
  });
}

// Ctrl-C or a kill while a shadow database exists on a server drops it before exiting.
guardShadowDatabases((drop) => {
  const onInterrupt = () => void drop().finally(() => process.exit(130));
  const onTerminate = () => void drop().finally(() => process.exit(143));
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onTerminate);
  return () => {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onTerminate);
  };
});

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  onInterrupt(handler) {
    let count = 0;
    const onSignal = () => (count++ === 0 ? handler() : process.exit(130));
    process.on('SIGINT', onSignal);
    return () => process.off('SIGINT', onSignal);
  },
});
// A command that could not run has said why: work it started alongside (a model build, a
// migration replay for the other side of a comparison) is not waited for.
if (exitCode === 2) process.exit(exitCode);
process.exitCode = exitCode;
