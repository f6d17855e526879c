// The Wine tier's cases for the native CVssWriter: a JS subclass over the fake vssapi.dll's C++
// CVssWriter (exported by decorated names, MSVC layout). The fake's requester fires the writer
// events from its operations' threads (GatherWriterMetadata: OnIdentify; PrepareForBackup;
// DoSnapshotSet: PrepareSnapshot, Freeze, BackOffIO, Thaw, ContinueIO, PostSnapshot;
// BackupComplete; AbortBackup: Abort; the last Release: BackupShutdown) and logs what each returned
// ("CVssWriter event::OnFreeze", with how long VSS's thread waited) and every call a handler made.
import assert from 'node:assert/strict';
import {
  E_ACCESSDENIED,
  VSS_E_BAD_STATE,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_UNEXPECTED,
  VSS_E_WRITER_ALREADY_SUBSCRIBED,
  VSS_E_WRITERERROR_RETRYABLE,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  CVssWriter,
  VSS_APP_BACK_END,
  VSS_AWS_ALTERNATE_WRITER_EXISTS,
  VSS_BS_DIFFERENTIAL,
  VSS_BS_LOG,
  VSS_BT_DIFFERENTIAL,
  VSS_CT_DATABASE,
  VSS_CT_FILEGROUP,
  VSS_CTX_APP_ROLLBACK,
  VSS_FSBT_FULL_BACKUP_REQUIRED,
  VSS_RME_RESTORE_TO_ALTERNATE_LOCATION,
  VSS_SM_BACKUP_EVENTS_FLAG,
  VSS_ST_TRANSACTEDDB,
  VSS_SYSTEM_PROVIDER_ID,
  VSS_UT_USERDATA,
  VSS_WRE_IF_REPLACE_FAILS,
  type IVssCreateWriterMetadata,
  type IVssWriterComponents,
} from '../../../src/index.js';
import type { NativeVss } from '../../../src/native/index.js';
import type { VssLibrary } from '../../../src/native/library.js';
import { NativeVss as NativeVssClass } from '../../../src/native/NativeVss.js';
import { DEVICE, fnLog, names, noLiveObjects, rejectsHr, SET_ID, SNAP_ID, type CaseContext, type WineCase } from './cases.js';
import type { Fake } from './fakeControl.js';

const WID = '6d5a9c1e-2b3f-4a7d-8e9f-0a1b2c3d4e5f';
const SLOTS = 16;

/** A writer that records every event it received (name and arguments as JS saw them). */
class Recorder extends CVssWriter {
  readonly events: { name: string; args: unknown[] }[] = [];
  protected note(name: string, ...args: unknown[]): void {
    this.events.push({ name, args });
  }
  OnPrepareSnapshot(): boolean {
    this.note('OnPrepareSnapshot');
    return true;
  }
  OnFreeze(): boolean | Promise<boolean> {
    this.note('OnFreeze');
    return true;
  }
  OnThaw(): boolean {
    this.note('OnThaw');
    return true;
  }
  OnAbort(): boolean {
    this.note('OnAbort');
    return true;
  }
}

/** The requester's backup sequence against the fake: each operation fires its writer events. */
async function backup(vss: NativeVss, { abortAfterPrepare = false } = {}): Promise<void> {
  const bc = await vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await awaitVssAsync(await bc.GatherWriterMetadata());
  await awaitVssAsync(await bc.PrepareForBackup());
  if (abortAfterPrepare) await bc.AbortBackup();
  else {
    await awaitVssAsync(await bc.DoSnapshotSet());
    await awaitVssAsync(await bc.BackupComplete());
  }
  await bc.Release();
}

/** The events the fake delivered, in order, with what VSS received back. */
const delivered = (fake: Fake): { name: string; ret: number }[] =>
  fake
    .log()
    .filter((c) => c.fn.startsWith('CVssWriter event::'))
    .map((c) => ({ name: c.fn.slice('CVssWriter event::'.length), ret: c.ret }));

async function initialized<W extends CVssWriter>(w: W): Promise<W> {
  await w.Initialize(WID, 'Ledger Writer', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB, VSS_APP_BACK_END);
  await w.Subscribe();
  return w;
}

