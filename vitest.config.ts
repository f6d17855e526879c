import { defineConfig } from 'vitest/config';

// One run over every package so `npm test` ends with a single summary; `examples` tests the storage
// glue in examples/ (tar, restic); `readme` runs the README examples and the tour against the built
// packages (test/).
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples', { test: { name: 'readme', include: ['test/**/*.test.ts'], testTimeout: 60_000 } }],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
