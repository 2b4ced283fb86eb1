/**
 * `npm run build:cli`: bundles the command line, the library and the snapshot-hashing worker
 * with esbuild into `dist/` (their shared code in `dist/chunks/`). Dependencies stay imports
 * of their packages, except those in BUNDLED.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundled rather than imported: zod's package entry loads every one of its 60-odd locales
 * (about 50 ms at each start of a command that validates a config); bundled, only what
 * schemaguard uses is kept.
 */
const BUNDLED = new Set(['zod']);

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
const packages = Object.keys({
  ...pkg.dependencies,
  ...pkg.peerDependencies,
  ...pkg.optionalDependencies,
  ...pkg.devDependencies,
}).filter((name) => !BUNDLED.has(name));

rmSync(join(import.meta.dirname, '..', 'dist', 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts', 'src/index.ts', 'src/schema/text-hash-worker.ts'],
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // A package and any file in it (`pg`, `@electric-sql/pglite/vector`).
  external: packages.flatMap((name) => [name, `${name}/*`]),
  sourcemap: true,
  outbase: 'src',
  outdir: 'dist',
  allowOverwrite: true,
  logLevel: 'warning',
});
