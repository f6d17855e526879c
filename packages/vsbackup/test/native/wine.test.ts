// The Wine tier: the native VSS requester runs under the Windows build of Node (`wine node.exe`)
// with koffi's win32-x64 binary, against a fake vssapi.dll built by mingw-w64 from
// test/native/fake/ with the headers' C vtables (see wine/cases.ts for what each case checks). One
// Wine launch runs every case. Nothing here skips: a missing tool or a failed fetch fails the run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDll } from '../../../../scripts/wine-tier.mjs';

/** scripts/: wine-fake-log.h, the fake's call log. */
const scriptsDir = join(import.meta.dirname, '..', '..', '..', '..', 'scripts');
import { wineCaseTests } from '../../../../scripts/wine-results.mjs';
import { CASES, FACADE_METHODS } from './wine/cases.js';

describe('native vsbackup over the Win64 ABI (wine node.exe, fake vssapi.dll)', () => {
  wineCaseTests({
    name: 'vssapi',
    driver: join(import.meta.dirname, 'wine', 'driver.ts'),
    // not named vssapi.dll: Wine would load its builtin vssapi (a stub) by that name
    // cvsswriter.def exports CVssWriter's members under their decorated names (generated from libvssapi.a)
    dll: () =>
      buildDll({
        name: 'fakevssapi',
        sources: [join(import.meta.dirname, 'fake', 'fake.c'), join(import.meta.dirname, 'fake', 'cvsswriter.def')],
        includeDirs: [scriptsDir, join(import.meta.dirname, 'fake')],
      }),
    cases: CASES,
  });

  it('checks the marshalling of every facade method', () => {
    const covered = new Set<string>(CASES.flatMap((c) => c.covers));
    expect(FACADE_METHODS.filter((f) => !covered.has(f))).toEqual([]);
  });
});
