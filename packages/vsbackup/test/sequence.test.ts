import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  awaitVssAsync,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_BACKUP,
  VSS_CTX_FILE_SHARE_BACKUP,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_OBJECT_PROVIDER,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
  VSS_SS_CREATED,
  VSS_SYSTEM_PROVIDER_ID,
  VSS_VOLSNAP_ATTR_DIFFERENTIAL,
  VSS_WS_STABLE,
  VSS_WS_WAITING_FOR_BACKUP_COMPLETE,
  VSS_UT_USERDATA,
  VSS_ST_OTHER,
  VSS_RME_RESTORE_IF_CAN_REPLACE,
  VSS_WRE_NEVER,
} from '../src/index.js';
import { S_OK, VSS_E_UNEXPECTED_PROVIDER_ERROR } from '@winbackup/errors';
import { expectNoLeaks, TestWriter, writerStates, gathered, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

describe('full backup sequence', () => {
  it('non-component mode: events in order, snapshot readable through its device object, released with the object', async () => {
    const w = await TestWriter.create(m.vss);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_BACKUP);
    await awaitVssAsync(await bc.GatherWriterMetadata());
    expect(await bc.GetWriterMetadataCount()).toBe(1);
    await bc.FreeWriterMetadata();
    await bc.SetBackupState(false, false, VSS_BT_FULL, false);
    expect(await bc.IsVolumeSupported(GUID_NULL, 'C:\\')).toBe(true);
    const setId = await bc.StartSnapshotSet();
    const snapId = await bc.AddToSnapshotSet('C:\\', GUID_NULL);
    await awaitVssAsync(await bc.PrepareForBackup());
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });

    const prop = await bc.GetSnapshotProperties(snapId);
    expect(prop.m_SnapshotId).toBe(snapId);
    expect(prop.m_SnapshotSetId).toBe(setId);
    expect(prop.m_lSnapshotsCount).toBe(1);
    expect(prop.m_pwszSnapshotDeviceObject).toMatch(/^\\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\d+$/);
    expect(prop.m_pwszOriginalVolumeName).toMatch(/^\\\\\?\\Volume\{[0-9a-f-]{36}\}\\$/);
    expect(prop.m_ProviderId).toBe(VSS_SYSTEM_PROVIDER_ID);
    expect(prop.m_eStatus).toBe(VSS_SS_CREATED);
    expect(prop.m_lSnapshotAttributes).toBe(VSS_VOLSNAP_ATTR_DIFFERENTIAL);
    expect(prop.m_tsCreationTimestamp).toBe((BigInt(m.clock.now()) + 11644473600000n) * 10000n);

    // the snapshot is point-in-time: later changes to the source do not reach it
    writeFileSync(join(m.volC, 'data', 'a.txt'), 'changed');
    const local = m.vss.resolvePath(prop.m_pwszSnapshotDeviceObject + '\\data\\a.txt')!;
    expect(readFileSync(local, 'utf8')).toBe('alpha');
    expect(statSync(local).mode & 0o222).toBe(0);
    expect(statSync(local).ino).not.toBe(statSync(join(m.volC, 'data', 'a.txt')).ino);
    expect(m.vss.resolvePath('C:\\data\\a.txt')).toBe(join(m.volC, 'data', 'a.txt'));
    expect(m.vss.resolvePath(prop.m_pwszSnapshotDeviceObject + '\\..\\..\\data\\.\\a.txt')).toBe(local);
    expect(m.vss.resolvePath('Q:\\x')).toBeUndefined();

    await awaitVssAsync(await bc.BackupComplete());
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupComplete']);
    expect(m.storeEntries()).toHaveLength(1);
    await bc.Release();
    expect(w.events.at(-1)).toBe('BackupShutdown');
    expect(existsSync(local)).toBe(false);
    expect(m.vss.resolvePath(prop.m_pwszSnapshotDeviceObject)).toBeUndefined();
    expectNoLeaks(m);
  });

  it('component mode: metadata, AddComponent, SetBackupSucceeded and the components writers see', async () => {
    const w = await TestWriter.create(m.vss);
    w.identify = (md) => {
      md.AddComponent(VSS_CT_FILEGROUP, null, 'data', 'Data files');
      md.AddFilesToFileGroup(null, 'data', 'C:\\data', '*', true);
      md.AddExcludeFiles('C:\\data', '*.tmp', false);
      md.SetRestoreMethod(VSS_RME_RESTORE_IF_CAN_REPLACE, null, null, VSS_WRE_NEVER, false);
    };
    const seen: boolean[] = [];
    const bc = await gathered(m.vss);
    const { pidInstance, ppMetadata } = await bc.GetWriterMetadata(0);
    const id = await ppMetadata.GetIdentity();
    expect(id).toEqual({ pidInstance, pidWriter: '11111111-2222-3333-4444-555555555555', pbstrWriterName: 'Test Writer', pUsage: VSS_UT_USERDATA, pSource: VSS_ST_OTHER });
    expect(await ppMetadata.GetFileCounts()).toEqual({ pcIncludeFiles: 0, pcExcludeFiles: 1, pcComponents: 1 });
    const comp = await ppMetadata.GetComponent(0);
    const info = await comp.GetComponentInfo();
    expect(info).toMatchObject({ type: VSS_CT_FILEGROUP, bstrLogicalPath: null, bstrComponentName: 'data', bstrCaption: 'Data files', cFileCount: 1, bSelectable: true });
    const f = await comp.GetFile(0);
    expect([await f.GetPath(), await f.GetFilespec(), await f.GetRecursive()]).toEqual(['C:\\data', '*', true]);
    expect((await ppMetadata.GetRestoreMethod())?.pMethod).toBe(VSS_RME_RESTORE_IF_CAN_REPLACE);
    expect(await ppMetadata.SaveAsXML()).toContain('componentName="data"');

    await bc.SetBackupState(true, false, VSS_BT_FULL);
    await bc.AddComponent(pidInstance, id.pidWriter, VSS_CT_FILEGROUP, null, 'data');
    await bc.StartSnapshotSet();
    await bc.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await bc.SetBackupSucceeded(pidInstance, id.pidWriter, VSS_CT_FILEGROUP, null, 'data', true);
    w.behaviour.set('BackupComplete', {
      run: (self) => {
        seen.push(self.AreComponentsSelected());
      },
    });
    const xml = await bc.SaveAsXML();
    expect(xml).toContain('selectComponents="yes"');
    expect(xml).toContain('backupSucceeded="yes"');
    await awaitVssAsync(await bc.BackupComplete());
    expect(seen).toEqual([true]);
    // the IVssWriterComponents handed to OnBackupComplete carries the requester's verdict
    expect(w.components.map((c) => [c.GetLogicalPath(), c.GetComponentName(), c.GetBackupSucceeded()])).toEqual([[null, 'data', true]]);
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    await bc.Release();
    expectNoLeaks(m);
  });

  it('two volumes in one set; Query lists them, DeleteSnapshots removes by set', async () => {
    await TestWriter.create(m.vss);
    const bc = await gathered(m.vss);
    await bc.SetBackupState(false, false, VSS_BT_FULL);
    const setId = await bc.StartSnapshotSet();
    const c = await bc.AddToSnapshotSet('C:\\');
    const d = await bc.AddToSnapshotSet('d:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    const q = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
    expect(q.map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : '')).sort()).toEqual([c, d].sort());
    expect((await bc.GetSnapshotProperties(d)).m_lSnapshotsCount).toBe(2);
    const dProp = await bc.GetSnapshotProperties(d);
    expect(readFileSync(m.vss.resolvePath(dProp.m_pwszSnapshotDeviceObject + '\\d.txt')!, 'utf8')).toBe('delta');
    const prov = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_PROVIDER);
    expect(prov).toHaveLength(1);
    expect(prov[0]!.Type === VSS_OBJECT_PROVIDER && prov[0]!.Obj.Prov.m_ProviderId).toBe(VSS_SYSTEM_PROVIDER_ID);
    await awaitVssAsync(await bc.BackupComplete());
    const del = await bc.DeleteSnapshots(setId, 2 /* VSS_OBJECT_SNAPSHOT_SET */, true);
    expect(del).toEqual({ plDeletedSnapshots: 2, pNondeletedSnapshotID: GUID_NULL });
    expect(await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT)).toEqual([]);
    expectNoLeaks(m);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('DeleteSnapshots stops at the first failure: it rejects and still reports what it deleted', async () => {
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
    const setId = await bc.StartSnapshotSet();
    await bc.AddToSnapshotSet('C:\\');
    await bc.AddToSnapshotSet('D:\\');
    await awaitVssAsync(await bc.DoSnapshotSet());
    const [first, second] = (await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT)).map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : ''));
    // the provider fails to delete the second snapshot of the set
    const store = m.vss.store;
    const realDelete = store.delete.bind(store);
    store.delete = async (id: string) => {
      if (id === second) throw new Error('device busy');
      return realDelete(id);
    };
    await expect(bc.DeleteSnapshots(setId, VSS_OBJECT_SNAPSHOT_SET, true)).rejects.toMatchObject({
      code: VSS_E_UNEXPECTED_PROVIDER_ERROR,
      plDeletedSnapshots: 1,
      pNondeletedSnapshotID: second,
    });
    const left = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
    expect(left.map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : ''))).toEqual([second]);
    expect(first).not.toBe(second);
    store.delete = realDelete;
    await bc.Release();
    expectNoLeaks(m);
  });
});
