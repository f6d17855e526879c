import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'esent',
    include: ['test/**/*.test.ts'],
  },
});
