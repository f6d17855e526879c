// The C types of vss.h / vsbackup.h / vswriter.h as koffi types, declared once per process (koffi
// keeps one registry). Every pointer parameter is `void *`: the binding passes Buffers for
// out-parameters and strings, and 64-bit addresses for interfaces and BSTRs.
import koffi from 'koffi';

let declared = false;

/** Declares the structs the binding lays out (idempotent). */
export function declareVssTypes(): void {
  if (declared) return;
  koffi.struct('VSS_GUID', { Data1: 'uint32_t', Data2: 'uint16_t', Data3: 'uint16_t', Data4: koffi.array('uint8_t', 8) });
  // vss.h _VSS_SNAPSHOT_PROP
  koffi.struct('VSS_SNAPSHOT_PROP', {
    m_SnapshotId: 'VSS_GUID',
    m_SnapshotSetId: 'VSS_GUID',
    m_lSnapshotsCount: 'int32_t',
    m_pwszSnapshotDeviceObject: 'void *',
    m_pwszOriginalVolumeName: 'void *',
    m_pwszOriginatingMachine: 'void *',
    m_pwszServiceMachine: 'void *',
    m_pwszExposedName: 'void *',
    m_pwszExposedPath: 'void *',
    m_ProviderId: 'VSS_GUID',
    m_lSnapshotAttributes: 'int32_t',
    m_tsCreationTimestamp: 'int64_t',
    m_eStatus: 'int32_t',
  });
  // vss.h _VSS_PROVIDER_PROP
  koffi.struct('VSS_PROVIDER_PROP', {
    m_ProviderId: 'VSS_GUID',
    m_pwszProviderName: 'void *',
    m_eProviderType: 'int32_t',
    m_pwszProviderVersion: 'void *',
    m_ProviderVersionId: 'VSS_GUID',
    m_ClassId: 'VSS_GUID',
  });
  koffi.union('VSS_OBJECT_UNION', { Snap: 'VSS_SNAPSHOT_PROP', Prov: 'VSS_PROVIDER_PROP' });
  koffi.struct('VSS_OBJECT_PROP', { Type: 'int32_t', Obj: 'VSS_OBJECT_UNION' });
  // vsbackup.h _VSS_COMPONENTINFO (boolean is MIDL's unsigned char)
  koffi.struct('VSS_COMPONENTINFO', {
    type: 'int32_t',
    bstrLogicalPath: 'void *',
    bstrComponentName: 'void *',
    bstrCaption: 'void *',
    pbIcon: 'void *',
    cbIcon: 'uint32_t',
    bRestoreMetadata: 'uint8_t',
    bNotifyOnBackupComplete: 'uint8_t',
    bSelectable: 'uint8_t',
    bSelectableForRestore: 'uint8_t',
    dwComponentFlags: 'uint32_t',
    cFileCount: 'uint32_t',
    cDatabases: 'uint32_t',
    cLogFiles: 'uint32_t',
    cDependencies: 'uint32_t',
  });
  declared = true;
}

const INT32 = new Set(['HRESULT', 'LONG', 'INT', 'WINBOOL', 'BOOL']);
const UINT32 = new Set(['ULONG', 'DWORD', 'UINT']);

/** The koffi type of a C parameter type of the generated vtables (an unknown one is an error, not a guess). */
export function koffiType(c: string): string {
  if (c.endsWith('*')) return 'void *';
  if (c === 'VSS_ID') return 'VSS_GUID';
  // PVSSCOMPONENTINFO: vsbackup.h's pointer typedef (const VSS_COMPONENTINFO *)
  if (c === 'BSTR' || c === 'LPCWSTR' || c === 'VSS_PWSZ' || c === 'REFIID' || c === 'PVSSCOMPONENTINFO') return 'void *';
  if (c === 'boolean') return 'uint8_t';
  if (INT32.has(c) || /^VSS_[A-Z_]+$/.test(c)) return 'int32_t';
  if (UINT32.has(c)) return 'uint32_t';
  throw new Error(`@winbackup/vsbackup/native: no koffi type for the C type ${c}`);
}
