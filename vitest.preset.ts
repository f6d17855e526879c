// The test settings every package shares. Timeouts are generous because crash tests spawn real
// child processes and CI machines have two cores; speed targets live in bench/, not here.
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

export function packageTests(name: string): UserWorkspaceConfig {
  return defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  });
}
