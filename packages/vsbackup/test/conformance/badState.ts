// Out-of-order calls (SEMANTICS.md §2): VSS_E_BAD_STATE as the call's own result, no IVssAsync
// produced, and the object still usable for the calls that are in order.
import { describe, expect } from 'vitest';
import { E_INVALIDARG, VSS_E_BAD_STATE, VSS_E_INVALID_XML_DOCUMENT, VSS_E_OBJECT_NOT_FOUND, VSS_E_UNSUPPORTED_CONTEXT } from '@winbackup/errors';
import {
  awaitVssAsync,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_ALL,
  VSS_CTX_APP_ROLLBACK,
  VSS_CTX_BACKUP,
  VSS_CTX_FILE_SHARE_BACKUP,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
  VSS_VOLSNAP_ATTR_NO_WRITERS,
  type IVssBackupComponents,
} from '../../src/index.js';
import { useSession, type Session } from './fixture.js';
import type { ConformanceIt, VssTarget } from './target.js';

const ID = '11111111-2222-3333-4444-555555555555';
const BAD = { code: VSS_E_BAD_STATE };

/** Every method of the interface but InitializeForBackup and Release, with plausible arguments. */
function everyCall(bc: IVssBackupComponents, volume: string): Record<string, () => Promise<unknown>> {
  return {
    SetContext: () => bc.SetContext(VSS_CTX_BACKUP),
    SetBackupState: () => bc.SetBackupState(false, false, VSS_BT_FULL),
    GatherWriterMetadata: () => bc.GatherWriterMetadata(),
    GetWriterMetadataCount: () => bc.GetWriterMetadataCount(),
    GetWriterMetadata: () => bc.GetWriterMetadata(0),
    FreeWriterMetadata: () => bc.FreeWriterMetadata(),
    AddComponent: () => bc.AddComponent(ID, ID, VSS_CT_FILEGROUP, null, 'x'),
    StartSnapshotSet: () => bc.StartSnapshotSet(),
    AddToSnapshotSet: () => bc.AddToSnapshotSet(volume),
    IsVolumeSupported: () => bc.IsVolumeSupported(GUID_NULL, volume),
    PrepareForBackup: () => bc.PrepareForBackup(),
    GatherWriterStatus: () => bc.GatherWriterStatus(),
    GetWriterStatusCount: () => bc.GetWriterStatusCount(),
    GetWriterStatus: () => bc.GetWriterStatus(0),
    FreeWriterStatus: () => bc.FreeWriterStatus(),
    DoSnapshotSet: () => bc.DoSnapshotSet(),
    GetSnapshotProperties: () => bc.GetSnapshotProperties(ID),
    SetBackupSucceeded: () => bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'x', true),
    BackupComplete: () => bc.BackupComplete(),
    DeleteSnapshots: () => bc.DeleteSnapshots(ID, VSS_OBJECT_SNAPSHOT, true),
    Query: () => bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT),
    AbortBackup: () => bc.AbortBackup(),
    SaveAsXML: () => bc.SaveAsXML(),
  };
}