/** After dispose: one destructor per constructor, nothing subscribed, no callback registered. */
function allFreed(fake: Fake, writerCallbacks: () => number): void {
  const c = fake.writerCounters();
  assert.equal(c.dtors, c.ctors, `destructors run: ${JSON.stringify(c)}`);
  assert.equal(c.subscribed, 0);
  assert.equal(writerCallbacks(), 0, 'every vtable callback unregistered');
}

export const WRITER_CASES: readonly WineCase[] = [
  {
    name: 'CVssWriter: constructor, Initialize (GUID by value, strings, enums, bool at their Win64 places), Subscribe, Unsubscribe with the same this; one destructor on dispose and no callback left',
    covers: ['CVssWriter.Initialize', 'CVssWriter.Subscribe', 'CVssWriter.Unsubscribe'],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      const w = new Recorder(vss);
      await w.Initialize(WID, 'Ledger Writer ü', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB, VSS_APP_BACK_END, 12345, VSS_AWS_ALTERNATE_WRITER_EXISTS, true, 'instance 2');
      const [ctor] = fnLog(fake, 'CVssWriter::CVssWriter');
      assert.equal(fnLog(fake, 'CVssWriter::CVssWriter').length, 1);
      const self = ctor!.args.this;
      assert.deepEqual(fnLog(fake, 'CVssWriter::Initialize').map((c) => c.args), [
        {
          this: self,
          WriterId: WID,
          wszWriterName: 'Ledger Writer ü',
          ut: VSS_UT_USERDATA,
          st: VSS_ST_TRANSACTEDDB,
          nLevel: VSS_APP_BACK_END,
          dwTimeoutFreeze: 12345,
          aws: VSS_AWS_ALTERNATE_WRITER_EXISTS,
          bIOThrottlingOnly: 1,
          wszWriterInstanceName: 'instance 2',
        },
      ]);
      assert.equal(writerCallbacks(), SLOTS, 'one callback per vtable slot');
      await w.Subscribe(VSS_SM_BACKUP_EVENTS_FLAG);
      assert.deepEqual(fnLog(fake, 'CVssWriter::Subscribe').map((c) => c.args), [{ this: self, dwEventFlags: VSS_SM_BACKUP_EVENTS_FLAG }]);
      assert.equal(fake.writerCounters().subscribed, 1);
      // Initialize's defaults: front-end level, 60 s, no alternate writer, false, NULL instance name
      await w.Unsubscribe();
      assert.deepEqual(fnLog(fake, 'CVssWriter::Unsubscribe').map((c) => c.args), [{ this: self }]);
      await w.Initialize(WID, 'Second', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB);
      assert.deepEqual(fnLog(fake, 'CVssWriter::Initialize')[1]!.args, {
        this: self,
        WriterId: WID,
        wszWriterName: 'Second',
        ut: VSS_UT_USERDATA,
        st: VSS_ST_TRANSACTEDDB,
        nLevel: 3,
        dwTimeoutFreeze: 60000,
        aws: 1,
        bIOThrottlingOnly: 0,
        wszWriterInstanceName: null,
      });
      await w.Subscribe();
      await w[Symbol.asyncDispose]();
      await w[Symbol.asyncDispose]();
      assert.deepEqual(names(fake).filter((n) => n.startsWith('CVssWriter::')).slice(-2), ['CVssWriter::Unsubscribe', 'CVssWriter::~CVssWriter']);
      assert.deepEqual(fnLog(fake, 'CVssWriter::~CVssWriter').map((c) => c.args), [{ this: self }]);
      allFreed(fake, writerCallbacks);
      await rejectsHr(w.Initialize(WID, 'again', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB), VSS_E_BAD_STATE, /after dispose/);
    },
  },
  {
    name: 'every virtual reaches the JS subclass with its arguments, on the main thread, while VSS waits on its own thread; OnIdentify\'s metadata and the components reach VSS',
    covers: [
      'CVssWriter.OnIdentify', 'CVssWriter.OnPrepareBackup', 'CVssWriter.OnPrepareSnapshot', 'CVssWriter.OnFreeze', 'CVssWriter.OnThaw',
      'CVssWriter.OnPostSnapshot', 'CVssWriter.OnBackupComplete', 'CVssWriter.OnBackupShutdown', 'CVssWriter.GetCurrentSnapshotSetId',
      'CVssWriter.GetCurrentVolumeArray', 'CVssWriter.GetCurrentVolumeCount', 'CVssWriter.GetBackupType', 'CVssWriter.GetContext',
      'CVssWriter.GetCurrentLevel', 'CVssWriter.AreComponentsSelected', 'CVssWriter.IsBootableSystemStateBackedUp',
      'CVssWriter.IsPartialFileSupportEnabled', 'CVssWriter.IsPathAffected', 'CVssWriter.GetSnapshotDeviceName',
      'IVssCreateWriterMetadata.AddIncludeFiles', 'IVssCreateWriterMetadata.AddExcludeFiles', 'IVssCreateWriterMetadata.AddComponent',
      'IVssCreateWriterMetadata.AddFilesToFileGroup', 'IVssCreateWriterMetadata.AddDatabaseFiles', 'IVssCreateWriterMetadata.AddDatabaseLogFiles',
      'IVssCreateWriterMetadata.SetRestoreMethod', 'IVssCreateWriterMetadata.SetBackupSchema', 'IVssWriterComponents.GetComponentCount',
      'IVssWriterComponents.GetComponent', 'IVssComponent.GetLogicalPath', 'IVssComponent.GetComponentName', 'IVssComponent.GetComponentType',
      'IVssComponent.GetBackupSucceeded',
    ],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      const seen: Record<string, unknown> = {};
      class Full extends Recorder {
        override OnIdentify(md: IVssCreateWriterMetadata): boolean {
          this.note('OnIdentify');
          md.AddIncludeFiles('C:\\Ledger\\', '*.dat', true, 'D:\\Alt\\');
          md.AddExcludeFiles('C:\\Ledger\\tmp\\', '*', false);
          md.AddComponent(VSS_CT_FILEGROUP, 'Apps', 'ledger', 'The ledger', new Uint8Array([7, 8, 9]), true, true, false, true, 5);
          md.AddComponent(VSS_CT_DATABASE, null, 'db');
          md.AddFilesToFileGroup('Apps', 'ledger', 'C:\\Ledger\\', '*.idx', false, null, VSS_FSBT_FULL_BACKUP_REQUIRED);
          md.AddFilesToFileGroup('Apps', 'ledger', 'C:\\Ledger\\', '*.cfg', true);
          md.AddDatabaseFiles(null, 'db', 'C:\\Db\\', 'main.edb');
          md.AddDatabaseLogFiles(null, 'db', 'C:\\Db\\logs\\', '*.log', VSS_FSBT_FULL_BACKUP_REQUIRED);
          md.SetRestoreMethod(VSS_RME_RESTORE_TO_ALTERNATE_LOCATION, 'LedgerSvc', null, VSS_WRE_IF_REPLACE_FAILS, true);
          md.SetBackupSchema(VSS_BS_DIFFERENTIAL | VSS_BS_LOG);
          // SetWriterFailure is refused in OnIdentify, as the reference refuses it
          assert.throws(() => this.SetWriterFailure(VSS_E_WRITERERROR_RETRYABLE), (e: unknown) => (e as { code?: number }).code === VSS_E_BAD_STATE);
          return true;
        }
        override OnPrepareBackup(c: IVssWriterComponents): boolean {
          const comp = c.GetComponent(0);
          seen.prepare = { count: c.GetComponentCount(), lp: comp.GetLogicalPath(), name: comp.GetComponentName(), type: comp.GetComponentType(), ok: comp.GetBackupSucceeded() };
          assert.throws(() => c.GetComponent(1), (e: unknown) => (e as { code?: number }).code === VSS_E_OBJECT_NOT_FOUND);
          this.note('OnPrepareBackup');
          return true;
        }
        override OnFreeze(): boolean {
          seen.freeze = {
            volumes: this.GetCurrentVolumeArray(),
            count: this.GetCurrentVolumeCount(),
            setId: this.GetCurrentSnapshotSetId(),
            backupType: this.GetBackupType(),
            context: this.GetContext(),
            level: this.GetCurrentLevel(),
            selected: this.AreComponentsSelected(),
            bootable: this.IsBootableSystemStateBackedUp(),
            partial: this.IsPartialFileSupportEnabled(),
            onC: this.IsPathAffected('C:\\Ledger\\a.dat'),
            onD: this.IsPathAffected('D:\\x'),
          };
          return super.OnFreeze() as boolean;
        }
        OnBackOffIOOnVolume(volume: string, snapshotId: string, providerId: string): boolean {
          this.note('OnBackOffIOOnVolume', volume, snapshotId, providerId);
          return true;
        }
        override OnPostSnapshot(c: IVssWriterComponents): boolean {
          seen.device = this.GetSnapshotDeviceName('C:\\');
          assert.throws(() => this.GetSnapshotDeviceName('D:\\'), (e: unknown) => (e as { code?: number }).code === VSS_E_OBJECT_NOT_FOUND);
          this.note('OnPostSnapshot', c.GetComponentCount());
          return true;
        }
        override OnBackupComplete(c: IVssWriterComponents): boolean {
          this.note('OnBackupComplete', c.GetComponent(0).GetBackupSucceeded());
          return true;
        }
        override OnBackupShutdown(id: string): boolean {
          this.note('OnBackupShutdown', id);
          return true;
        }
      }
      const w = await initialized(new Full(vss));
      await backup(vss);
      assert.deepEqual(w.events, [
        { name: 'OnIdentify', args: [] },
        { name: 'OnPrepareBackup', args: [] },
        { name: 'OnPrepareSnapshot', args: [] },
        { name: 'OnFreeze', args: [] },
        { name: 'OnBackOffIOOnVolume', args: ['C:\\', SNAP_ID, VSS_SYSTEM_PROVIDER_ID] },
        { name: 'OnThaw', args: [] },
        { name: 'OnPostSnapshot', args: [1] },
        { name: 'OnBackupComplete', args: [true] },
        { name: 'OnBackupShutdown', args: [SET_ID] },
      ]);
      // OnContinueIOOnVolume is not implemented by the class: the SDK's default answers true
      assert.deepEqual(delivered(fake), [
        { name: 'OnIdentify', ret: 1 },
        { name: 'OnPrepareBackup', ret: 1 },
        { name: 'OnPrepareSnapshot', ret: 1 },
        { name: 'OnFreeze', ret: 1 },
        { name: 'OnBackOffIOOnVolume', ret: 1 },
        { name: 'OnThaw', ret: 1 },
        { name: 'OnContinueIOOnVolume', ret: 1 },
        { name: 'OnPostSnapshot', ret: 1 },
        { name: 'OnBackupComplete', ret: 1 },
        { name: 'OnBackupShutdown', ret: 1 },
      ]);
      assert.deepEqual(seen, {
        prepare: { count: 1, lp: 'Apps\\Ledger', name: 'ledger', type: VSS_CT_FILEGROUP, ok: true },
        freeze: {
          volumes: ['C:\\', 'E:\\Data\\'],
          count: 2,
          setId: SET_ID,
          backupType: VSS_BT_DIFFERENTIAL,
          context: VSS_CTX_APP_ROLLBACK,
          level: VSS_APP_BACK_END,
          selected: true,
          bootable: false,
          partial: true,
          onC: true,
          onD: false,
        },
        device: DEVICE,
      });
      const md = fake.log().filter((c) => c.fn.startsWith('IVssCreateWriterMetadata::')).map((c) => [c.fn.slice(26), c.args]);
      assert.deepEqual(md, [
        ['AddIncludeFiles', { wszPath: 'C:\\Ledger\\', wszFilespec: '*.dat', bRecursive: 1, wszAlternateLocation: 'D:\\Alt\\' }],
        ['AddExcludeFiles', { wszPath: 'C:\\Ledger\\tmp\\', wszFilespec: '*', bRecursive: 0 }],
        ['AddComponent', { ct: VSS_CT_FILEGROUP, wszLogicalPath: 'Apps', wszComponentName: 'ledger', wszCaption: 'The ledger', icon0: 7, cbIcon: 3, bRestoreMetadata: 1, bNotifyOnBackupComplete: 1, bSelectable: 0, bSelectableForRestore: 1, dwComponentFlags: 5 }],
        // the SDK's defaults: no caption or icon, selectable, nothing else
        ['AddComponent', { ct: VSS_CT_DATABASE, wszLogicalPath: null, wszComponentName: 'db', wszCaption: null, icon0: -1, cbIcon: 0, bRestoreMetadata: 0, bNotifyOnBackupComplete: 0, bSelectable: 1, bSelectableForRestore: 0, dwComponentFlags: 0 }],
        ['AddFilesToFileGroup', { wszLogicalPath: 'Apps', wszGroupName: 'ledger', wszPath: 'C:\\Ledger\\', wszFilespec: '*.idx', bRecursive: 0, wszAlternateLocation: null, dwBackupTypeMask: VSS_FSBT_FULL_BACKUP_REQUIRED }],
        // VSS_FSBT_ALL_BACKUP_REQUIRED | VSS_FSBT_ALL_SNAPSHOT_REQUIRED by default
        ['AddFilesToFileGroup', { wszLogicalPath: 'Apps', wszGroupName: 'ledger', wszPath: 'C:\\Ledger\\', wszFilespec: '*.cfg', bRecursive: 1, wszAlternateLocation: null, dwBackupTypeMask: 0xf0f }],
        ['AddDatabaseFiles', { wszLogicalPath: null, wszDatabaseName: 'db', wszPath: 'C:\\Db\\', wszFilespec: 'main.edb', dwBackupTypeMask: 0xf0f }],
        ['AddDatabaseLogFiles', { wszLogicalPath: null, wszDatabaseName: 'db', wszPath: 'C:\\Db\\logs\\', wszFilespec: '*.log', dwBackupTypeMask: VSS_FSBT_FULL_BACKUP_REQUIRED }],
        ['SetRestoreMethod', { method: VSS_RME_RESTORE_TO_ALTERNATE_LOCATION, wszService: 'LedgerSvc', wszUserProcedure: null, writerRestore: VSS_WRE_IF_REPLACE_FAILS, bRebootRequired: 1 }],
        ['SetBackupSchema', { dwSchemaMask: VSS_BS_DIFFERENTIAL | VSS_BS_LOG }],
      ]);
      // VSS's thread waited: the events arrived on the operations' threads, the handlers' calls came from the main thread
      const main = fake.threadId();
      assert.ok(fake.log().filter((c) => c.fn.startsWith('CVssWriter event::')).every((c) => c.thread !== main));
      assert.ok(fake.log().filter((c) => c.fn.startsWith('IVssCreateWriterMetadata::') || c.fn.startsWith('IVssComponent::')).every((c) => c.thread === main));
      await w[Symbol.asyncDispose]();
      allFreed(fake, writerCallbacks);
      await noLiveObjects(fake); // every IVssComponent released with its event
    },
  },
  {
    name: 'what a JS OnIdentify declares is what the requester reads back: GetWriterMetadata gives the writer\'s identity and its component',
    covers: [],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      class Declaring extends Recorder {
        override async OnIdentify(md: IVssCreateWriterMetadata): Promise<boolean> {
          await new Promise((r) => setTimeout(r, 5)); // an async OnIdentify: the metadata stays valid until it answers
          md.AddComponent(VSS_CT_DATABASE, 'Apps\\Ledger', 'ledger-db \u00e9', 'Ledger database');
          return true;
        }
      }
      const w = new Declaring(vss);
      await w.Initialize(WID, 'Ledger Writer \u00fc', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB);
      await w.Subscribe();
      const bc = await vss.CreateVssBackupComponents();
      await bc.InitializeForBackup();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const { ppMetadata: md } = await bc.GetWriterMetadata(0);
      const identity = await md.GetIdentity();
      assert.deepEqual([identity.pidWriter, identity.pbstrWriterName], [WID, 'Ledger Writer \u00fc']);
      const info = await (await md.GetComponent(0)).GetComponentInfo();
      assert.deepEqual([info.type, info.bstrLogicalPath, info.bstrComponentName, info.bstrCaption], [VSS_CT_DATABASE, 'Apps\\Ledger', 'ledger-db \u00e9', 'Ledger database']);
      await bc.Release();
      await w[Symbol.asyncDispose]();
      allFreed(fake, writerCallbacks);
      await noLiveObjects(fake);
    },
  },
  {
    name: 'the restore and service virtuals (slots the facade does not declare): a method of that name receives them with their arguments; without one, the SDK\'s default true',
    covers: [],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      class Restoring extends Recorder {
        OnPreRestore(c: IVssWriterComponents): boolean {
          this.note('OnPreRestore', c.GetComponent(0).GetComponentName());
          return false;
        }
        OnVSSShutdown(): boolean {
          this.note('OnVSSShutdown');
          return true;
        }
      }
      const w = await initialized(new Restoring(vss));
      for (const op of ['PreRestore', 'PostRestore', 'VSSShutdown', 'VSSApplicationStartup']) await fake.fireWriterEvents(op);
      await w[Symbol.asyncDispose]();
      assert.deepEqual(w.events, [
        { name: 'OnPreRestore', args: ['ledger'] },
        { name: 'OnVSSShutdown', args: [] },
      ]);
      assert.deepEqual(delivered(fake), [
        { name: 'OnPreRestore', ret: 0 },
        { name: 'OnPostRestore', ret: 1 },
        { name: 'OnVSSShutdown', ret: 1 },
        { name: 'OnVSSApplicationStartup', ret: 1 },
      ]);
      allFreed(fake, writerCallbacks);
      await noLiveObjects(fake);
    },
  },
  {
    name: 'an async OnFreeze: VSS\'s thread waits for the awaited timer while the main event loop keeps running',
    covers: [],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      let ticks = 0;
      let ticksInFreeze = -1;
      class Slow extends Recorder {
        override async OnFreeze(): Promise<boolean> {
          const t0 = ticks;
          await new Promise((r) => setTimeout(r, 300));
          ticksInFreeze = ticks - t0;
          return true;
        }
      }
      const timer = setInterval(() => ticks++, 20);
      try {
        const w = await initialized(new Slow(vss));
        await backup(vss);
        await w[Symbol.asyncDispose]();
      } finally {
        clearInterval(timer);
      }
      const freeze = fnLog(fake, 'CVssWriter event::OnFreeze');
      assert.equal(freeze.length, 1);
      assert.equal(freeze[0]!.ret, 1);
      assert.ok((freeze[0]!.args.ms as number) >= 280, `VSS waited ${String(freeze[0]!.args.ms)} ms for OnFreeze`);
      assert.ok(ticksInFreeze >= 5, `the main loop ticked ${ticksInFreeze} times during the freeze`);
      assert.deepEqual(delivered(fake).map((e) => e.name).slice(3, 5), ['OnFreeze', 'OnBackOffIOOnVolume']);
      allFreed(fake, writerCallbacks);
    },
  },
  {
    name: 'a handler that returns false, throws or rejects: VSS receives false; SetWriterFailure reaches VSS; a failed Freeze is followed by OnAbort',
    covers: ['CVssWriter.SetWriterFailure', 'CVssWriter.OnAbort'],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      const warnings: string[] = [];
      const onWarning = (w: Error): void => void warnings.push(`${w.name}: ${w.message}`);
      process.on('warning', onWarning);
      class Failing extends Recorder {
        override OnPrepareBackup(): boolean {
          throw new Error('prepare exploded');
        }
        override OnFreeze(): boolean {
          this.SetWriterFailure(VSS_E_WRITERERROR_RETRYABLE);
          return false;
        }
        override async OnBackupComplete(): Promise<boolean> {
          throw new Error('not reached: the freeze failed');
        }
      }
      class Rejecting extends Recorder {
        override async OnIdentify(): Promise<boolean> {
          await new Promise((r) => setTimeout(r, 5));
          throw new Error('identify rejected');
        }
      }
      try {
        const w = await initialized(new Failing(vss));
        const bc = await vss.CreateVssBackupComponents();
        await awaitVssAsync(await bc.PrepareForBackup());
        await awaitVssAsync(await bc.DoSnapshotSet());
        await bc.Release();
        await w[Symbol.asyncDispose]();
        assert.deepEqual(delivered(fake), [
          { name: 'OnPrepareBackup', ret: 0 },
          { name: 'OnPrepareSnapshot', ret: 1 },
          { name: 'OnFreeze', ret: 0 },
          { name: 'OnAbort', ret: 1 },
          { name: 'OnBackupShutdown', ret: 1 },
        ]);
        assert.deepEqual(fnLog(fake, 'CVssWriter::SetWriterFailure').map((c) => c.args), [{ hr: VSS_E_WRITERERROR_RETRYABLE }]);
        // SetWriterFailure outside a handler: the facade's VSS_E_BAD_STATE, VSS is not called
        assert.throws(() => w.SetWriterFailure(VSS_E_WRITERERROR_RETRYABLE), (e: unknown) => (e as { code?: number }).code === VSS_E_BAD_STATE);
        assert.equal(fnLog(fake, 'CVssWriter::SetWriterFailure').length, 1);

        fake.reset();
        const r = await initialized(new Rejecting(vss));
        await backup(vss, { abortAfterPrepare: true });
        await r[Symbol.asyncDispose]();
        assert.deepEqual(delivered(fake), [
          { name: 'OnIdentify', ret: 0 },
          { name: 'OnPrepareBackup', ret: 1 },
          { name: 'OnAbort', ret: 1 },
          { name: 'OnBackupShutdown', ret: 1 },
        ]);
        assert.deepEqual(r.events.map((e) => e.name), ['OnAbort']);
        // a throw is not swallowed silently: a process warning names the handler
        await new Promise((res) => setImmediate(res));
        assert.deepEqual(warnings, [
          'VssWriterHandlerError: CVssWriter::OnPrepareBackup threw (prepare exploded); VSS was answered false',
          'VssWriterHandlerError: CVssWriter::OnIdentify threw (identify rejected); VSS was answered false',
        ]);
        allFreed(fake, writerCallbacks);
      } finally {
        process.off('warning', onWarning);
      }
    },
  },
  {
    name: 'Initialize and Subscribe failures reject with the typed HRESULT; the facade\'s own order checks come first',
    covers: [],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      const w = new Recorder(vss);
      fake.ret('CVssWriter::Initialize', E_ACCESSDENIED);
      await rejectsHr(w.Initialize(WID, 'Ledger Writer', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB), E_ACCESSDENIED, /CVssWriter::Initialize.*elevated/);
      // not initialized: the facade refuses Subscribe before VSS sees it
      await rejectsHr(w.Subscribe(), VSS_E_UNEXPECTED, /not initialized/);
      assert.equal(fnLog(fake, 'CVssWriter::Subscribe').length, 0);
      await w.Initialize(WID, 'Ledger Writer', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB);
      fake.ret('CVssWriter::Subscribe', VSS_E_WRITER_ALREADY_SUBSCRIBED);
      await rejectsHr(w.Subscribe(), VSS_E_WRITER_ALREADY_SUBSCRIBED, /CVssWriter::Subscribe/);
      assert.equal(fake.writerCounters().subscribed, 0);
      await w.Subscribe();
      await rejectsHr(w.Subscribe(), VSS_E_WRITER_ALREADY_SUBSCRIBED, /CVssWriter::Subscribe/);
      assert.equal(fnLog(fake, 'CVssWriter::Subscribe').length, 2);
      // a wrong JS type never reaches VSS
      await assert.rejects(w.Initialize(42 as never, 'x', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB), TypeError);
      // a metadata call VSS fails throws its HRESULT inside the handler
      fake.ret('IVssCreateWriterMetadata::AddComponent', VSS_E_OBJECT_ALREADY_EXISTS);
      let thrown: number | undefined;
      const dup = w as Recorder & { OnIdentify(md: IVssCreateWriterMetadata): boolean };
      dup.OnIdentify = (md) => {
        try {
          md.AddComponent(VSS_CT_FILEGROUP, null, 'dup');
        } catch (e) {
          thrown = (e as { code?: number }).code;
        }
        return true;
      };
      const bc = await vss.CreateVssBackupComponents();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      await bc.Release();
      assert.equal(thrown, VSS_E_OBJECT_ALREADY_EXISTS);
      await w[Symbol.asyncDispose]();
      allFreed(fake, writerCallbacks);
    },
  },
  {
    name: 'deleting the C++ object through its vtable (slot 0, the scalar deleting destructor) runs the base destructor once; dispose then does not run it again',
    covers: [],
    async run({ vss, fake, writerCallbacks }: CaseContext) {
      const w = await initialized(new Recorder(vss));
      const self = BigInt(`0x${String(fnLog(fake, 'CVssWriter::CVssWriter')[0]!.args.this)}`);
      await w.Unsubscribe();
      await fake.deleteWriter(self);
      assert.deepEqual(fake.writerCounters(), { ctors: 1, dtors: 1, subscribed: 0, deletes: 1 });
      await w[Symbol.asyncDispose]();
      assert.equal(fake.writerCounters().dtors, 1);
      allFreed(fake, writerCallbacks);
    },
  },
  {
    name: 'a DLL without the CVssWriter exports: Initialize rejects naming the member and its decorated name, and nothing stays registered',
    covers: [],
    async run({ writerCallbacks }: CaseContext) {
      const w = new Recorder(new NativeVssClass({ dll: 'kernel32.dll' } as VssLibrary));
      await assert.rejects(w.Initialize(WID, 'W', VSS_UT_USERDATA, VSS_ST_TRANSACTEDDB), /kernel32\.dll does not export CVssWriter::\S+ \(\?/);
      assert.equal(writerCallbacks(), 0);
      await w[Symbol.asyncDispose]();
    },
  },
];
