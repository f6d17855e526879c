// CVssWriter Initialize/Subscribe rules, metadata authoring errors and the examine side.
// spec: vss/CVssWriter-Initialize.md, vss/CVssWriter-Subscribe.md, vss/IVssExamineWriterMetadata-*.md
import { describe, expect, it } from 'vitest';
import {
  E_INVALIDARG,
  VSS_E_BAD_STATE,
  VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_UNEXPECTED,
  VSS_E_WRITER_ALREADY_SUBSCRIBED,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  VSS_BS_DIFFERENTIAL,
  VSS_CT_DATABASE,
  VSS_CTX_FILE_SHARE_BACKUP,
  VSS_FSBT_ALL_BACKUP_REQUIRED,
  VSS_FSBT_ALL_SNAPSHOT_REQUIRED,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
} from '../src/index.js';
import { TestWriter, gathered, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

const WID = '33333333-0000-0000-0000-000000000001';

describe('CVssWriter', () => {
  it('[Symbol.asyncDispose] unsubscribes once; afterwards Initialize is refused and the writer is gone from GatherWriterMetadata', async () => {
    const w = new TestWriter(m.vss);
    await w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER);
    await w.Subscribe();
    expect(await (await gathered(m.vss)).GetWriterMetadataCount()).toBe(1);
    await w[Symbol.asyncDispose]();
    await w[Symbol.asyncDispose]();
    expect(await (await gathered(m.vss)).GetWriterMetadataCount()).toBe(0);
    await expect(w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER)).rejects.toMatchObject({ code: VSS_E_BAD_STATE });
    await expect(w.Subscribe()).rejects.toMatchObject({ code: VSS_E_BAD_STATE });
  });

  it('Subscribe needs Initialize; twice gives VSS_E_WRITER_ALREADY_SUBSCRIBED; Initialize while subscribed is refused', async () => {
    const w = new TestWriter(m.vss);
    await expect(w.Subscribe()).rejects.toMatchObject({ code: VSS_E_UNEXPECTED });
    await expect(w.Initialize(WID, '', VSS_UT_USERDATA, VSS_ST_OTHER)).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER, undefined, 0)).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(w.Initialize('nope', 'W', VSS_UT_USERDATA, VSS_ST_OTHER)).rejects.toBeInstanceOf(TypeError);
    await expect(w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER, undefined, 1.5)).rejects.toBeInstanceOf(TypeError);
    await w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER);
    await w.Subscribe();
    await expect(w.Subscribe()).rejects.toMatchObject({ code: VSS_E_WRITER_ALREADY_SUBSCRIBED });
    await expect(w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_OTHER)).rejects.toMatchObject({ code: VSS_E_BAD_STATE });
    // the same writer class (and instance name) cannot subscribe twice on one machine
    const twin = new TestWriter(m.vss);
    await twin.Initialize(WID, 'W again', VSS_UT_USERDATA, VSS_ST_OTHER);
    await expect(twin.Subscribe()).rejects.toMatchObject({ code: VSS_E_WRITER_ALREADY_SUBSCRIBED });
    await w.Unsubscribe();
    await twin.Subscribe();
    // an unsubscribed writer gets no events
    const bc = await gathered(m.vss);
    expect(await bc.GetWriterMetadataCount()).toBe(1);
    expect(w.events).toEqual([]);
    expect(twin.events).toEqual(['Identify']);
    await bc.Release();
    expect(() => new (TestWriter as unknown as new (x: unknown) => TestWriter)({})).toThrow(TypeError);
  });
});

describe('writer metadata', () => {
  it('authoring errors: duplicate component, files for an unknown component, bad values', async () => {
    const w = await TestWriter.create(m.vss);
    const errors: unknown[] = [];
    w.identify = (md) => {
      md.AddComponent(VSS_CT_DATABASE, 'sql', 'db1', null, null, false, true);
      md.AddDatabaseFiles('sql', 'db1', 'C:\\db', 'db1.mdf');
      md.AddDatabaseLogFiles('sql', 'db1', 'C:\\db', 'db1.ldf', VSS_FSBT_ALL_BACKUP_REQUIRED);
      md.AddIncludeFiles('C:\\db', '*.cfg', false, 'C:\\alt');
      md.SetBackupSchema(VSS_BS_DIFFERENTIAL);
      for (const f of [
        () => md.AddComponent(VSS_CT_DATABASE, 'sql', 'db1'),
        () => md.AddDatabaseFiles('sql', 'nope', 'C:\\db', 'x.mdf'),
        () => md.AddComponent(9 as never, 'sql', 'db2'),
        () => md.AddIncludeFiles('C:\\', '', false),
      ]) {
        try {
          f();
        } catch (e) {
          errors.push((e as { code: number }).code);
        }
      }
    };
    const bc = await gathered(m.vss);
    expect(errors).toEqual([VSS_E_OBJECT_ALREADY_EXISTS, VSS_E_OBJECT_NOT_FOUND, E_INVALIDARG, E_INVALIDARG]);
    const { ppMetadata } = await bc.GetWriterMetadata(0);
    expect(await ppMetadata.GetFileCounts()).toEqual({ pcIncludeFiles: 1, pcExcludeFiles: 0, pcComponents: 1 });
    expect(await ppMetadata.GetBackupSchema()).toBe(VSS_BS_DIFFERENTIAL);
    expect(await ppMetadata.GetRestoreMethod()).toBeNull();
    const inc = await ppMetadata.GetIncludeFile(0);
    expect([await inc.GetFilespec(), await inc.GetAlternateLocation(), await inc.GetBackupTypeMask()]).toEqual([
      '*.cfg',
      'C:\\alt',
      VSS_FSBT_ALL_BACKUP_REQUIRED | VSS_FSBT_ALL_SNAPSHOT_REQUIRED,
    ]);
    await expect(ppMetadata.GetExcludeFile(0)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await expect(ppMetadata.GetComponent(1)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    const c = await ppMetadata.GetComponent(0);
    const info = await c.GetComponentInfo();
    expect(info).toMatchObject({ type: VSS_CT_DATABASE, bstrLogicalPath: 'sql', bstrComponentName: 'db1', bNotifyOnBackupComplete: true, cDatabases: 1, cLogFiles: 1, cFileCount: 0 });
    expect(await (await c.GetDatabaseLogFile(0)).GetBackupTypeMask()).toBe(VSS_FSBT_ALL_BACKUP_REQUIRED);
    await expect(c.GetFile(0)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    await bc.Release();
  });
});

describe('snapshot limits', () => {
  it('maxSnapshotsPerVolume: AddToSnapshotSet gives VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED', async () => {
    const vss = m.reboot({ maxSnapshotsPerVolume: 1 });
    const a = await vss.CreateVssBackupComponents();
    await a.InitializeForBackup();
    await a.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
    await a.StartSnapshotSet();
    await a.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await a.DoSnapshotSet());
    const b = await vss.CreateVssBackupComponents();
    await b.InitializeForBackup();
    await b.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
    await b.StartSnapshotSet();
    await expect(b.AddToSnapshotSet('C:\\')).rejects.toMatchObject({ code: VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED });
    await b.AddToSnapshotSet('D:\\');
    await a.Release();
    await b.Release();
  });
});
