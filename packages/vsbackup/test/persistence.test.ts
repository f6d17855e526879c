// Contexts and the snapshot store: auto-release vs persistent, a new coordinator on the same store,
// Query by context, DeleteSnapshots. SEMANTICS.md §5
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { E_INVALIDARG, VSS_E_OBJECT_NOT_FOUND } from '@winbackup/errors';
import {
  awaitVssAsync,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CTX_ALL,
  VSS_CTX_APP_ROLLBACK,
  VSS_CTX_BACKUP,
  VSS_CTX_NAS_ROLLBACK,
  VSS_OBJECT_NONE,
  VSS_OBJECT_PROVIDER,
  VSS_OBJECT_SNAPSHOT,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_VOLSNAP_ATTR_PERSISTENT,
  type ReferenceVss,
  type VSS_SNAPSHOT_PROP,
} from '../src/index.js';
import { expectNoLeaks, TestWriter, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

async function snapshotIn(vss: ReferenceVss, ctx: number, release = true): Promise<VSS_SNAPSHOT_PROP> {
  const bc = await vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await bc.SetContext(ctx);
  await awaitVssAsync(await bc.GatherWriterMetadata());
  await bc.SetBackupState(false, false, VSS_BT_FULL);
  await bc.StartSnapshotSet();
  const id = await bc.AddToSnapshotSet('C:\\');
  if ((ctx & 0x10) === 0) await awaitVssAsync(await bc.PrepareForBackup());
  await awaitVssAsync(await bc.DoSnapshotSet());
  const prop = await bc.GetSnapshotProperties(id);
  if ((ctx & 0x10) === 0) await awaitVssAsync(await bc.BackupComplete());
  if (release) await bc.Release();
  return prop;
}

async function query(vss: ReferenceVss, ctx: number): Promise<string[]> {
  const bc = await vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await bc.SetContext(ctx);
  const list = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
  await bc.Release();
  return list.map((o) => (o.Type === VSS_OBJECT_SNAPSHOT ? o.Obj.Snap.m_SnapshotId : 'provider'));
}

describe('contexts and persistence', () => {
  it('a persistent (APP_ROLLBACK) snapshot survives Release and a new coordinator; DeleteSnapshots removes it', async () => {
    await TestWriter.create(m.vss);
    const prop = await snapshotIn(m.vss, VSS_CTX_APP_ROLLBACK);
    expect(prop.m_lSnapshotAttributes & VSS_VOLSNAP_ATTR_PERSISTENT).toBe(VSS_VOLSNAP_ATTR_PERSISTENT);
    expect(m.storeEntries()).toHaveLength(1);
    const vss2 = m.reboot();
    expect(await query(vss2, VSS_CTX_APP_ROLLBACK)).toEqual([prop.m_SnapshotId]);
    expect(await query(vss2, VSS_CTX_BACKUP)).toEqual([]);
    expect(await query(vss2, VSS_CTX_ALL)).toEqual([prop.m_SnapshotId]);
    const file = vss2.resolvePath(prop.m_pwszSnapshotDeviceObject + '\\data\\a.txt')!;
    expect(readFileSync(file, 'utf8')).toBe('alpha');

    const bc = await vss2.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_APP_ROLLBACK);
    expect((await bc.GetSnapshotProperties(prop.m_SnapshotId)).m_pwszSnapshotDeviceObject).toBe(prop.m_pwszSnapshotDeviceObject);
    await expect(bc.DeleteSnapshots(prop.m_SnapshotId, VSS_OBJECT_PROVIDER, true)).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(bc.DeleteSnapshots(GUID_NULL, VSS_OBJECT_SNAPSHOT, true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    expect(await bc.DeleteSnapshots(prop.m_SnapshotId, VSS_OBJECT_SNAPSHOT, false)).toEqual({ plDeletedSnapshots: 1, pNondeletedSnapshotID: GUID_NULL });
    await expect(bc.DeleteSnapshots(prop.m_SnapshotSetId, VSS_OBJECT_SNAPSHOT_SET, true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    expect(existsSync(file)).toBe(false);
    await bc.Release();
    expectNoLeaks(m);
    // and a third start-up still finds nothing
    expect(await query(m.reboot(), VSS_CTX_ALL)).toEqual([]);
  });

  it('DeleteSnapshots only sees the current context', async () => {
    const prop = await snapshotIn(m.vss, VSS_CTX_NAS_ROLLBACK);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await expect(bc.DeleteSnapshots(prop.m_SnapshotId, VSS_OBJECT_SNAPSHOT, true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await bc.Release();
    const all = await m.vss.CreateVssBackupComponents();
    await all.InitializeForBackup();
    await all.SetContext(VSS_CTX_ALL);
    expect((await all.DeleteSnapshots(prop.m_SnapshotSetId, VSS_OBJECT_SNAPSHOT_SET, true)).plDeletedSnapshots).toBe(1);
    await all.Release();
    expectNoLeaks(m);
  });

  it('auto-release snapshots of an object never released are gone after a new coordinator starts (a reboot)', async () => {
    await TestWriter.create(m.vss);
    const prop = await snapshotIn(m.vss, VSS_CTX_BACKUP, false);
    expect(m.storeEntries()).toHaveLength(1);
    const vss2 = m.reboot();
    expectNoLeaks(m);
    expect(vss2.resolvePath(prop.m_pwszSnapshotDeviceObject)).toBeUndefined();
    // device numbers keep increasing across start-ups
    await TestWriter.create(vss2);
    const next = await snapshotIn(vss2, VSS_CTX_BACKUP);
    const n = (p: VSS_SNAPSHOT_PROP): number => Number(/(\d+)$/.exec(p.m_pwszSnapshotDeviceObject)![1]);
    expect(n(next)).toBe(n(prop) + 1);
    expectNoLeaks(m);
  });
});

describe('createReferenceVss options', () => {
  it('rejects a store inside a volume and volume names without a trailing backslash', async () => {
    const { createReferenceVss } = await import('../src/index.js');
    expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store: m.volC + '/store' })).toThrow(TypeError);
    // a folder whose name starts with dots is still inside the volume
    for (const name of ['..store', '...', '.. y']) {
      expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store: m.volC + '/' + name })).toThrow(/must not be inside volume/);
    }
    // beside the volume (its parent's folder, reached through ..) is fine
    expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store: m.volC + '/../store-beside' })).not.toThrow();
    expect(() => createReferenceVss({ volumes: { 'C:': m.volC }, store: m.store })).toThrow(TypeError);
  });
});
