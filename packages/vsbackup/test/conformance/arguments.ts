// Bad arguments: volume names (AddToSnapshotSet.md: the name must end in `\`), unknown volumes and
// providers, duplicates, the machine-wide snapshot-set lock, and wrong JS types (a TypeError
// before anything reaches VSS).
import { describe, expect } from 'vitest';
import {
  E_INVALIDARG,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_PROVIDER_NOT_REGISTERED,
  VSS_E_SNAPSHOT_SET_IN_PROGRESS,
  VSS_E_VOLUME_NOT_SUPPORTED,
  VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CTX_BACKUP,
  VSS_OBJECT_NONE,
  VSS_OBJECT_PROVIDER,
  VSS_OBJECT_SNAPSHOT,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_SYSTEM_PROVIDER_ID,
} from '../../src/index.js';
import { useSession, type Session } from './fixture.js';
import { UNSUPPORTED_VOLUME_TEST, type ConformanceIt, type VssTarget } from './target.js';

const ID = '11111111-2222-3333-4444-555555555555';

export function argumentConformance(target: VssTarget, it: ConformanceIt): void {
  describe('arguments', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('IsVolumeSupported: VSS_E_OBJECT_NOT_FOUND for a volume that does not exist', async () => {
      const bc = await s.initialized();
      await expect(bc.IsVolumeSupported(GUID_NULL, s.f.unknownVolume)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      expect(await bc.IsVolumeSupported(GUID_NULL, s.f.volume)).toBe(true);
    });

    it('AddToSnapshotSet: E_INVALIDARG without the trailing backslash, VSS_E_OBJECT_NOT_FOUND for an unknown volume, VSS_E_PROVIDER_NOT_REGISTERED for a foreign provider', async () => {
      const bc = await s.gathered();
      await bc.StartSnapshotSet();
      await expect(bc.AddToSnapshotSet(s.f.volume.slice(0, -1))).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(bc.AddToSnapshotSet(s.f.unknownVolume)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      await expect(bc.AddToSnapshotSet(s.f.volume, 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa')).rejects.toMatchObject({ code: VSS_E_PROVIDER_NOT_REGISTERED });
      // none of them was added: the set takes the volume once, and not twice (any case); (inferred) the
      // page names no code for a volume added twice: OBJECT_ALREADY_EXISTS, as AddComponent has
      await bc.AddToSnapshotSet(s.f.volume);
      await expect(bc.AddToSnapshotSet(s.f.volume.toLowerCase())).rejects.toMatchObject({ code: VSS_E_OBJECT_ALREADY_EXISTS });
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
    });

    it(UNSUPPORTED_VOLUME_TEST, async () => {
      const volume = s.f.unsupportedVolume!;
      const bc = await s.gathered();
      expect(await bc.IsVolumeSupported(GUID_NULL, volume)).toBe(false);
      expect(await bc.IsVolumeSupported(VSS_SYSTEM_PROVIDER_ID, volume)).toBe(false);
      await bc.StartSnapshotSet();
      // IVssBackupComponents-AddToSnapshotSet.md: GUID_NULL and no provider supports it / the provider named does not
      await expect(bc.AddToSnapshotSet(volume)).rejects.toMatchObject({ code: VSS_E_VOLUME_NOT_SUPPORTED });
      await expect(bc.AddToSnapshotSet(volume, VSS_SYSTEM_PROVIDER_ID)).rejects.toMatchObject({ code: VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER });
      // nothing was added: the set still takes a supported volume alone
      const id = await bc.AddToSnapshotSet(s.f.volume);
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      expect((await bc.GetSnapshotProperties(id)).m_lSnapshotsCount).toBe(1);
    });

    it('Query: QueriedObjectId must be GUID_NULL, the returned type a snapshot or a provider (E_INVALIDARG); providers include the system provider', async () => {
      const bc = await s.initialized();
      // IVssBackupComponents-Query.md: QueriedObjectId "must be GUID_NULL"; eReturnedObjectsType VSS_OBJECT_SNAPSHOT or VSS_OBJECT_PROVIDER
      await expect(bc.Query(ID, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT_SET)).rejects.toMatchObject({ code: E_INVALIDARG });
      const providers = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_PROVIDER);
      expect(providers.map((o) => (o.Type === VSS_OBJECT_PROVIDER ? o.Obj.Prov.m_ProviderId : o.Type))).toContain(VSS_SYSTEM_PROVIDER_ID);
    });

    it('one snapshot set at a time on the machine: VSS_E_SNAPSHOT_SET_IN_PROGRESS until DoSnapshotSet returns', async () => {
      const { bc } = await s.started();
      const other = await s.initialized();
      // state-transitions-in-shadow-copy-providers.md: creation is serialised from StartSnapshotSet
      await expect(other.StartSnapshotSet()).rejects.toMatchObject({ code: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      await other.StartSnapshotSet();
    });

    it('wrong JS types throw TypeError before any state change', async () => {
      const bc = await s.create();
      const any = bc as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      await expect(any.InitializeForBackup!(42)).rejects.toBeInstanceOf(TypeError);
      await bc.InitializeForBackup();
      await expect(any.SetContext!('0')).rejects.toBeInstanceOf(TypeError);
      await expect(any.SetContext!(1.5)).rejects.toBeInstanceOf(TypeError);
      await bc.SetContext(VSS_CTX_BACKUP); // the bad calls did not consume the one SetContext
      await expect(any.SetBackupState!(1, false, VSS_BT_FULL)).rejects.toBeInstanceOf(TypeError);
      await bc.StartSnapshotSet();
      await expect(any.AddToSnapshotSet!(3)).rejects.toBeInstanceOf(TypeError);
      await expect(any.AddToSnapshotSet!(s.f.volume, 'not-a-guid')).rejects.toBeInstanceOf(TypeError);
      await expect(any.GetSnapshotProperties!(ID.slice(1))).rejects.toBeInstanceOf(TypeError);
      await expect(any.DeleteSnapshots!(ID, VSS_OBJECT_SNAPSHOT, 1)).rejects.toBeInstanceOf(TypeError);
      await expect(any.GetWriterStatus!('0')).rejects.toBeInstanceOf(TypeError);
      await bc.AddToSnapshotSet(s.f.volume);
    });
  });
}
