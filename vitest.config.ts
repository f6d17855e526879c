import { defineConfig } from 'vitest/config';

// One run over every package so `npm test` ends with a single summary.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples'],
    reporters: ['default', './scripts/summary-reporter.ts'],
  },
});
