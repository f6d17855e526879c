// The Wine tier's cases: each drives the native requester against the fake vssapi.dll inside
// `wine node.exe` and checks, with node:assert, what arrived at the COM objects (the fake's log:
// GUIDs as strings, strings decoded from UTF-16, booleans as the byte received, the thread of each
// call), what the binding returned or threw, and the fake's reference counters afterwards.
// wine.test.ts runs them all in one Wine launch and reports each one.
import assert from 'node:assert/strict';
import {
  E_ACCESSDENIED,
  HResultError,
  isHResultError,
  S_FALSE,
  VSS_E_BAD_STATE,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_S_ASYNC_CANCELLED,
  VSS_S_ASYNC_FINISHED,
  VSS_S_ASYNC_PENDING,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  CVssWriter,
  takeSnapshotSet,
  isSnapshotSetError,
  VSS_BT_FULL,
  VSS_BT_INCREMENTAL,
  VSS_CT_FILEGROUP,
  VSS_CTX_ALL,
  VSS_CTX_BACKUP,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
  VSS_OBJECT_SNAPSHOT_SET,
  VSS_PROV_SYSTEM,
  VSS_RME_RESTORE_IF_CAN_REPLACE,
  VSS_SS_CREATED,
  VSS_ST_NONTRANSACTEDDB,
  VSS_SYSTEM_PROVIDER_ID,
  VSS_UT_USERDATA,
  VSS_WRE_ALWAYS,
  VSS_WS_FAILED_AT_FREEZE,
  GUID_NULL,
  type IVssAsync,
  type IVssBackupComponents,
  type IVssExamineWriterMetadata,
  type IVssWMComponent,
  type IVssWMFiledesc,
  type IVssCreateWriterMetadata,
  type IVssWriterComponents,
  type IVssComponent,
} from '../../../src/index.js';
import type { NativeVss } from '../../../src/native/index.js';
import type { Fake, LoggedCall } from './fakeControl.js';
import { WRITER_CASES } from './writer-cases.js';

export interface CaseContext {
  readonly vss: NativeVss;
  readonly fake: Fake;
  /** The same binding, whose SysFreeString calls are noted in bstrFrees. */
  readonly counted: NativeVss;
  readonly bstrFrees: { list(): bigint[] };
  /** The native writers' vtable callbacks registered now (NativeWriterHost). */
  readonly writerCallbacks: () => number;
}

type Method =
  | `IVssBackupComponents.${keyof IVssBackupComponents}`
  | `IVssAsync.${keyof IVssAsync}`
  | `IVssExamineWriterMetadata.${keyof IVssExamineWriterMetadata}`
  | `IVssWMComponent.${keyof IVssWMComponent}`
  | `IVssWMFiledesc.${keyof IVssWMFiledesc}`
  | `CVssWriter.${Extract<keyof CVssWriter, string>}`
  | `IVssCreateWriterMetadata.${keyof IVssCreateWriterMetadata}`
  | `IVssWriterComponents.${keyof IVssWriterComponents}`
  | `IVssComponent.${keyof IVssComponent}`;

export interface WineCase {
  readonly name: string;
  /** The facade methods whose marshalling the case checks. */
  readonly covers: readonly Method[];
  run(ctx: CaseContext): Promise<void>;
}

