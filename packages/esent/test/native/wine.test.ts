// The Wine tier: the native backend runs under the Windows build of Node (`wine node.exe`) with
// koffi's win32-x64 binary, against a fake esent.dll built by mingw-w64 from test/native/fake/
// (every export records its arguments; see wine/cases.ts for what each case checks). One Wine
// launch runs every case. Nothing here skips: a missing tool or a failed fetch fails the run.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WineResults } from '../../../../scripts/wine-driver.mjs';
import { buildDll, runWineDriver } from '../../../../scripts/wine-tier.mjs';
import { ENTRY_POINTS } from '../../src/native/generated/esentDeclarations.js';
import { CASES } from './wine/cases.js';

let results: WineResults;

beforeAll(async () => {
  const fake = join(import.meta.dirname, 'fake');
  const dll = buildDll({ name: 'esent', sources: ['fake.c', 'endings.c', 'exports.generated.c'].map((f) => join(fake, f)), includeDirs: [fake] });
  results = await runWineDriver({ name: 'esent', driver: join(import.meta.dirname, 'wine', 'driver.ts'), dll });
}, 600_000);

describe('native esent over the Win64 ABI (wine node.exe, fake esent.dll)', () => {
  it('runs the Windows build of Node', () => {
    expect([results.platform, results.arch, results.node]).toEqual(['win32', 'x64', 'v20.20.2']);
    expect(results.results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
  });

  it.each(CASES.map((c) => c.name))('%s', (name) => {
    const r = results.results.find((x) => x.name === name);
    expect(r?.error ?? '').toBe('');
    expect(r?.ok).toBe(true);
  });

  it('checks the marshalling of every EsentApi function', () => {
    const covered = new Set(CASES.flatMap((c) => c.covers));
    expect(Object.keys(ENTRY_POINTS).filter((f) => !covered.has(f as never))).toEqual([]);
  });
});
