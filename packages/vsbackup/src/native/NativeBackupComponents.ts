// IVssBackupComponents over the COM object CreateVssBackupComponentsInternal returns: the
// reference's argument checks (src/validate), then one vtable call. Out-parameters are Buffers
// read after the call; every BSTR out-parameter is freed, every VSS_SNAPSHOT_PROP goes back through
// VssFreeSnapshotProperties, and every interface obtained is released with this object.
import koffi from 'koffi';
import { hresultError, S_FALSE, VSS_E_BAD_STATE } from '@winbackup/errors';
import type { VSS_BACKUP_TYPE, VSS_OBJECT_TYPE } from '../api/enums.js';
import { GUID_NULL, toVssId, type VSS_ID } from '../api/ids.js';
import type { IVssAsync } from '../api/IVssAsync.js';
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import type {
  VSS_OBJECT_PROP,
  VSS_PROVIDER_PROP,
  VSS_SNAPSHOT_PROP,
  VssDeleteSnapshotsResult,
  VssWriterMetadataResult,
  VssWriterStatusResult,
} from '../api/structs.js';
import type { VSS_COMPONENT_TYPE } from '../api/writer-enums.js';
import { componentKey, requireBool, requireBstrXml, requireInt, requireString } from '../validate/args.js';
import type { ComPtr } from './com.js';
import { guidString, guidStruct } from './guid.js';
import { allocBstr, decodeSnapshotProp, out32, outGuid, outPtr, readWz, takeBstr, wz } from './marshal.js';
import { NativeVssAsync } from './NativeVssAsync.js';
import { vssCallError } from './preflight.js';
import { ComOwner, NativeExamineWriterMetadata } from './NativeWriterMetadata.js';

/** MIDL `boolean` and WINBOOL as the object receives them. */
const B = (b: boolean): number => (b ? 1 : 0);

const VSS_OBJECT_SNAPSHOT = 3;
const VSS_OBJECT_PROVIDER = 4;

export class NativeBackupComponents implements IVssBackupComponents {
  readonly #owner: ComOwner;

  constructor(
    private readonly com: ComPtr,
    owner: ComOwner,
  ) {
    this.#owner = owner;
  }

