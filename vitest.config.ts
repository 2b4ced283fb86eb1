import { defineConfig } from 'vitest/config';
import { WASM_FLAGS } from './src/wasm-flags.js';

/** With SCHEMAGUARD_TEST_RESULTS set (as .ci/run does), results are also written there as JSON. */
const resultsFile = process.env.SCHEMAGUARD_TEST_RESULTS;

/** Makes the embedded databases a test file starts begin from the run's initdb image. */
const SETUP = 'test/setup/worker.ts';

/** Pure functions, files and git: no database, no CLI. */
const UNIT = [
  'test/diagram/**/*.test.ts',
  'test/fleet/**/*.test.ts',
  'test/diff/column-locality.test.ts',
  'test/diff/dialect-model.test.ts',
  'test/diff/equivalence.test.ts',
  'test/diff/extension-versions.test.ts',
  'test/diff/options.test.ts',
  'test/diff/properties.test.ts',
  'test/capabilities.test.ts',
  'test/dialects/version-skew.test.ts',
  'test/git/**/*.test.ts',
  'test/migrations/formats.test.ts',
  'test/migrations/status.test.ts',
  'test/migrations/django-status.test.ts',
  'test/redact.test.ts',
  'test/report.test.ts',
  'test/report/attribute-text.test.ts',
  'test/report/fix-report.test.ts',
  'test/report/not-compared.test.ts',
  'test/plan/table-size.test.ts',
  'test/schema/system-tables.test.ts',
  'test/snapshot.test.ts',
  'test/sources/**/*.test.ts',
  'test/view-definition.test.ts',
];

/**
 * The dialect conformance suite: the same files in the embedded project (on PGlite) and in the
 * server project (on the server), each target's share in a worker of its own.
 */
const CONFORMANCE = 'test/dialects/conformance/**/*.test.ts';

/** What only a PostgreSQL server has: TLS, roles, a catalog-only reader, sessions side by side. */
const SERVER = [
  'test/dialects/tls.test.ts',
  'test/cli/read-only-role.test.ts',
  'test/introspection.test.ts',
  'test/migrations/runner.test.ts',
];

/**
 * MySQL/MariaDB: the dialect's tests, on the server of SCHEMAGUARD_TEST_MYSQL_URL (the equivalence
 * rules need none), with the conformance suite's MySQL target.
 */
const MYSQL = ['test/dialects/mysql/**/*.test.ts'];

/**
 * SQLite and libSQL: the dialect's tests, on files in temporary folders and in-memory databases,
 * with the conformance suite's SQLite target.
 */
const SQLITE = ['test/dialects/sqlite/**/*.test.ts'];

/** The command line, run in-process, and the few tests of a real process. */
const E2E = ['test/cli/**/*.test.ts', 'test/models/orm-coverage.test.ts', 'test/models/django/django-ref.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Three workers on two cores: with two, the cores were idle while tests waited on processes,
    // servers and sleeps (the whole run: 339 s with two workers, 281–302 s with three).
    maxWorkers: 3,
    // What the CLI sets for itself: PGlite's WebAssembly runs for seconds, and re-compiling it
    // with V8's optimising tier costs more than it gains (about half the CPU of a database start).
    execArgv: [...WASM_FLAGS],
    // A worker runs many test files: the modules (and PGlite's compiled WebAssembly) are loaded
    // once per worker, not once per file. Tests leave no state behind: each closes what it opens,
    // and the CLI runs with its own streams, working directory and environment.
    isolate: false,
    // One initdb image for the whole run (global setup), read once per worker (setup file).
    globalSetup: ['test/setup/global.ts'],
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      {
        extends: true,
        test: {
          name: 'embedded',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...SERVER, ...E2E, ...MYSQL, ...SQLITE, CONFORMANCE],
          setupFiles: [SETUP],
          env: { SCHEMAGUARD_TEST_TARGETS: 'pglite' },
        },
      },
      {
        extends: true,
        test: {
          // The conformance suite on PGlite runs its two databases for minutes: there V8's
          // optimising tier pays for itself (a quarter less time), unlike in files that start
          // a database per command. (A project's execArgv comes after the shared one: its flags win.)
          name: 'conformance',
          include: [CONFORMANCE],
          setupFiles: [SETUP],
          env: { SCHEMAGUARD_TEST_TARGETS: 'pglite' },
          execArgv: ['--wasm-tier-up', '--wasm-dynamic-tiering'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: [...SERVER, CONFORMANCE],
          setupFiles: [SETUP],
          env: { SCHEMAGUARD_TEST_TARGETS: 'server' },
        },
      },
      { extends: true, test: { name: 'e2e', include: E2E, exclude: SERVER, setupFiles: [SETUP] } },
      {
        extends: true,
        // The dialect's own tests, and the conformance suite's MySQL share.
        test: { name: 'mysql', include: [...MYSQL, CONFORMANCE], env: { SCHEMAGUARD_TEST_TARGETS: 'mysql' } },
      },
      {
        extends: true,
        // The dialect's own tests, and the conformance suite's SQLite share.
        test: { name: 'sqlite', include: [...SQLITE, CONFORMANCE], env: { SCHEMAGUARD_TEST_TARGETS: 'sqlite' } },
      },
    ],
  },
});
