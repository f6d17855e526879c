// Every out-of-order call gives VSS_E_BAD_STATE as the call's own result, and leaves the object usable:
// the cases that need the reference's writers, options or folders. The rest (before InitializeForBackup,
// after Release, SetContext, writer status, VSS_CTX_ALL, wrong JS types) runs against any target in
// test/conformance/badState.ts and test/conformance/arguments.ts.
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  E_INVALIDARG,
  VSS_E_BAD_STATE,
  VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_PROVIDER_NOT_REGISTERED,
  VSS_E_UNEXPECTED_PROVIDER_ERROR,
  VSS_S_ASYNC_FINISHED,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  createReferenceVss,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_FILE_SHARE_BACKUP,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
} from '../src/index.js';
import { expectNoLeaks, startBackup, TestWriter, gathered, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

const ID = '11111111-2222-3333-4444-555555555555';
const BAD = { code: VSS_E_BAD_STATE };

describe('sequence rules', () => {
  it('writer metadata: before Gather, while pending, after Free, Gather twice, index out of range', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = w.hold('Identify');
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
    await expect(bc.GetWriterMetadata(0)).rejects.toMatchObject(BAD);
    await expect(bc.FreeWriterMetadata()).rejects.toMatchObject(BAD);
    const pending = await bc.GatherWriterMetadata();
    await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
    await expect(bc.GatherWriterMetadata()).rejects.toMatchObject(BAD);
    await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
    gate.resolve();
    await awaitVssAsync(pending);
    expect(await bc.GetWriterMetadataCount()).toBe(1);
    await expect(bc.GetWriterMetadata(1)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await expect(bc.GatherWriterMetadata()).rejects.toMatchObject(BAD);
    await bc.FreeWriterMetadata();
    await expect(bc.GetWriterMetadata(0)).rejects.toMatchObject(BAD);
    await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
    await bc.Release();
  });

  it('AddComponent: needs metadata (not SetBackupState) and comes before StartSnapshotSet; duplicates refused', async () => {
    await TestWriter.create(m.vss);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await expect(bc.AddComponent(ID, ID, VSS_CT_FILEGROUP, null, 'x')).rejects.toMatchObject(BAD);
    await awaitVssAsync(await bc.GatherWriterMetadata());
    // SEMANTICS.md §1 #7a: needs InitializeForBackup and GatherWriterMetadata; SetBackupState may come later
    await bc.AddComponent(ID, ID, VSS_CT_FILEGROUP, null, 'x');
    await bc.SetBackupState(true, false, VSS_BT_FULL);
    await expect(bc.AddComponent(ID, ID, VSS_CT_FILEGROUP, null, 'x')).rejects.toMatchObject({ code: VSS_E_OBJECT_ALREADY_EXISTS });
    await bc.StartSnapshotSet();
    await expect(bc.AddComponent(ID, ID, VSS_CT_FILEGROUP, null, 'y')).rejects.toMatchObject(BAD);
    expect(await bc.SaveAsXML()).toContain('componentName="x"');
    await bc.Release();
  });

  it('components added in non-component mode are accepted but reach no writer; SetBackupSucceeded is refused', async () => {
    const w = await TestWriter.create(m.vss);
    const bc = await gathered(m.vss);
    const { pidInstance, ppMetadata } = await bc.GetWriterMetadata(0);
    const { pidWriter } = await ppMetadata.GetIdentity();
    await bc.AddComponent(pidInstance, pidWriter, VSS_CT_FILEGROUP, null, 'x');
    await bc.SetBackupState(false, false, VSS_BT_FULL);
    await bc.StartSnapshotSet();
    await bc.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await expect(bc.SetBackupSucceeded(pidInstance, pidWriter, VSS_CT_FILEGROUP, null, 'x', true)).rejects.toMatchObject(BAD);
    await awaitVssAsync(await bc.BackupComplete());
    expect(w.components).toEqual([]);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('StartSnapshotSet, AddToSnapshotSet, PrepareForBackup, DoSnapshotSet out of order', async () => {
    await TestWriter.create(m.vss);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await expect(bc.AddToSnapshotSet('C:\\')).rejects.toMatchObject(BAD);
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD); // no SetBackupState
    await bc.SetBackupState(false, false, VSS_BT_FULL);
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD); // no metadata
    await awaitVssAsync(await bc.GatherWriterMetadata());
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD); // no set
    await bc.StartSnapshotSet();
    await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD); // empty set
    await bc.AddToSnapshotSet('C:\\');
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD); // PrepareForBackup required (strict default)
    await awaitVssAsync(await bc.PrepareForBackup());
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
    await expect(bc.AddToSnapshotSet('D:\\')).rejects.toMatchObject(BAD);
    await expect(bc.SetBackupState(true, false, VSS_BT_FULL)).rejects.toMatchObject(BAD);
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    await expect(bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'x', true)).rejects.toMatchObject(BAD);
    await awaitVssAsync(await bc.DoSnapshotSet());
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await expect(bc.AddToSnapshotSet('D:\\')).rejects.toMatchObject(BAD);
    await expect(bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'x', true)).rejects.toMatchObject(BAD); // non-component mode
    await awaitVssAsync(await bc.BackupComplete());
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    // one object serves one backup
    await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('requirePrepareForBackup: false lets DoSnapshotSet run without PrepareForBackup', async () => {
    const vss = m.reboot({ requirePrepareForBackup: false });
    const w = await TestWriter.create(vss);
    const { bc } = await startBackup(vss);
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect(w.events).toEqual(['Identify', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot']);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('SetBackupSucceeded: after DoSnapshotSet, before BackupComplete, for an added component', async () => {
    await TestWriter.create(m.vss);
    const { bc } = await startBackup(m.vss, { select: true });
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await expect(bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'nope', true)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await awaitVssAsync(await bc.BackupComplete());
    await expect(bc.SetBackupSucceeded(ID, ID, VSS_CT_FILEGROUP, null, 'nope', true)).rejects.toMatchObject(BAD);
    await bc.Release();
  });

  it('state-changing calls while an async operation is pending', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = w.hold('PrepareBackup');
    const { bc } = await startBackup(m.vss);
    const prep = await bc.PrepareForBackup();
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await expect(bc.GatherWriterStatus()).rejects.toMatchObject(BAD);
    await expect(bc.AddToSnapshotSet('D:\\')).rejects.toMatchObject(BAD);
    gate.resolve();
    await prep.Wait();
    expect((await prep.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_FINISHED);
    await awaitVssAsync(await bc.DoSnapshotSet());
    await bc.Release();
    expectNoLeaks(m);
  });
});