const BC_METHODS = [
  'InitializeForBackup', 'SetContext', 'SetBackupState', 'GatherWriterMetadata', 'GetWriterMetadataCount', 'GetWriterMetadata',
  'FreeWriterMetadata', 'AddComponent', 'StartSnapshotSet', 'AddToSnapshotSet', 'IsVolumeSupported', 'PrepareForBackup',
  'GatherWriterStatus', 'GetWriterStatusCount', 'GetWriterStatus', 'FreeWriterStatus', 'DoSnapshotSet', 'GetSnapshotProperties',
  'SetBackupSucceeded', 'BackupComplete', 'DeleteSnapshots', 'Query', 'AbortBackup', 'SaveAsXML', 'Release',
] as const satisfies readonly (keyof IVssBackupComponents)[];
const MD_METHODS = [
  'GetIdentity', 'GetFileCounts', 'GetIncludeFile', 'GetExcludeFile', 'GetComponent', 'GetRestoreMethod', 'GetBackupSchema', 'SaveAsXML',
] as const satisfies readonly (keyof IVssExamineWriterMetadata)[];
const CO_METHODS = ['GetComponentInfo', 'GetFile', 'GetDatabaseFile', 'GetDatabaseLogFile'] as const satisfies readonly (keyof IVssWMComponent)[];
const FD_METHODS = ['GetPath', 'GetFilespec', 'GetRecursive', 'GetAlternateLocation', 'GetBackupTypeMask'] as const satisfies readonly (keyof IVssWMFiledesc)[];
const AS_METHODS = ['Wait', 'QueryStatus', 'Cancel'] as const satisfies readonly (keyof IVssAsync)[];
const WR_METHODS = [
  'Initialize', 'Subscribe', 'Unsubscribe', 'SetWriterFailure', 'GetCurrentSnapshotSetId', 'GetCurrentVolumeArray', 'GetCurrentVolumeCount',
  'GetBackupType', 'GetContext', 'GetCurrentLevel', 'AreComponentsSelected', 'IsBootableSystemStateBackedUp', 'IsPartialFileSupportEnabled',
  'IsPathAffected', 'GetSnapshotDeviceName', 'OnIdentify', 'OnPrepareBackup', 'OnPrepareSnapshot', 'OnFreeze', 'OnThaw', 'OnPostSnapshot',
  'OnAbort', 'OnBackupComplete', 'OnBackupShutdown',
] as const satisfies readonly (keyof CVssWriter)[];
const CM_METHODS = [
  'AddIncludeFiles', 'AddExcludeFiles', 'AddComponent', 'AddFilesToFileGroup', 'AddDatabaseFiles', 'AddDatabaseLogFiles', 'SetRestoreMethod', 'SetBackupSchema',
] as const satisfies readonly (keyof IVssCreateWriterMetadata)[];
const WC_METHODS = ['GetComponentCount', 'GetComponent'] as const satisfies readonly (keyof IVssWriterComponents)[];
const WCO_METHODS = ['GetLogicalPath', 'GetComponentName', 'GetComponentType', 'GetBackupSucceeded'] as const satisfies readonly (keyof IVssComponent)[];
// every method of each facade interface is listed (a compile error otherwise)
type Complete<T, L extends readonly unknown[]> = Exclude<keyof T, L[number]> extends never ? true : never;
const complete: [
  Complete<IVssBackupComponents, typeof BC_METHODS>,
  Complete<IVssExamineWriterMetadata, typeof MD_METHODS>,
  Complete<IVssWMComponent, typeof CO_METHODS>,
  Complete<IVssWMFiledesc, typeof FD_METHODS>,
  Complete<IVssAsync, typeof AS_METHODS>,
  Complete<Pick<CVssWriter, Extract<keyof CVssWriter, string>>, typeof WR_METHODS>,
  Complete<IVssCreateWriterMetadata, typeof CM_METHODS>,
  Complete<IVssWriterComponents, typeof WC_METHODS>,
  Complete<IVssComponent, typeof WCO_METHODS>,
] = [true, true, true, true, true, true, true, true, true];
void complete;

/** Every facade method the native requester implements, for wine.test.ts's coverage check. */
export const FACADE_METHODS: readonly Method[] = [
  ...BC_METHODS.map((m) => `IVssBackupComponents.${m}` as const),
  ...MD_METHODS.map((m) => `IVssExamineWriterMetadata.${m}` as const),
  ...CO_METHODS.map((m) => `IVssWMComponent.${m}` as const),
  ...FD_METHODS.map((m) => `IVssWMFiledesc.${m}` as const),
  ...AS_METHODS.map((m) => `IVssAsync.${m}` as const),
  ...WR_METHODS.map((m) => `CVssWriter.${m}` as const),
  ...CM_METHODS.map((m) => `IVssCreateWriterMetadata.${m}` as const),
  ...WC_METHODS.map((m) => `IVssWriterComponents.${m}` as const),
  ...WCO_METHODS.map((m) => `IVssComponent.${m}` as const),
];

// the fake's fixed values (fake.c)
export const SET_ID = '12345678-9abc-def0-0123-456789abcdef';
export const SNAP_ID = 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90';
const WRITER_ID = 'fedcba98-7654-3210-f0e1-d2c3b4a59687';
const INSTANCE_ID = '0badf00d-cafe-beef-1020-304050607080';
export const DEVICE = '\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy7';

export const calls = (fake: Fake, prefix = ''): Omit<LoggedCall, 'thread'>[] =>
  fake.log().filter((c) => c.fn.startsWith(prefix)).map(({ fn, args, ret }) => ({ fn, args, ret }));
export const names = (fake: Fake): string[] => fake.log().map((c) => c.fn);
export const fnLog = (fake: Fake, fn: string): LoggedCall[] => fake.log().filter((c) => c.fn === fn);

export async function rejectsHr(p: Promise<unknown>, hr: number, context: RegExp): Promise<HResultError> {
  let err: HResultError | undefined;
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof HResultError, `an HResultError, got ${String(e)}`);
    assert.ok(isHResultError(e, hr), `code ${e.code}, wanted ${hr}`);
    assert.match(e.message, context);
    err = e;
    return true;
  });
  return err!;
}

