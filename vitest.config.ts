import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repo = path.dirname(fileURLToPath(import.meta.url));
// Run from a package's directory (`cd packages/core && npx vitest run`), vitest finds this file
// upwards but matches `include` against that directory: there only its own src/ tests run.
const inPackage = /^(packages|apps)[/\\][^/\\]+$/.test(path.relative(repo, process.cwd()));

export default defineConfig({
  test: {
    root: inPackage ? process.cwd() : repo,
    include: inPackage ? ['src/**/*.test.ts'] : ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // The JSON report (test-output/vitest.json, read by scripts/test-summary.mjs) is written by
    // `pnpm test` only, so running a few files does not overwrite the last full run's report.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
