import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'fhsvcctl',
    include: ['test/**/*.test.ts'],
  },
});