/** No object of the fake keeps a reference (the operations' own threads drop theirs as they end). */
export async function noLiveObjects(fake: Fake): Promise<void> {
  for (let i = 0; i < 100 && fake.counters().live !== 0; i++) await new Promise((r) => setTimeout(r, 10));
  const c = fake.counters();
  assert.equal(c.live, 0, `objects left alive: ${JSON.stringify(c)}`);
  // every reference taken was given back: one creation reference plus the AddRefs, all released
  assert.equal(c.releases, c.addrefs + created(fake), `AddRef/Release balance: ${JSON.stringify(c)}`);
}
/** Objects the fake created in this case (each starts with one reference). */
function created(fake: Fake): number {
  const log = fake.log();
  const ok = (c: LoggedCall): boolean => c.ret >= 0 && c.ret !== S_FALSE;
  const makers = /^(CreateVssBackupComponentsInternal|IVssBackupComponents::(GatherWriterMetadata|PrepareForBackup|GatherWriterStatus|DoSnapshotSet|BackupComplete|GetWriterMetadata|Query)|IVssExamineWriterMetadata::(GetIncludeFile|GetExcludeFile|GetComponent)|IVssWMComponent::(GetFile|GetDatabaseFile|GetDatabaseLogFile)|IVssWriterComponents::GetComponent)$/;
  return log.filter((c) => makers.test(c.fn) && ok(c) && !('index' in c.args && (c.args.index as number) >= 1) && !('iWriter' in c.args && (c.args.iWriter as number) >= 1) && !('iComponent' in c.args && (c.args.iComponent as number) >= 1)).length;
}

