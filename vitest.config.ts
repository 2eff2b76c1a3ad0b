import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The JSON report (test-output/vitest.json, read by scripts/test-summary.mjs) is written by
    // `pnpm test` only, so running a few files does not overwrite the last full run's report.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
