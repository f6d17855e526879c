// The native target of the conformance suite refuses, loudly and before any test, a shell that is
// not elevated (VSS: E_ACCESSDENIED), and releases the requester it probed with.
import { existsSync } from 'node:fs';
import { basename, win32 } from 'node:path';
import { describe, expect, it } from 'vitest';
import { E_ACCESSDENIED, hresultError, VSS_E_UNEXPECTED } from '@winbackup/errors';
import type { IVssBackupComponents, VssRequesterFactory } from '../src/index.js';
import { nativeTarget, UNSUPPORTED_VOLUME_TEST } from './conformance/target.js';

/** A factory whose requester's InitializeForBackup fails with `hr` (0: succeeds); counts Release. */
function probeFactory(hr: number): { vss: VssRequesterFactory; released: () => number } {
  let released = 0;
  const bc = {
    InitializeForBackup: async () => {
      if (hr !== 0) throw hresultError(hr, { context: 'IVssBackupComponents::InitializeForBackup' });
    },
    Release: async () => {
      released++;
    },
  } as unknown as IVssBackupComponents;
  return { vss: { CreateVssBackupComponents: async () => bc }, released: () => released };
}

describe('nativeTarget', () => {
  it('E_ACCESSDENIED: the suite does not start and the error says the shell is not elevated', async () => {
    const f = probeFactory(E_ACCESSDENIED);
    const e = await nativeTarget(() => f.vss).then(() => undefined, (x: unknown) => x as Error);
    expect(e?.message).toMatch(/^VSS CONFORMANCE NOT RUN: this shell is not elevated/);
    expect(e?.message).toContain('from an administrator shell');
    expect(e?.cause).toMatchObject({ code: E_ACCESSDENIED });
    expect(f.released()).toBe(1);
  });

  it('another failure of the probe is thrown as it is', async () => {
    const f = probeFactory(VSS_E_UNEXPECTED);
    await expect(nativeTarget(() => f.vss)).rejects.toMatchObject({ code: VSS_E_UNEXPECTED });
    expect(f.released()).toBe(1);
  });

  it('an elevated probe gives the target: the volume is the root of the fixture folder', async () => {
    const f = probeFactory(0);
    const before = process.env.VSS_CONFORMANCE_UNSUPPORTED_VOLUME;
    delete process.env.VSS_CONFORMANCE_UNSUPPORTED_VOLUME;
    const target = await nativeTarget(() => f.vss);
    if (before !== undefined) process.env.VSS_CONFORMANCE_UNSUPPORTED_VOLUME = before;
    expect(target.name).toBe('native');
    // without a volume no provider supports, that test is reported as not run, with the way to run it
    expect(target.notRun?.[UNSUPPORTED_VOLUME_TEST]).toContain('set VSS_CONFORMANCE_UNSUPPORTED_VOLUME');
    const fixture = await target.setup();
    try {
      expect(basename(fixture.dir)).toMatch(/^winbackup-vss-conformance-/);
      expect(existsSync(fixture.dir)).toBe(true);
      // the volume root plus the folder's path on it give the folder back
      expect(fixture.volume.endsWith('\\')).toBe(true);
      expect(`${fixture.volume}${fixture.dirOnVolume}`).toBe(win32.resolve(fixture.dir));
    } finally {
      await fixture.cleanup();
    }
    expect(existsSync(fixture.dir)).toBe(false);
  });
});
