#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { runCli } from './program.js';

// The embedded databases and Prisma's engine are WebAssembly that one command runs for seconds:
// V8's re-compiling of hot functions with its optimising tier costs more than it gains then
// (about half the CPU time of a shadow build). Set before any WebAssembly is compiled.
setFlagsFromString('--no-wasm-tier-up');
setFlagsFromString('--no-wasm-dynamic-tiering');

// A reader that stops early (`schemaguard dump | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2));
