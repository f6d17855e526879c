// AbortBackup (IVssBackupComponents-AbortBackup.md, aborting-vss-operations.md, SEMANTICS.md §3):
// ignored when nothing is under way; after StartSnapshotSet it ends the operation and frees the
// machine-wide lock; after a successful DoSnapshotSet it leaves the snapshots to Release.
import { describe, expect } from 'vitest';
import { VSS_E_BAD_STATE } from '@winbackup/errors';
import { awaitVssAsync } from '../../src/index.js';
import { useSession, type Session } from './fixture.js';
import { listedSnapshots } from './sequence.js';
import type { ConformanceIt, VssTarget } from './target.js';

const BAD = { code: VSS_E_BAD_STATE };

export function abortConformance(target: VssTarget, it: ConformanceIt): void {
  describe('AbortBackup', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('before StartSnapshotSet it is ignored: the backup goes on', async () => {
      const bc = await s.gathered();
      await bc.AbortBackup();
      await bc.StartSnapshotSet();
      await bc.AddToSnapshotSet(s.f.volume);
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
    });

    it('after StartSnapshotSet: the operation ends, the lock is free for another requester', async () => {
      const { bc } = await s.started();
      await bc.AbortBackup();
      await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
      const other = await s.initialized();
      await other.StartSnapshotSet();
    });

    it('after PrepareForBackup: DoSnapshotSet is refused, no snapshot is taken, the lock is free', async () => {
      const { bc, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await bc.AbortBackup();
      await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      const other = await s.initialized();
      expect(await listedSnapshots(other)).not.toContain(snapshotId);
      await other.StartSnapshotSet();
    });

    it('after DoSnapshotSet: the snapshot stays until Release; BackupComplete is no longer needed', async () => {
      const { bc, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      // (inferred, SEMANTICS.md §3) the abort deletes nothing committed; Release does (backup context)
      await bc.AbortBackup();
      expect(await listedSnapshots(bc)).toContain(snapshotId);
      await bc.Release();
      const other = await s.initialized();
      expect(await listedSnapshots(other)).not.toContain(snapshotId);
    });

    it('after BackupComplete it is ignored', async () => {
      const { bc, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await awaitVssAsync(await bc.BackupComplete());
      await bc.AbortBackup();
      expect((await bc.GetSnapshotProperties(snapshotId)).m_SnapshotId).toBe(snapshotId);
    });
  });
}
