// The Wine tier: the native backend runs under the Windows build of Node (`wine node.exe`) with
// koffi's win32-x64 binary, against a fake esent.dll built by mingw-w64 from test/native/fake/
// (every export records its arguments; see wine/cases.ts for what each case checks). One Wine
// launch runs every case. Nothing here skips: a missing tool or a failed fetch fails the run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDll } from '../../../../scripts/wine-tier.mjs';
import { wineCaseTests } from '../../../../scripts/wine-results.mjs';
import { ENTRY_POINTS } from '../../src/native/generated/esentDeclarations.js';
import { CASES } from './wine/cases.js';

const fake = join(import.meta.dirname, 'fake');

describe('native esent over the Win64 ABI (wine node.exe, fake esent.dll)', () => {
  wineCaseTests({
    name: 'esent',
    driver: join(import.meta.dirname, 'wine', 'driver.ts'),
    dll: () => buildDll({ name: 'esent', sources: ['fake.c', 'endings.c', 'exports.generated.c'].map((f) => join(fake, f)), includeDirs: [fake] }),
    cases: CASES,
  });

  it('checks the marshalling of every EsentApi function', () => {
    const covered = new Set(CASES.flatMap((c) => c.covers));
    expect(Object.keys(ENTRY_POINTS).filter((f) => !covered.has(f as never))).toEqual([]);
  });
});
