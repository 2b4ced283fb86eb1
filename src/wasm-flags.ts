/**
 * The V8 flags every schemaguard process sets before any WebAssembly is compiled. The embedded
 * databases and Prisma's engine are WebAssembly that one command runs for seconds: V8's
 * re-compiling of hot functions with its optimising tier costs more than it gains then (about
 * half the CPU time of a shadow build). Each function is compiled only when first called, and
 * checked only then too: checking all of PostgreSQL's 9 MB up front took 90 ms of CPU, for
 * functions a command mostly never calls.
 */
import { setFlagsFromString } from 'node:v8';

/** The flags, for a process started with them (`execArgv`). */
export const WASM_FLAGS: readonly string[] = [
  '--no-wasm-tier-up',
  '--no-wasm-dynamic-tiering',
  '--wasm-lazy-validation',
];

/** Sets {@link WASM_FLAGS} in this process: call it before any WebAssembly is compiled. */
export function setWasmFlags(): void {
  for (const flag of WASM_FLAGS) setFlagsFromString(flag);
}
