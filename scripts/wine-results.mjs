// The vitest side of a Wine-tier test: one Wine launch in beforeAll (runWineDriver), then one test
// that it ran the Windows build of Node with every case, and one test per case.
import { beforeAll, expect, it } from 'vitest';
import { WINDOWS_NODE_VERSION, runWineDriver } from './wine-tier.mjs';

/** Declares the tests of one Wine run of `driver` against `dll()` (built in beforeAll). Call it inside a describe. */
export function wineCaseTests({ name, driver, dll, cases }) {
  let results;
  beforeAll(async () => {
    results = await runWineDriver({ name, driver, dll: dll() });
  }, 600_000);

  it('runs the Windows build of Node', () => {
    expect([results.platform, results.arch, results.node]).toEqual(['win32', 'x64', `v${WINDOWS_NODE_VERSION}`]);
    expect(results.results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
  });

  it.each(cases.map((c) => c.name))('%s', (caseName) => {
    const r = results.results.find((x) => x.name === caseName);
    expect(r?.error ?? '').toBe('');
    expect(r?.ok).toBe(true);
  });
}