describe('contexts', () => {
  it('writerless context: AddComponent, PrepareForBackup and BackupComplete give BAD_STATE; DoSnapshotSet raises no writer events', async () => {
    const w = await TestWriter.create(m.vss);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
    await bc.SetBackupState(true, false, VSS_BT_FULL);
    await bc.StartSnapshotSet();
    const id = await bc.AddToSnapshotSet('C:\\');
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
    await awaitVssAsync(await bc.DoSnapshotSet());
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    expect((await bc.GetSnapshotProperties(id)).m_lSnapshotAttributes & 0x10).toBe(0x10);
    expect(w.events).toEqual([]);
    await bc.Release();
    expect(w.events).toEqual([]);
    expectNoLeaks(m);
  });
});

describe('volumes', () => {
  it('names must end in a backslash and exist; duplicates and foreign providers are refused', async () => {
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await expect(bc.IsVolumeSupported(GUID_NULL, 'Z:\\')).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    // IsVolumeSupported has no E_INVALIDARG: a name without its backslash is not found
    await expect(bc.IsVolumeSupported(GUID_NULL, 'C:')).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    expect(await bc.IsVolumeSupported(GUID_NULL, 'C:\\')).toBe(true);
    await bc.StartSnapshotSet();
    await expect(bc.AddToSnapshotSet('C:')).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(bc.AddToSnapshotSet('Z:\\')).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await expect(bc.AddToSnapshotSet('C:\\', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa')).rejects.toMatchObject({ code: VSS_E_PROVIDER_NOT_REGISTERED });
    await bc.AddToSnapshotSet('C:\\');
    await expect(bc.AddToSnapshotSet('c:\\')).rejects.toMatchObject({ code: VSS_E_OBJECT_ALREADY_EXISTS });
    expect(await bc.SaveAsXML()).toMatch(/SNAPSHOT_DESCRIPTION snapshotId="[0-9a-f-]{36}"/);
    await bc.Release();
  });

  it('a volume whose folder is gone is not found: IsVolumeSupported and AddToSnapshotSet refuse it, naming the folder', async () => {
    renameSync(m.volD, m.volD + '.gone');
    const bc = await gathered(m.vss);
    await bc.SetBackupState(false, false, VSS_BT_FULL);
    for (const call of [() => bc.IsVolumeSupported(GUID_NULL, 'D:\\'), async () => (await bc.StartSnapshotSet(), bc.AddToSnapshotSet('D:\\'))]) {
      const e = await call().then(() => undefined, (x: unknown) => x as Error);
      expect(e).toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND, cause: { code: 'ENOENT', path: m.volD } });
      expect(e?.message).toContain(`volume D:\\ (${m.volD}) is not available`);
    }
    // nothing was added: the set still takes C:\ and snapshots it alone
    const snapshotId = await bc.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect((await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT)).map((o) => o.Type === VSS_OBJECT_SNAPSHOT && o.Obj.Snap.m_SnapshotId)).toEqual([snapshotId]);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('a volume that vanishes after AddToSnapshotSet fails DoSnapshotSet with the folder and the errno as cause, nothing kept', async () => {
    const { bc } = await startBackup(m.vss, { volumes: ['C:\\', 'D:\\'] });
    await awaitVssAsync(await bc.PrepareForBackup());
    renameSync(m.volD, m.volD + '.gone');
    const op = await bc.DoSnapshotSet();
    const e = await awaitVssAsync(op).then(() => undefined, (x: unknown) => x as Error);
    expect(e).toMatchObject({ code: VSS_E_UNEXPECTED_PROVIDER_ERROR, cause: { code: 'ENOENT' } });
    expect(e?.message).toContain(`copying volume D:\\ (${m.volD})`);
    expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_E_UNEXPECTED_PROVIDER_ERROR, pReserved: 0 });
    // no snapshot of the failed set, no temporary copy, and the coordinator's lock is free again
    expect(await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT)).toEqual([]);
    expectNoLeaks(m);
    await bc.Release();
    const other = await m.vss.CreateVssBackupComponents();
    await other.InitializeForBackup();
    await other.StartSnapshotSet();
    await other.Release();
  });

  it('unsupportedVolumes names configured volumes; anything else is a TypeError', () => {
    const store = join(m.root, 'store-u');
    expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store, unsupportedVolumes: ['Z:\\'] })).toThrow(TypeError);
    expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store, unsupportedVolumes: 'C:\\' as unknown as string[] })).toThrow(TypeError);
    // names are matched as Windows matches them, whatever the case
    expect(() => createReferenceVss({ volumes: { 'C:\\': m.volC }, store, unsupportedVolumes: ['c:\\'] })).not.toThrow();
  });

  it('at most 64 volumes per set', async () => {
    const volumes: Record<string, string> = {};
    for (let i = 0; i < 65; i++) {
      const dir = join(m.root, 'mnt', String(i));
      mkdirSync(dir, { recursive: true });
      volumes[`C:\\mnt\\${i}\\`] = dir;
    }
    const vss = createReferenceVss({ volumes, store: join(m.root, 'store65'), clock: m.clock });
    const bc = await vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
    await bc.StartSnapshotSet();
    for (let i = 0; i < 64; i++) await bc.AddToSnapshotSet(`C:\\mnt\\${i}\\`);
    await expect(bc.AddToSnapshotSet('C:\\mnt\\64\\')).rejects.toMatchObject({ code: VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED });
    await bc.Release();
  });
});

describe('concurrent calls on one object', () => {
  it('two async operations started at once: one runs, the other gets VSS_E_BAD_STATE', async () => {
    await TestWriter.create(m.vss);
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.GatherWriterStatus());
    const [a, b] = await Promise.allSettled([bc.PrepareForBackup(), bc.GatherWriterStatus()]);
    expect(a.status).toBe('fulfilled');
    expect(b.status === 'rejected' && b.reason).toMatchObject(BAD);
    await awaitVssAsync((a as PromiseFulfilledResult<Awaited<ReturnType<typeof bc.PrepareForBackup>>>).value);
    await awaitVssAsync(await bc.DoSnapshotSet());
    await bc.Release();
  });
});
