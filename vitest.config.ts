import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // End-to-end tests spawn the CLI and DuckDB; two cores → at most two test files at once.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
