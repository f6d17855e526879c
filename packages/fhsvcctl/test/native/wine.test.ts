// The Wine tier: the native binding runs under the Windows build of Node (`wine node.exe`) with
// koffi's win32-x64 binary, against a fake fhsvcctl.dll built by mingw-w64 from test/native/fake/
// (every export and every method of its fake FhConfigMgr COM class records its arguments; see
// wine/cases.ts and wine/fhcfgCases.ts for what each case checks). One Wine
// launch runs every case. Nothing here skips: a missing tool or a failed fetch fails the run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDll } from '../../../../scripts/wine-tier.mjs';

import { wineCaseTests } from '../../../../scripts/wine-results.mjs';
import { PROTOTYPES } from '../../src/native/declarations.js';
import { IFHCONFIGMGR, IFHSCOPEITERATOR, IFHTARGET } from '../../src/native/fhcfgDeclarations.js';
import { CASES } from './wine/cases.js';
import { FHCFG_CASES } from './wine/fhcfgCases.js';

/** scripts/: wine-fake-log.h, the fake's call log. */
const scriptsDir = join(import.meta.dirname, '..', '..', '..', '..', 'scripts');

describe('native fhsvcctl over the Win64 ABI (wine node.exe, fake fhsvcctl.dll)', () => {
  wineCaseTests({
    name: 'fhsvcctl',
    driver: join(import.meta.dirname, 'wine', 'driver.ts'),
    dll: () => buildDll({ name: 'fhsvcctl', sources: [join(import.meta.dirname, 'fake', 'fake.c'), join(import.meta.dirname, 'fake', 'fhcfg.c')], includeDirs: [scriptsDir] }),
    cases: [...CASES, ...FHCFG_CASES],
  });

  it('checks the marshalling of every fhsvcctl.dll export', () => {
    const covered = new Set<string>(CASES.flatMap((c) => c.covers));
    expect(Object.keys(PROTOTYPES).filter((f) => !covered.has(f))).toEqual([]);
  });

  it('checks the marshalling of every IFhConfigMgr, IFhTarget and IFhScopeIterator method', () => {
    const covered = new Set<string>(FHCFG_CASES.flatMap((c) => c.covers));
    const all = [
      ...IFHCONFIGMGR.map(([m]) => `IFhConfigMgr::${m}`),
      ...IFHTARGET.map(([m]) => `IFhTarget::${m}`),
      ...IFHSCOPEITERATOR.map(([m]) => `IFhScopeIterator::${m}`),
    ];
    expect(all.filter((m) => !covered.has(m))).toEqual([]);
  });
});
