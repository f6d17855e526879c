// The branches `npm start -- --native` takes on Windows, run here on the references: a VSS that
// cannot host the tour's writer (the native backend off x64), a File History without the
// reference's extras, with or without a target to create a configuration, an existing
// configuration left alone, and a Windows without File History. The calls are the tour's own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { referenceBackends, type TourBackends } from '../backends.js';
import { tourFileHistory } from '../fhsvcctl.js';
import { tourVss } from '../vsbackup.js';

/** The references, shaped as the native backends are: no writer host, no File History extras. */
function windowsShaped(withTarget: boolean): TourBackends {
  return {
    native: false,
    esent: referenceBackends.esent,
    vss(root) {
      const machine = referenceBackends.vss(root);
      const inner = machine.vss;
      // a requester factory only, as createNativeVss() is today
      return { ...machine, vss: { CreateVssBackupComponents: () => inner.CreateVssBackupComponents(), resolvePath: (p) => inner.resolvePath?.(p) } };
    },
    fileHistory(root, clock) {
      const user = referenceBackends.fileHistory(root, clock);
      return { ...user, reference: undefined, documents: undefined, target: withTarget ? user.target : undefined };
    },
  };
}

async function lines(step: (log: (line: string) => void, backends: TourBackends) => Promise<void>, backends: TourBackends): Promise<string[]> {
  const out: string[] = [];
  await step((l) => out.push(l), backends);
  return out;
}

it('VSS without a writer host: the tour says so, backs up in non-component mode and still cancels the second set', async () => {
  const out = await lines(tourVss, windowsShaped(true));
  expect(out[0]).toMatch(/^NO WRITER: this VSS cannot host a writer \(.+\); the backups below run without the tour's writer, in non-component mode$/);
  expect(out).not.toContain('backup 1: AddComponent');
  expect(out).toContain('\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\app\\state.txt -> "version 1" (live file now "version 2")');
  expect(out).toContain('after the set was completed (BackupComplete, DeleteSnapshots, Release) VSS lists 0 snapshots of it');
  expect(out).toContain('backup 2: DoSnapshotSet aborted: IVssAsync status 0x0004230B (VSS_S_ASYNC_CANCELLED) after Cancel; then AbortBackup, Release');
  expect(out.some((l) => l.startsWith('writer saw'))).toBe(false);
});

it('File History without extras or target: no configuration is created; the pipe calls run; the cycles are named as not run', async () => {
  const out = await lines(tourFileHistory, windowsShaped(false));
  expect(out[0]).toContain('this user has no File History configuration (FHCFG_E_CONFIG_FILE_NOT_FOUND), and the tour knows no target to create one: set WINBACKUP_TOUR_FH_TARGET');
  expect(out).toContain('FhServiceOpenPipe, FhServiceBlockBackup, FhServiceUnblockBackup, FhServiceClosePipe: S_OK');
  expect(out.at(-1)).toMatch(/^cycles, versions and restore: not run here\. They use the reference's own calls/);
  expect(out.some((l) => l.startsWith('cycle 1'))).toBe(false);
});

it('File History with a target and no configuration creates one; an existing one is read and left as it is', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tour-paths-'));
  try {
    // one user across two tours: the second finds the first one's configuration
    const user = referenceBackends.fileHistory(root, () => Date.UTC(2026, 10, 23));
    const shaped: TourBackends = { ...windowsShaped(true), fileHistory: () => ({ ...user, reference: undefined, documents: undefined, close: async () => undefined }) };
    const first = await lines(tourFileHistory, shaped);
    expect(first[0]).toMatch(/^ValidateTarget\(.+BackupDisk\) = 6 \(FH_VALID_TARGET\)$/);
    expect(first).toContain('FH_FREQUENCY = 3600 s, GetBackupStatus = 2 (FH_STATUS_ENABLED)');
    const second = await lines(tourFileHistory, shaped);
    expect(second[0]).toBe('this user has a File History configuration: the tour reads it and leaves it as it is');
    expect(second[1]).toBe('FH_FREQUENCY = 3600 s, GetBackupStatus = 2 (FH_STATUS_ENABLED)');
    await user.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

it('a Windows without File History: the step says why and skips', async () => {
  const out = await lines(tourFileHistory, { ...windowsShaped(true), fileHistoryUnavailable: 'File History exists only on client Windows: fhsvcctl.dll is missing' });
  expect(out).toEqual(['SKIPPED: File History exists only on client Windows: fhsvcctl.dll is missing']);
});