  /** The object, or VSS_E_BAD_STATE after Release (as the reference). */
  #live(method: string): ComPtr {
    if (this.com.released) throw hresultError(VSS_E_BAD_STATE, { context: `${method}: object released` });
    return this.com;
  }

  #async(method: string): IVssAsync {
    const out = outPtr();
    this.#live(method).check(method, out);
    return new NativeVssAsync(this.#owner.adopt('IVssAsync', out));
  }

  #count(method: string): number {
    const out = out32();
    this.#live(method).check(method, out);
    return out.readUInt32LE(0);
  }

  async InitializeForBackup(bstrXML: string | null = null): Promise<void> {
    const xml = allocBstr(this.#owner.lib, requireBstrXml(bstrXML));
    try {
      this.#live('InitializeForBackup').check('InitializeForBackup', xml.p);
    } finally {
      xml.free();
    }
  }

  async SetContext(lContext: number): Promise<void> {
    // LONG: VSS_CTX_ALL (0xffffffff) arrives as -1
    const ctx = requireInt(lContext, 'lContext') | 0;
    this.#live('SetContext').check('SetContext', ctx);
  }

  async SetBackupState(
    bSelectComponents: boolean,
    bBackupBootableSystemState: boolean,
    backupType: VSS_BACKUP_TYPE,
    bPartialFileSupport = false,
  ): Promise<void> {
    const select = requireBool(bSelectComponents, 'bSelectComponents');
    const bootable = requireBool(bBackupBootableSystemState, 'bBackupBootableSystemState');
    const type = requireInt(backupType, 'backupType');
    const partial = requireBool(bPartialFileSupport, 'bPartialFileSupport');
    this.#live('SetBackupState').check('SetBackupState', B(select), B(bootable), type, B(partial));
  }

  async GatherWriterMetadata(): Promise<IVssAsync> {
    return this.#async('GatherWriterMetadata');
  }

  async GetWriterMetadataCount(): Promise<number> {
    return this.#count('GetWriterMetadataCount');
  }

  async GetWriterMetadata(iWriter: number): Promise<VssWriterMetadataResult> {
    const i = requireInt(iWriter, 'iWriter');
    const inst = outGuid();
    const md = outPtr();
    this.#live('GetWriterMetadata').check('GetWriterMetadata', i >>> 0, inst, md);
    return { pidInstance: guidString(inst), ppMetadata: new NativeExamineWriterMetadata(this.#owner.adopt('IVssExamineWriterMetadata', md), this.#owner) };
  }

  async FreeWriterMetadata(): Promise<void> {
    this.#live('FreeWriterMetadata').check('FreeWriterMetadata');
  }

  async AddComponent(instanceId: VSS_ID, writerId: VSS_ID, ct: VSS_COMPONENT_TYPE, wszLogicalPath: string | null, wszComponentName: string): Promise<void> {
    const k = componentKey(instanceId, writerId, ct, wszLogicalPath, wszComponentName);
    this.#live('AddComponent').check('AddComponent', guidStruct(k.inst, 'instanceId'), guidStruct(k.wid, 'writerId'), k.type, wz(k.lp), wz(k.name));
  }

  async StartSnapshotSet(): Promise<VSS_ID> {
    const out = outGuid();
    this.#live('StartSnapshotSet').check('StartSnapshotSet', out);
    return guidString(out);
  }

  async AddToSnapshotSet(pwszVolumeName: string, ProviderId: VSS_ID = GUID_NULL): Promise<VSS_ID> {
    const name = requireString(pwszVolumeName, 'pwszVolumeName');
    const provider = toVssId(ProviderId, 'ProviderId');
    const out = outGuid();
    this.#live('AddToSnapshotSet').check('AddToSnapshotSet', wz(name), guidStruct(provider, 'ProviderId'), out);
    return guidString(out);
  }

  async IsVolumeSupported(ProviderId: VSS_ID, pwszVolumeName: string): Promise<boolean> {
    const provider = toVssId(ProviderId, 'ProviderId');
    const name = requireString(pwszVolumeName, 'pwszVolumeName');
    const out = out32();
    this.#live('IsVolumeSupported').check('IsVolumeSupported', guidStruct(provider, 'ProviderId'), wz(name), out);
    return out.readInt32LE(0) !== 0;
  }

  async PrepareForBackup(): Promise<IVssAsync> {
    return this.#async('PrepareForBackup');
  }

  async GatherWriterStatus(): Promise<IVssAsync> {
    return this.#async('GatherWriterStatus');
  }

  async GetWriterStatusCount(): Promise<number> {
    return this.#count('GetWriterStatusCount');
  }

  async GetWriterStatus(iWriter: number): Promise<VssWriterStatusResult> {
    const i = requireInt(iWriter, 'iWriter');
    const [inst, wid, name, state, failure] = [outGuid(), outGuid(), outPtr(), out32(), out32()];
    this.#live('GetWriterStatus').check('GetWriterStatus', i >>> 0, inst, wid, name, state, failure);
    return {
      pidInstance: guidString(inst),
      pidWriter: guidString(wid),
      pbstrWriter: takeBstr(this.#owner.lib, name) ?? '',
      pnStatus: state.readInt32LE(0) as VssWriterStatusResult['pnStatus'],
      phResultFailure: failure.readInt32LE(0),
    };
  }

  async FreeWriterStatus(): Promise<void> {
    this.#live('FreeWriterStatus').check('FreeWriterStatus');
  }

  async DoSnapshotSet(): Promise<IVssAsync> {
    return this.#async('DoSnapshotSet');
  }

  async GetSnapshotProperties(SnapshotId: VSS_ID): Promise<VSS_SNAPSHOT_PROP> {
    const id = toVssId(SnapshotId, 'SnapshotId');
    const prop = Buffer.alloc(koffi.sizeof('VSS_SNAPSHOT_PROP'));
    this.#live('GetSnapshotProperties').check('GetSnapshotProperties', guidStruct(id, 'SnapshotId'), prop);
    try {
      return decodeSnapshotProp(prop);
    } finally {
      this.#owner.lib.VssFreeSnapshotPropertiesInternal(prop);
    }
  }

  async SetBackupSucceeded(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
    bSucceded: boolean,
  ): Promise<void> {
    const k = componentKey(instanceId, writerId, ct, wszLogicalPath, wszComponentName);
    const ok = requireBool(bSucceded, 'bSucceded');
    this.#live('SetBackupSucceeded').check('SetBackupSucceeded', guidStruct(k.inst, 'instanceId'), guidStruct(k.wid, 'writerId'), k.type, wz(k.lp), wz(k.name), B(ok));
  }

  async BackupComplete(): Promise<IVssAsync> {
    return this.#async('BackupComplete');
  }

  async DeleteSnapshots(SourceObjectId: VSS_ID, eSourceObjectType: VSS_OBJECT_TYPE, bForceDelete: boolean): Promise<VssDeleteSnapshotsResult> {
    const id = toVssId(SourceObjectId, 'SourceObjectId');
    const type = requireInt(eSourceObjectType, 'eSourceObjectType');
    const force = requireBool(bForceDelete, 'bForceDelete');
    const deleted = out32();
    const nondeleted = outGuid();
    const hr = this.#live('DeleteSnapshots').call('DeleteSnapshots', guidStruct(id, 'SourceObjectId'), type, B(force), deleted, nondeleted);
    const out: VssDeleteSnapshotsResult = { plDeletedSnapshots: deleted.readInt32LE(0), pNondeletedSnapshotID: guidString(nondeleted) };
    // as the reference: the error carries what Windows filled in
    if (hr < 0) throw Object.assign(hresultError(hr, { context: 'IVssBackupComponents::DeleteSnapshots' }), out);
    return out;
  }

  async Query(QueriedObjectId: VSS_ID, eQueriedObjectType: VSS_OBJECT_TYPE, eReturnedObjectsType: VSS_OBJECT_TYPE): Promise<VSS_OBJECT_PROP[]> {
    const id = toVssId(QueriedObjectId, 'QueriedObjectId');
    const qt = requireInt(eQueriedObjectType, 'eQueriedObjectType');
    const rt = requireInt(eReturnedObjectsType, 'eReturnedObjectsType');
    const out = outPtr();
    this.#live('Query').check('Query', guidStruct(id, 'QueriedObjectId'), qt, rt, out);
    const e = this.#owner.adopt('IVssEnumObject', out);
    const result: VSS_OBJECT_PROP[] = [];
    try {
      const size = koffi.sizeof('VSS_OBJECT_PROP');
      const objOff = koffi.offsetof('VSS_OBJECT_PROP', 'Obj');
      for (;;) {
        const el = Buffer.alloc(size);
        const fetched = out32();
        const hr = e.check('Next', 1, el, fetched);
        if (fetched.readUInt32LE(0) === 0) break;
        result.push(this.#objectProp(el, objOff));
        if (hr === S_FALSE) break;
      }
    } finally {
      e.release();
    }
    return result;
  }

  /** Decodes one VSS_OBJECT_PROP and frees what it points to (vss/IVssEnumObject-Next.md: the caller frees it). */
  #objectProp(el: Buffer, objOff: number): VSS_OBJECT_PROP {
    const type = el.readInt32LE(0);
    if (type === VSS_OBJECT_SNAPSHOT) {
      const snap = el.subarray(objOff);
      try {
        return { Type: VSS_OBJECT_SNAPSHOT, Obj: { Snap: decodeSnapshotProp(snap) } };
      } finally {
        this.#owner.lib.VssFreeSnapshotPropertiesInternal(snap);
      }
    }
    if (type === VSS_OBJECT_PROVIDER) {
      const r = koffi.decode(el, objOff, 'VSS_PROVIDER_PROP') as { m_pwszProviderName: unknown; m_eProviderType: number; m_pwszProviderVersion: unknown };
      const o = (f: string): number => objOff + koffi.offsetof('VSS_PROVIDER_PROP', f);
      try {
        const Prov: VSS_PROVIDER_PROP = {
          m_ProviderId: guidString(el, o('m_ProviderId')),
          m_pwszProviderName: readWz(r.m_pwszProviderName) ?? '',
          m_eProviderType: r.m_eProviderType as VSS_PROVIDER_PROP['m_eProviderType'],
          m_pwszProviderVersion: readWz(r.m_pwszProviderVersion) ?? '',
          m_ProviderVersionId: guidString(el, o('m_ProviderVersionId')),
          m_ClassId: guidString(el, o('m_ClassId')),
        };
        return { Type: VSS_OBJECT_PROVIDER, Obj: { Prov } };
      } finally {
        // the provider's strings are CoTaskMemAlloc'd (vss/VSS_PROVIDER_PROP.md)
        this.#owner.lib.CoTaskMemFree(r.m_pwszProviderName);
        this.#owner.lib.CoTaskMemFree(r.m_pwszProviderVersion);
      }
    }
    throw new Error(`IVssEnumObject::Next returned an object of type ${type}`);
  }

  async AbortBackup(): Promise<void> {
    // on koffi's pool: VSS sends OnAbort to the writers, and a writer of this process answers on
    // the main thread, which must not be blocked in this call meanwhile
    const hr = await this.#live('AbortBackup').callAsync('AbortBackup');
    if (hr < 0) throw vssCallError(hr, 'IVssBackupComponents::AbortBackup');
  }

  async SaveAsXML(): Promise<string> {
    const out = outPtr();
    this.#live('SaveAsXML').check('SaveAsXML', out);
    return takeBstr(this.#owner.lib, out) ?? '';
  }

  async Release(): Promise<void> {
    if (this.com.released) return;
    // the interfaces this object handed out first, then the object itself (BackupShutdown)
    this.#owner.releaseAll();
    await this.com.releaseAsync();
  }
}
