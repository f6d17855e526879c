// The documented requester sequence (SEMANTICS.md §1, simple-shadow-copy-creation-for-backup.md):
// InitializeForBackup, SetContext, GatherWriterMetadata, SetBackupState, StartSnapshotSet,
// AddToSnapshotSet, PrepareForBackup, DoSnapshotSet, GetSnapshotProperties, BackupComplete,
// DeleteSnapshots, Release; and what a snapshot holds.
import { randomUUID } from 'node:crypto';
import { describe, expect } from 'vitest';
import { VSS_E_OBJECT_NOT_FOUND } from '@winbackup/errors';
import {
  awaitVssAsync,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CTX_BACKUP,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_SS_CREATED,
  VSS_VOLSNAP_ATTR_NO_WRITERS,
  VSS_VOLSNAP_ATTR_PERSISTENT,
  type IVssBackupComponents,
  type VSS_ID,
} from '../../src/index.js';
import { finished, GUID_RE, useSession, type Session } from './fixture.js';
import { writeOnVolume, type ConformanceIt, type VssTarget } from './target.js';

/** The snapshot ids Query lists in the requester's context. */
export async function listedSnapshots(bc: IVssBackupComponents): Promise<VSS_ID[]> {
  const objects = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
  return objects.flatMap((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? [o.Obj.Snap.m_SnapshotId] : []));
}

export function sequenceConformance(target: VssTarget, it: ConformanceIt): void {
  describe('the requester sequence', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('a point-in-time snapshot readable through its device object, released with the object', async () => {
      const onVolume = writeOnVolume(s.f, 'a.txt', 'point in time');
      const bc = await s.create();
      await bc.InitializeForBackup();
      await bc.SetContext(VSS_CTX_BACKUP);
      await finished(await bc.GatherWriterMetadata());
      const writers = await bc.GetWriterMetadataCount();
      expect(Number.isInteger(writers) && writers >= 0).toBe(true);
      await bc.FreeWriterMetadata();
      await bc.SetBackupState(false, false, VSS_BT_FULL, false);
      expect(await bc.IsVolumeSupported(GUID_NULL, s.f.volume)).toBe(true);
      const setId = await bc.StartSnapshotSet();
      const snapshotId = await bc.AddToSnapshotSet(s.f.volume, GUID_NULL);
      expect([GUID_RE.test(setId), GUID_RE.test(snapshotId), setId !== snapshotId]).toEqual([true, true, true]);
      await finished(await bc.PrepareForBackup());
      await finished(await bc.DoSnapshotSet());
      writeOnVolume(s.f, 'a.txt', 'changed after the snapshot');

      // GetSnapshotProperties takes the snapshot id (VSS_SNAPSHOT_PROP.md)
      const prop = await bc.GetSnapshotProperties(snapshotId);
      expect(prop).toMatchObject({ m_SnapshotId: snapshotId, m_SnapshotSetId: setId, m_lSnapshotsCount: 1, m_eStatus: VSS_SS_CREATED });
      // SEMANTICS.md §5: no trailing backslash; the file path is the device object + the path on the volume
      expect(prop.m_pwszSnapshotDeviceObject).toMatch(/^\\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\d+$/);
      expect(prop.m_pwszOriginalVolumeName).toMatch(/^\\\\\?\\Volume\{[0-9a-f-]{36}\}\\$/);
      expect(prop.m_pwszOriginatingMachine.length).toBeGreaterThan(0);
      expect(GUID_RE.test(prop.m_ProviderId)).toBe(true);
      // a backup-context snapshot is auto-released and involves writers
      expect(prop.m_lSnapshotAttributes & (VSS_VOLSNAP_ATTR_PERSISTENT | VSS_VOLSNAP_ATTR_NO_WRITERS)).toBe(0);
      const inSnapshot = `${prop.m_pwszSnapshotDeviceObject}${onVolume.slice(s.f.volume.length - 1)}`;
      expect(s.f.readSnapshotFile(inSnapshot)).toBe('point in time');

      await finished(await bc.BackupComplete());
      expect(await listedSnapshots(bc)).toContain(snapshotId);
      await bc.Release();
      // overview-of-backup-termination.md: releasing the object deletes auto-release snapshots
      expect(() => s.f.readSnapshotFile(inSnapshot)).toThrow();
      const after = await s.initialized();
      expect(await listedSnapshots(after)).not.toContain(snapshotId);
    });

    it('GetSnapshotProperties: VSS_E_OBJECT_NOT_FOUND for the set id and for an unknown id', async () => {
      const { bc, setId, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await expect(bc.GetSnapshotProperties(setId)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await expect(bc.GetSnapshotProperties(randomUUID())).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      expect((await bc.GetSnapshotProperties(snapshotId)).m_SnapshotId).toBe(snapshotId);
    });

    it('DeleteSnapshots by snapshot: one deleted, then VSS_E_OBJECT_NOT_FOUND; an unknown id is not found', async () => {
      const { bc, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await awaitVssAsync(await bc.BackupComplete());
      expect(await bc.DeleteSnapshots(snapshotId, VSS_OBJECT_SNAPSHOT, true)).toEqual({ plDeletedSnapshots: 1, pNondeletedSnapshotID: GUID_NULL });
      expect(await listedSnapshots(bc)).not.toContain(snapshotId);
      await expect(bc.GetSnapshotProperties(snapshotId)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await expect(bc.DeleteSnapshots(snapshotId, VSS_OBJECT_SNAPSHOT, true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await expect(bc.DeleteSnapshots(randomUUID(), VSS_OBJECT_SNAPSHOT_SET, true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    });

    it('DeleteSnapshots by set deletes every snapshot of the set', async () => {
      const { bc, setId, snapshotId } = await s.started();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await awaitVssAsync(await bc.BackupComplete());
      expect(await bc.DeleteSnapshots(setId, VSS_OBJECT_SNAPSHOT_SET, true)).toEqual({ plDeletedSnapshots: 1, pNondeletedSnapshotID: GUID_NULL });
      expect(await listedSnapshots(bc)).not.toContain(snapshotId);
    });

    it('GatherWriterStatus: as many writers as the metadata, each in a VSS_WRITER_STATE; past the end VSS_E_OBJECT_NOT_FOUND', async () => {
      const { bc } = await s.started();
      const count = await bc.GetWriterMetadataCount();
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await finished(await bc.GatherWriterStatus());
      expect(await bc.GetWriterStatusCount()).toBe(count);
      for (let i = 0; i < count; i++) {
        const st = await bc.GetWriterStatus(i);
        expect(st.pnStatus).toBeGreaterThanOrEqual(1);
        expect(st.pnStatus).toBeLessThan(16);
      }
      await expect(bc.GetWriterStatus(count)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await bc.FreeWriterStatus();
    });

    it('SaveAsXML gives the Backup Components Document', async () => {
      const { bc } = await s.started();
      expect(await bc.SaveAsXML()).toContain('BACKUP_COMPONENTS');
    });
  });
}
