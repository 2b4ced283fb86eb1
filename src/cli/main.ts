#!/usr/bin/env node
import { guardShadowDatabases } from '../shadow/shadow.js';
import { describeFsError } from '../write-file.js';
import { setWasmFlags } from '../wasm-flags.js';
import { runCli } from './program.js';

// Before any WebAssembly is compiled: see wasm-flags.ts.
setWasmFlags();

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

// Signals: one listener, installed while something needs it. Ctrl-C or a kill while a shadow
// database exists on a server drops it before exiting; a fleet run takes the first Ctrl-C itself
// (no new target starts, those running finish their step) and a second one quits.
const shadowDrops = new Set<() => Promise<void>>();
let gentleStop: (() => void) | undefined;
let interrupts = 0;
function quit(code: number): void {
  void Promise.all([...shadowDrops].map((drop) => drop().catch(() => {}))).finally(() => process.exit(code));
}
const onInterrupt = () => {
  interrupts++;
  if (gentleStop && interrupts === 1) gentleStop();
  else quit(130);
};
const onTerminate = () => quit(143);
function listen(): void {
  if (process.listeners('SIGINT').includes(onInterrupt)) return;
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
}
function stopListeningWhenIdle(): void {
  if (shadowDrops.size > 0 || gentleStop) return;
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onTerminate);
}
guardShadowDatabases((drop) => {
  shadowDrops.add(drop);
  listen();
  return () => {
    shadowDrops.delete(drop);
    stopListeningWhenIdle();
  };
});

const exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
  env: process.env,
  onInterrupt(handler) {
    gentleStop = handler;
    interrupts = 0;
    listen();
    return () => {
      gentleStop = undefined;
      stopListeningWhenIdle();
    };
  },
});
// A command that could not run has said why: work it started alongside (a model build, a
// migration replay for the other side of a comparison) is not waited for.
if (exitCode === 2) process.exit(exitCode);
process.exitCode = exitCode;