export function badStateConformance(target: VssTarget, it: ConformanceIt): void {
  describe('VSS_E_BAD_STATE', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('before InitializeForBackup every call gives VSS_E_BAD_STATE; the object can still be initialized', async () => {
      const bc = await s.create();
      for (const [name, call] of Object.entries(everyCall(bc, s.f.volume))) await expect(call(), name).rejects.toMatchObject(BAD);
      await bc.InitializeForBackup();
      expect(await bc.SaveAsXML()).toContain('BACKUP_COMPONENTS');
    });

    it('InitializeForBackup: VSS_E_INVALID_XML_DOCUMENT for a document that is none; twice gives VSS_E_BAD_STATE', async () => {
      const bc = await s.create();
      // the document argument is for importing transportable shadow copies (IVssBackupComponents-InitializeForBackup.md)
      await expect(bc.InitializeForBackup('<x/>')).rejects.toMatchObject({ code: VSS_E_INVALID_XML_DOCUMENT });
      await bc.InitializeForBackup();
      await expect(bc.InitializeForBackup()).rejects.toMatchObject(BAD);
    });

    it('after Release every call gives VSS_E_BAD_STATE; Release again is harmless', async () => {
      const bc = await s.create();
      await bc.InitializeForBackup();
      await bc.Release();
      for (const [name, call] of Object.entries(everyCall(bc, s.f.volume))) await expect(call(), name).rejects.toMatchObject(BAD);
      await expect(bc.InitializeForBackup()).rejects.toMatchObject(BAD);
      await bc.Release();
    });

    it('SetContext: E_INVALIDARG for a value that is no context; once only; not after GatherWriterMetadata or StartSnapshotSet', async () => {
      const a = await s.create();
      await a.InitializeForBackup();
      await expect(a.SetContext(0x7)).rejects.toMatchObject({ code: E_INVALIDARG });
      await a.SetContext(VSS_CTX_BACKUP);
      await expect(a.SetContext(VSS_CTX_BACKUP)).rejects.toMatchObject(BAD);
      await a.Release();
      const b = await s.create();
      await b.InitializeForBackup();
      await b.StartSnapshotSet();
      await expect(b.SetContext(VSS_CTX_APP_ROLLBACK)).rejects.toMatchObject(BAD);
      // IVssBackupComponents-SetContext.md: "prior to calling most VSS functions"
      const c = await s.create();
      await c.InitializeForBackup();
      await awaitVssAsync(await c.GatherWriterMetadata());
      await expect(c.SetContext(VSS_CTX_BACKUP)).rejects.toMatchObject(BAD);
    });

    it('writer metadata: nothing before GatherWriterMetadata or after FreeWriterMetadata; Gather once; index past the end not found', async () => {
      const bc = await s.initialized();
      await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
      await expect(bc.GetWriterMetadata(0)).rejects.toMatchObject(BAD);
      await expect(bc.FreeWriterMetadata()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const n = await bc.GetWriterMetadataCount();
      await expect(bc.GetWriterMetadata(n)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      // GatherWriterMetadata.md: "only once during the lifetime" of the object
      await expect(bc.GatherWriterMetadata()).rejects.toMatchObject(BAD);
      await bc.FreeWriterMetadata();
      await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
    });

    it('writer status: nothing before GatherWriterMetadata, GatherWriterStatus, or after FreeWriterStatus', async () => {
      const bc = await s.initialized();
      await expect(bc.GatherWriterStatus()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.GatherWriterMetadata());
      await expect(bc.GetWriterStatusCount()).rejects.toMatchObject(BAD);
      await expect(bc.FreeWriterStatus()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.GatherWriterStatus());
      const n = await bc.GetWriterStatusCount();
      await expect(bc.GetWriterStatus(n)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await bc.FreeWriterStatus();
      await expect(bc.GetWriterStatus(0)).rejects.toMatchObject(BAD);
    });

    it('StartSnapshotSet, AddToSnapshotSet, PrepareForBackup, DoSnapshotSet and BackupComplete out of order', async () => {
      const bc = await s.initialized();
      await expect(bc.AddToSnapshotSet(s.f.volume)).rejects.toMatchObject(BAD);
      await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
      // SetBackupState must precede PrepareForBackup (IVssBackupComponents-SetBackupState.md)
      await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.GatherWriterMetadata());
      await bc.SetBackupState(false, false, VSS_BT_FULL);
      await bc.StartSnapshotSet();
      await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
      await bc.AddToSnapshotSet(s.f.volume);
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.PrepareForBackup());
      await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
      await expect(bc.SetBackupState(true, false, VSS_BT_FULL)).rejects.toMatchObject(BAD);
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.DoSnapshotSet());
      await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
      // the set is fixed once DoSnapshotSet is called (IVssBackupComponents-DoSnapshotSet.md)
      await expect(bc.AddToSnapshotSet(s.f.volume)).rejects.toMatchObject(BAD);
      // non-component mode: SetBackupSucceeded has no component to mark
      await expect(bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'x', true)).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.BackupComplete());
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      // one object serves one backup (overview-of-backup-initialization.md)
      await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
    });

    it('DoSnapshotSet without PrepareForBackup gives VSS_E_BAD_STATE in a writer context', async () => {
      const { bc } = await s.started();
      await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
    });

    it('writerless context (VSS_CTX_FILE_SHARE_BACKUP): PrepareForBackup and BackupComplete refused, the snapshot has NO_WRITERS', async () => {
      const bc = await s.create();
      await bc.InitializeForBackup();
      await bc.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
      await bc.SetBackupState(false, false, VSS_BT_FULL);
      await bc.StartSnapshotSet();
      const id = await bc.AddToSnapshotSet(s.f.volume);
      // shadow-copy-context-configurations.md: writerless contexts "will return an error"; the code is (inferred, SEMANTICS.md §2)
      await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
      await awaitVssAsync(await bc.DoSnapshotSet());
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      expect((await bc.GetSnapshotProperties(id)).m_lSnapshotAttributes & VSS_VOLSNAP_ATTR_NO_WRITERS).toBe(VSS_VOLSNAP_ATTR_NO_WRITERS);
    });

    it('VSS_CTX_ALL: StartSnapshotSet gives VSS_E_UNSUPPORTED_CONTEXT and takes no lock; Query works', async () => {
      const bc = await s.create();
      await bc.InitializeForBackup();
      await bc.SetContext(VSS_CTX_ALL);
      // VSS_SNAPSHOT_CONTEXT.md: "not supported" for StartSnapshotSet; the code is (inferred, SEMANTICS.md §2)
      await expect(bc.StartSnapshotSet()).rejects.toMatchObject({ code: VSS_E_UNSUPPORTED_CONTEXT });
      expect(Array.isArray(await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT))).toBe(true);
      // IVssBackupComponents-Query.md: the queried type must be VSS_OBJECT_NONE
      await expect(bc.Query(GUID_NULL, VSS_OBJECT_SNAPSHOT, VSS_OBJECT_SNAPSHOT)).rejects.toMatchObject({ code: E_INVALIDARG });
      const other = await s.initialized();
      await other.StartSnapshotSet();
    });
  });
}
