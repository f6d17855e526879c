import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'vsbackup',
    include: ['test/**/*.test.ts'],
  },
});
