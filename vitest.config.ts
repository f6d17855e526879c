import { defineConfig } from 'vitest/config';

// One run over every package so `npm test` ends with a single summary; `readme` runs the README
// examples and the tour against the built packages (test/).
export default defineConfig({
  test: {
    projects: ['packages/*', { test: { name: 'readme', include: ['test/**/*.test.ts'], testTimeout: 60_000 } }],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