export const CASES: readonly WineCase[] = [
  {
    name: 'the backup sequence: arguments, GUIDs by value, strings, out-parameters, and no reference left after Release',
    covers: [
      'IVssBackupComponents.InitializeForBackup', 'IVssBackupComponents.SetContext', 'IVssBackupComponents.SetBackupState',
      'IVssBackupComponents.GatherWriterMetadata', 'IVssBackupComponents.GetWriterMetadataCount', 'IVssBackupComponents.FreeWriterMetadata',
      'IVssBackupComponents.AddComponent', 'IVssBackupComponents.StartSnapshotSet', 'IVssBackupComponents.AddToSnapshotSet',
      'IVssBackupComponents.IsVolumeSupported', 'IVssBackupComponents.PrepareForBackup', 'IVssBackupComponents.DoSnapshotSet',
      'IVssBackupComponents.GetSnapshotProperties', 'IVssBackupComponents.SetBackupSucceeded', 'IVssBackupComponents.BackupComplete',
      'IVssBackupComponents.GatherWriterStatus', 'IVssBackupComponents.GetWriterStatusCount', 'IVssBackupComponents.GetWriterStatus',
      'IVssBackupComponents.FreeWriterStatus', 'IVssBackupComponents.SaveAsXML', 'IVssBackupComponents.Release',
      'IVssAsync.Wait', 'IVssAsync.QueryStatus',
    ],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      await bc.InitializeForBackup();
      await bc.SetContext(VSS_CTX_ALL);
      await bc.SetBackupState(true, false, VSS_BT_INCREMENTAL, true);
      await awaitVssAsync(await bc.GatherWriterMetadata());
      assert.equal(await bc.GetWriterMetadataCount(), 1);
      await bc.FreeWriterMetadata();
      await bc.AddComponent(`{${INSTANCE_ID.toUpperCase()}}`, WRITER_ID, VSS_CT_FILEGROUP, null, 'Comp\u00f8nent "x"');
      assert.equal(await bc.StartSnapshotSet(), SET_ID);
      assert.equal(await bc.AddToSnapshotSet('C:\\'), SNAP_ID);
      assert.equal(await bc.IsVolumeSupported(VSS_SYSTEM_PROVIDER_ID, 'D:\\'), true);
      await awaitVssAsync(await bc.PrepareForBackup());
      await awaitVssAsync(await bc.DoSnapshotSet());
      const prop = await bc.GetSnapshotProperties(SNAP_ID);
      assert.deepEqual(prop, {
        m_SnapshotId: SNAP_ID,
        m_SnapshotSetId: SET_ID,
        m_lSnapshotsCount: 1,
        m_pwszSnapshotDeviceObject: DEVICE,
        m_pwszOriginalVolumeName: '\\\\?\\Volume{0badf00d-0000-0000-0000-000000000001}\\',
        m_pwszOriginatingMachine: 'fakehost',
        m_pwszServiceMachine: 'fakehost',
        m_pwszExposedName: null,
        m_pwszExposedPath: null,
        m_ProviderId: VSS_SYSTEM_PROVIDER_ID,
        m_lSnapshotAttributes: 0x80020009 | 0,
        m_tsCreationTimestamp: 0x01dc5a1b2c3d4e5fn,
        m_eStatus: VSS_SS_CREATED,
      });
      assert.equal(fake.counters().propsFreed, 1);
      await bc.SetBackupSucceeded(INSTANCE_ID, WRITER_ID, VSS_CT_FILEGROUP, 'Logical\\Path', 'Comp', true);
      await awaitVssAsync(await bc.BackupComplete());
      await awaitVssAsync(await bc.GatherWriterStatus());
      assert.equal(await bc.GetWriterStatusCount(), 1);
      assert.deepEqual(await bc.GetWriterStatus(0), {
        pidInstance: INSTANCE_ID,
        pidWriter: WRITER_ID,
        pbstrWriter: 'Fake Writer \u00fc',
        pnStatus: VSS_WS_FAILED_AT_FREEZE,
        phResultFailure: VSS_E_WRITERERROR_RETRYABLE,
      });
      await rejectsHr(bc.GetWriterStatus(1), VSS_E_OBJECT_NOT_FOUND, /GetWriterStatus/);
      await bc.FreeWriterStatus();
      assert.equal(await bc.SaveAsXML(), '<BACKUP_COMPONENTS xmlns="x-schema:#VssComponentMetadata"/>');
      await bc.Release();
      await bc.Release(); // a second Release is nothing
      await rejectsHr(bc.SetContext(0), VSS_E_BAD_STATE, /SetContext: object released/);

      const bcCalls = calls(fake, 'IVssBackupComponents::');
      const args = (fn: string): Record<string, unknown>[] => bcCalls.filter((c) => c.fn === `IVssBackupComponents::${fn}`).map((c) => c.args);
      assert.deepEqual(args('InitializeForBackup'), [{ bstrXML: null, len: -1 }]);
      assert.deepEqual(args('SetContext'), [{ lContext: -1 }]);
      assert.deepEqual(args('SetBackupState'), [{ bSelectComponents: 1, bBackupBootableSystemState: 0, backupType: VSS_BT_INCREMENTAL, bPartialFileSupport: 1 }]);
      assert.deepEqual(args('AddComponent'), [{ instanceId: INSTANCE_ID, writerId: WRITER_ID, ct: VSS_CT_FILEGROUP, wszLogicalPath: null, wszComponentName: 'Comp\u00f8nent "x"' }]);
      assert.deepEqual(args('AddToSnapshotSet'), [{ pwszVolumeName: 'C:\\', ProviderId: GUID_NULL }]);
      assert.deepEqual(args('IsVolumeSupported'), [{ ProviderId: VSS_SYSTEM_PROVIDER_ID, pwszVolumeName: 'D:\\' }]);
      assert.deepEqual(args('GetSnapshotProperties'), [{ SnapshotId: SNAP_ID }]);
      assert.deepEqual(args('SetBackupSucceeded'), [{ instanceId: INSTANCE_ID, writerId: WRITER_ID, ct: VSS_CT_FILEGROUP, wszLogicalPath: 'Logical\\Path', wszComponentName: 'Comp', bSucceded: 1 }]);
      assert.deepEqual(args('GetWriterStatus'), [{ iWriter: 0 }, { iWriter: 1 }]);
      assert.deepEqual(args('Release'), [{}]);
      // each operation: one Wait (INFINITE), then QueryStatus saying VSS_S_ASYNC_FINISHED
      const waits = calls(fake, 'IVssAsync::');
      assert.deepEqual(
        waits.map((c) => [c.fn, c.args.op]),
        ['GatherWriterMetadata', 'PrepareForBackup', 'DoSnapshotSet', 'BackupComplete', 'GatherWriterStatus'].flatMap((op) => [['IVssAsync::Wait', op], ['IVssAsync::QueryStatus', op]]),
      );
      assert.ok(waits.filter((c) => c.fn === 'IVssAsync::Wait').every((c) => c.args.dwMilliseconds === 0xffffffff));
      assert.ok(waits.filter((c) => c.fn === 'IVssAsync::QueryStatus').every((c) => c.args.status === VSS_S_ASYNC_FINISHED));
      await noLiveObjects(fake);
    },
  },
  {
    name: 'InitializeForBackup passes a document as a BSTR (length prefix, UTF-16)',
    covers: ['IVssBackupComponents.InitializeForBackup'],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      await bc.InitializeForBackup('<x a="\u00e9"/>');
      assert.deepEqual(fnLog(fake, 'IVssBackupComponents::InitializeForBackup')[0]!.args, { bstrXML: '<x a="\u00e9"/>', len: 10 });
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'writer metadata: identity, counts, components, file descriptors, restore method (S_FALSE is null), every BSTR and interface given back',
    covers: [
      'IVssBackupComponents.GetWriterMetadata', 'IVssExamineWriterMetadata.GetIdentity', 'IVssExamineWriterMetadata.GetFileCounts',
      'IVssExamineWriterMetadata.GetIncludeFile', 'IVssExamineWriterMetadata.GetExcludeFile', 'IVssExamineWriterMetadata.GetComponent',
      'IVssExamineWriterMetadata.GetRestoreMethod', 'IVssExamineWriterMetadata.GetBackupSchema', 'IVssExamineWriterMetadata.SaveAsXML',
      'IVssWMComponent.GetComponentInfo', 'IVssWMComponent.GetFile', 'IVssWMComponent.GetDatabaseFile', 'IVssWMComponent.GetDatabaseLogFile',
      'IVssWMFiledesc.GetPath', 'IVssWMFiledesc.GetFilespec', 'IVssWMFiledesc.GetRecursive', 'IVssWMFiledesc.GetAlternateLocation',
      'IVssWMFiledesc.GetBackupTypeMask',
    ],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      await bc.InitializeForBackup();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const { pidInstance, ppMetadata: md } = await bc.GetWriterMetadata(0);
      assert.equal(pidInstance, INSTANCE_ID);
      await rejectsHr(bc.GetWriterMetadata(1), VSS_E_OBJECT_NOT_FOUND, /GetWriterMetadata/);
      assert.deepEqual(await md.GetIdentity(), { pidInstance: INSTANCE_ID, pidWriter: WRITER_ID, pbstrWriterName: 'Fake Writer \u00fc', pUsage: VSS_UT_USERDATA, pSource: VSS_ST_NONTRANSACTEDDB });
      assert.deepEqual(await md.GetFileCounts(), { pcIncludeFiles: 1, pcExcludeFiles: 1, pcComponents: 1 });
      for (const f of [await md.GetIncludeFile(0), await md.GetExcludeFile(0)]) {
        assert.equal(await f.GetPath(), 'C:\\Data\\Fake \u00e9crit');
        assert.equal(await f.GetFilespec(), '*.edb');
        assert.equal(await f.GetRecursive(), true);
        assert.equal(await f.GetAlternateLocation(), null);
        assert.equal(await f.GetBackupTypeMask(), 0x80000123);
      }
      await rejectsHr(md.GetIncludeFile(1), VSS_E_OBJECT_NOT_FOUND, /GetIncludeFile/);
      const c = await md.GetComponent(0);
      assert.deepEqual(await c.GetComponentInfo(), {
        type: VSS_CT_FILEGROUP,
        bstrLogicalPath: 'Logical\\Path',
        bstrComponentName: 'Comp\u00f8nent',
        bstrCaption: null,
        pbIcon: Uint8Array.from([1, 2, 255]),
        cbIcon: 3,
        bRestoreMetadata: false,
        bNotifyOnBackupComplete: true,
        bSelectable: true,
        bSelectableForRestore: false,
        dwComponentFlags: 4,
        cFileCount: 1,
        cDatabases: 2,
        cLogFiles: 3,
        cDependencies: 4,
      });
      assert.equal(fake.counters().infosFreed, 1);
      for (const f of [await c.GetFile(0), await c.GetDatabaseFile(0), await c.GetDatabaseLogFile(0)]) assert.equal(await f.GetFilespec(), '*.edb');
      assert.deepEqual(
        calls(fake, 'IVssWMComponent::Get').filter((x) => x.fn !== 'IVssWMComponent::GetComponentInfo').map((x) => [x.fn, x.args]),
        [['IVssWMComponent::GetFile', { index: 0 }], ['IVssWMComponent::GetDatabaseFile', { index: 0 }], ['IVssWMComponent::GetDatabaseLogFile', { index: 0 }]],
      );
      await rejectsHr(md.GetComponent(1), VSS_E_OBJECT_NOT_FOUND, /GetComponent/);
      assert.deepEqual(await md.GetRestoreMethod(), {
        pMethod: VSS_RME_RESTORE_IF_CAN_REPLACE,
        pbstrService: 'FakeSvc',
        pbstrUserProcedure: null,
        pwriterRestore: VSS_WRE_ALWAYS,
        pbRebootRequired: true,
        pcMappings: 7,
      });
      fake.ret('IVssExamineWriterMetadata::GetRestoreMethod', S_FALSE);
      assert.equal(await md.GetRestoreMethod(), null);
      assert.equal(await md.GetBackupSchema(), 0x12);
      assert.equal(await md.SaveAsXML(), '<WRITER_METADATA name="fake"/>');
      await bc.Release();
      await noLiveObjects(fake);
      // what the requester handed out went with it
      await rejectsHr(md.GetIdentity(), VSS_E_BAD_STATE, /IVssExamineWriterMetadata::GetIdentity: released with its IVssBackupComponents/);
      await rejectsHr(c.GetComponentInfo(), VSS_E_BAD_STATE, /released with its IVssBackupComponents/);
    },
  },
  {
    name: 'DeleteSnapshots: out-parameters on success, and on failure carried by the error; Query decodes snapshots and providers and frees them',
    covers: ['IVssBackupComponents.DeleteSnapshots', 'IVssBackupComponents.Query'],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      assert.deepEqual(await bc.DeleteSnapshots(SET_ID, VSS_OBJECT_SNAPSHOT_SET, true), { plDeletedSnapshots: 2, pNondeletedSnapshotID: GUID_NULL });
      fake.ret('IVssBackupComponents::DeleteSnapshots', VSS_E_OBJECT_NOT_FOUND);
      const e = await rejectsHr(bc.DeleteSnapshots(SNAP_ID, VSS_OBJECT_SNAPSHOT, false), VSS_E_OBJECT_NOT_FOUND, /DeleteSnapshots/);
      assert.equal((e as unknown as { plDeletedSnapshots: number }).plDeletedSnapshots, 1);
      assert.equal((e as unknown as { pNondeletedSnapshotID: string }).pNondeletedSnapshotID, SNAP_ID);
      assert.deepEqual(fnLog(fake, 'IVssBackupComponents::DeleteSnapshots').map((c) => c.args), [
        { SourceObjectId: SET_ID, eSourceObjectType: VSS_OBJECT_SNAPSHOT_SET, bForceDelete: 1 },
        { SourceObjectId: SNAP_ID, eSourceObjectType: VSS_OBJECT_SNAPSHOT, bForceDelete: 0 },
      ]);
      const objects = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
      assert.deepEqual(fnLog(fake, 'IVssBackupComponents::Query')[0]!.args, { QueriedObjectId: GUID_NULL, eQueriedObjectType: VSS_OBJECT_NONE, eReturnedObjectsType: VSS_OBJECT_SNAPSHOT });
      assert.equal(objects.length, 2);
      assert.equal(objects[0]!.Type, VSS_OBJECT_SNAPSHOT);
      assert.equal(objects[0]!.Type === VSS_OBJECT_SNAPSHOT && objects[0]!.Obj.Snap.m_pwszSnapshotDeviceObject, DEVICE);
      assert.deepEqual(objects[1], {
        Type: 4,
        Obj: {
          Prov: {
            m_ProviderId: VSS_SYSTEM_PROVIDER_ID,
            m_pwszProviderName: 'Microsoft Software Shadow Copy provider 1.0',
            m_eProviderType: VSS_PROV_SYSTEM,
            m_pwszProviderVersion: '1.0.0.7',
            m_ProviderVersionId: SET_ID,
            m_ClassId: WRITER_ID,
          },
        },
      });
      assert.equal(fake.counters().propsFreed, 1);
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'a failed HRESULT rejects with hresultError naming the method; CreateVssBackupComponents E_ACCESSDENIED (not elevated) too',
    covers: [],
    async run({ vss, fake }) {
      fake.ret('CreateVssBackupComponentsInternal', E_ACCESSDENIED);
      await rejectsHr(vss.CreateVssBackupComponents(), E_ACCESSDENIED, /CreateVssBackupComponents: access denied; VSS needs an elevated process/);
      fake.ret('IVssBackupComponents::InitializeForBackup', E_ACCESSDENIED);
      const denied = await vss.CreateVssBackupComponents();
      await rejectsHr(denied.InitializeForBackup(), E_ACCESSDENIED, /InitializeForBackup: access denied; VSS needs an elevated process/);
      await denied.Release();
      const bc = await vss.CreateVssBackupComponents();
      fake.ret('IVssBackupComponents::SetContext', VSS_E_BAD_STATE);
      await rejectsHr(bc.SetContext(VSS_CTX_BACKUP), VSS_E_BAD_STATE, /IVssBackupComponents::SetContext/);
      fake.ret('IVssBackupComponents::DoSnapshotSet', VSS_E_BAD_STATE);
      await rejectsHr(bc.DoSnapshotSet(), VSS_E_BAD_STATE, /DoSnapshotSet/);
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'wrong JavaScript types are TypeErrors before any call reaches the object',
    covers: [],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      const before = fake.log().length;
      const bad = bc as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      await assert.rejects(bad.InitializeForBackup!(42), TypeError);
      await assert.rejects(bad.SetContext!('0'), TypeError);
      await assert.rejects(bad.SetBackupState!(1, false, VSS_BT_FULL), TypeError);
      await assert.rejects(bad.AddComponent!('not-a-guid', WRITER_ID, VSS_CT_FILEGROUP, null, 'c'), TypeError);
      await assert.rejects(bad.AddComponent!(INSTANCE_ID, WRITER_ID, VSS_CT_FILEGROUP, null, 7), TypeError);
      await assert.rejects(bad.AddToSnapshotSet!(null), TypeError);
      await assert.rejects(bad.GetSnapshotProperties!(12), TypeError);
      await assert.rejects(bad.GetWriterMetadata!(0.5), TypeError);
      await assert.rejects(bad.DeleteSnapshots!(SET_ID, VSS_OBJECT_SNAPSHOT_SET, 'yes'), TypeError);
      assert.equal(fake.log().length, before);
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'AbortBackup after a failed PrepareForBackup and after a failed DoSnapshotSet',
    covers: ['IVssBackupComponents.AbortBackup'],
    async run({ vss, fake }) {
      for (const op of ['PrepareForBackup', 'DoSnapshotSet'] as const) {
        const bc = await vss.CreateVssBackupComponents();
        await bc.InitializeForBackup();
        await bc.StartSnapshotSet();
        await bc.AddToSnapshotSet('C:\\');
        fake.asyncResult(op, VSS_E_UNEXPECTED_WRITER_ERROR);
        if (op === 'DoSnapshotSet') await awaitVssAsync(await bc.PrepareForBackup());
        await rejectsHr(awaitVssAsync(await bc[op]()), VSS_E_UNEXPECTED_WRITER_ERROR, /IVssAsync/);
        await bc.AbortBackup();
        await bc.Release();
        const seq = names(fake).filter((n) => n.startsWith('IVssBackupComponents::'));
        // AbortBackup runs on a pool thread (VSS sends OnAbort to writers, which may be answered on
        // the main thread) holding a reference of its own: the first Release is that reference's
        assert.deepEqual(seq.slice(-4), [`IVssBackupComponents::${op}`, 'IVssBackupComponents::AbortBackup', 'IVssBackupComponents::Release', 'IVssBackupComponents::Release']);
        assert.ok(fnLog(fake, 'IVssBackupComponents::AbortBackup').every((c) => c.thread !== fake.threadId()), 'AbortBackup ran on a pool thread');
        await noLiveObjects(fake);
      }
    },
  },
  {
    name: 'Wait runs on a pool thread: the event loop keeps running while VSS works',
    covers: ['IVssAsync.Wait'],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      fake.asyncDelay(400);
      const a = await bc.GatherWriterMetadata();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      const t0 = Date.now();
      assert.equal(await a.Wait(), 0);
      clearInterval(timer);
      assert.ok(Date.now() - t0 >= 300, 'Wait returned when the operation completed');
      assert.ok(ticks >= 5, `the event loop ran ${ticks} timer ticks during Wait`);
      assert.deepEqual(await a.QueryStatus(), { pHrResult: VSS_S_ASYNC_FINISHED, pReserved: 0 });
      const wait = fnLog(fake, 'IVssAsync::Wait')[0]!;
      assert.notEqual(wait.thread, fake.threadId(), 'Wait ran on a pool thread');
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'every BSTR out-parameter is freed once (SysFreeString), NULL ones not at all',
    covers: [],
    async run({ counted, fake, bstrFrees }) {
      const bc = await counted.CreateVssBackupComponents();
      await bc.InitializeForBackup('<doc/>'); // an in-BSTR the binding allocated: freed too
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const { ppMetadata: md } = await bc.GetWriterMetadata(0);
      await md.GetIdentity();
      await md.GetRestoreMethod(); // one BSTR and one NULL
      await md.SaveAsXML();
      const f = await md.GetIncludeFile(0);
      await f.GetPath();
      await f.GetFilespec();
      await f.GetAlternateLocation(); // NULL
      await awaitVssAsync(await bc.GatherWriterStatus());
      await bc.GetWriterStatus(0);
      await bc.SaveAsXML();
      await bc.Release();
      const handedOut = fake.bstrs();
      assert.equal(handedOut.length, 7); // GetIdentity, GetRestoreMethod, SaveAsXML, GetPath, GetFilespec, GetWriterStatus, SaveAsXML
      const freed = bstrFrees.list();
      assert.equal(freed.length, handedOut.length + 1); // + the InitializeForBackup document
      // the document is freed first; then exactly the BSTRs handed out (as a multiset: the allocator reuses addresses)
      const sorted = (l: bigint[]): bigint[] => [...l].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      assert.deepEqual(sorted(freed.slice(1)), sorted(handedOut));
      assert.ok(freed.every((x) => x !== 0n), 'no SysFreeString(NULL)');
      await noLiveObjects(fake);
    },
  },
  {
    name: 'Release while a Wait runs: the Wait keeps its own reference and ends; the last Release runs on a pool thread; nothing leaks',
    covers: ['IVssBackupComponents.Release', 'IVssAsync.Wait'],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      fake.asyncDelay(300);
      const a = await bc.GatherWriterMetadata();
      const waiting = a.Wait();
      await new Promise((r) => setTimeout(r, 50));
      await bc.Release();
      assert.equal(await waiting, 0);
      await rejectsHr(a.QueryStatus(), VSS_E_BAD_STATE, /IVssAsync::QueryStatus: released with its IVssBackupComponents/);
      const release = fnLog(fake, 'IVssBackupComponents::Release')[0]!;
      assert.notEqual(release.thread, fake.threadId(), 'the last Release ran on a pool thread');
      await noLiveObjects(fake);
    },
  },
  {
    name: 'Cancel and QueryStatus: an AbortSignal cancels the pending operation; Cancel after completion says VSS_S_ASYNC_FINISHED',
    covers: ['IVssAsync.Cancel', 'IVssAsync.QueryStatus'],
    async run({ vss, fake }) {
      const bc = await vss.CreateVssBackupComponents();
      fake.asyncDelay(5000);
      const a = await bc.DoSnapshotSet();
      assert.deepEqual(await a.QueryStatus(), { pHrResult: VSS_S_ASYNC_PENDING, pReserved: 0 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(new Error('user stop')), 50);
      const t0 = Date.now();
      await rejectsHr(awaitVssAsync(a, { signal: ac.signal }), VSS_S_ASYNC_CANCELLED, /IVssAsync/);
      assert.ok(Date.now() - t0 < 3000, 'the cancelled Wait returned at once');
      assert.deepEqual(fnLog(fake, 'IVssAsync::Cancel').map((c) => c.args), [{ op: 'DoSnapshotSet', returned: 0 }]);
      assert.equal(await a.Cancel(), VSS_S_ASYNC_CANCELLED);
      fake.asyncDelay(0);
      const b = await bc.BackupComplete();
      await awaitVssAsync(b);
      assert.equal(await b.Cancel(), VSS_S_ASYNC_FINISHED);
      fake.asyncResult('GatherWriterStatus', VSS_E_UNEXPECTED_WRITER_ERROR);
      const c = await bc.GatherWriterStatus();
      await c.Wait();
      await rejectsHr(c.Cancel(), VSS_E_UNEXPECTED_WRITER_ERROR, /IVssAsync::Cancel/);
      await bc.Release();
      await noLiveObjects(fake);
    },
  },
  {
    name: 'takeSnapshotSet drives the native requester: the documented sequence, the device path, BackupComplete and Release',
    covers: [],
    async run({ vss, fake }) {
      const set = await takeSnapshotSet(vss, { volumes: ['C:\\'] });
      assert.equal(set.snapshotSetId, SET_ID);
      assert.deepEqual(set.snapshots.map((s) => [s.volume, s.snapshotId, s.deviceObject, s.path]), [['C:\\', SNAP_ID, DEVICE, `${DEVICE}\\`]]);
      await set.complete();
      const seq = names(fake).filter((n) => n.startsWith('IVssBackupComponents::') || n === 'CreateVssBackupComponentsInternal');
      assert.deepEqual(seq.slice(0, 8), [
        'CreateVssBackupComponentsInternal',
        'IVssBackupComponents::InitializeForBackup',
        'IVssBackupComponents::SetContext',
        'IVssBackupComponents::SetBackupState',
        'IVssBackupComponents::GatherWriterMetadata',
        'IVssBackupComponents::StartSnapshotSet',
        'IVssBackupComponents::AddToSnapshotSet',
        'IVssBackupComponents::PrepareForBackup',
      ]);
      assert.ok(seq.includes('IVssBackupComponents::DoSnapshotSet') && seq.includes('IVssBackupComponents::BackupComplete'));
      assert.equal(seq.at(-1), 'IVssBackupComponents::Release');
      await noLiveObjects(fake);

      fake.reset();
      fake.asyncResult('DoSnapshotSet', VSS_E_UNEXPECTED_WRITER_ERROR);
      await assert.rejects(takeSnapshotSet(vss, { volumes: ['C:\\'] }), (e: unknown) => isSnapshotSetError(e) && e.step === 'DoSnapshotSet' && e.hresult === VSS_E_UNEXPECTED_WRITER_ERROR);
      assert.ok(names(fake).includes('IVssBackupComponents::AbortBackup'));
      assert.equal(names(fake).filter((n) => n.startsWith('IVssBackupComponents::')).at(-1), 'IVssBackupComponents::Release');
      await noLiveObjects(fake);
    },
  },
  ...WRITER_CASES,
];
