import { defineConfig } from 'vitest/config';

/** With SCHEMAGUARD_TEST_RESULTS set (as .ci/run does), results are also written there as JSON. */
const resultsFile = process.env.SCHEMAGUARD_TEST_RESULTS;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: resultsFile ? ['default', ['json', { outputFile: resultsFile }]] : ['default'],
  },
});
