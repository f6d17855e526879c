// Strings and structs between the facade and vssapi.dll's memory: BSTRs (allocated and freed with
// oleaut32), NUL-terminated UTF-16 arguments, VSS_ID out-parameters, VSS_SNAPSHOT_PROP.
import koffi from 'koffi';
import type { VSS_SNAPSHOT_PROP } from '../api/structs.js';
import { addr, readPtr } from './com.js';
import { guidString } from './guid.js';
import type { VssLibrary } from './library.js';

/** A NUL-terminated UTF-16 copy of s for an LPCWSTR / VSS_PWSZ argument (null stays NULL). */
export function wz(s: string | null): Buffer | null {
  return s === null ? null : Buffer.from(s + '\0', 'utf16le');
}

/** An 8-byte out-parameter (a pointer, an interface, a BSTR). */
export const outPtr = (): Buffer => Buffer.alloc(8);
/** A 4-byte out-parameter (UINT, LONG, HRESULT, an enum). */
export const out32 = (): Buffer => Buffer.alloc(4);
/** A 16-byte VSS_ID out-parameter. */
export const outGuid = (): Buffer => Buffer.alloc(16);

/** The NUL-terminated UTF-16 string at p (null for NULL). */
export function readWz(p: unknown): string | null {
  const a = addr(p);
  if (a === 0n) return null;
  return koffi.decode(a, 'char16_t', -1) as string;
}

/** Reads the BSTR an out-parameter received and frees it (SysFreeString); null for a NULL BSTR. */
export function takeBstr(lib: VssLibrary, out: Buffer): string | null {
  const p = readPtr(out);
  if (p === 0n) return null;
  try {
    const n = lib.SysStringLen(p) as number;
    return n === 0 ? '' : (koffi.decode(p, 'char16_t', n) as string);
  } finally {
    lib.SysFreeString(p);
  }
}

/** A BSTR copy of s for a BSTR argument, and its free; NULL for null. */
export function allocBstr(lib: VssLibrary, s: string | null): { p: bigint; free(): void } {
  if (s === null) return { p: 0n, free: () => undefined };
  const p = addr(lib.SysAllocString(s));
  if (p === 0n) throw new Error('SysAllocString returned NULL (out of memory)');
  return { p, free: () => lib.SysFreeString(p) };
}

interface RawSnapshotProp {
  m_lSnapshotsCount: number;
  m_pwszSnapshotDeviceObject: unknown;
  m_pwszOriginalVolumeName: unknown;
  m_pwszOriginatingMachine: unknown;
  m_pwszServiceMachine: unknown;
  m_pwszExposedName: unknown;
  m_pwszExposedPath: unknown;
  m_lSnapshotAttributes: number;
  m_tsCreationTimestamp: number | bigint;
  m_eStatus: number;
}

/** Decodes the VSS_SNAPSHOT_PROP laid out at `offset` of `b` (GUIDs read from the bytes). */
export function decodeSnapshotProp(b: Buffer, offset = 0): VSS_SNAPSHOT_PROP {
  const r = koffi.decode(b, offset, 'VSS_SNAPSHOT_PROP') as RawSnapshotProp;
  const provOff = koffi.offsetof('VSS_SNAPSHOT_PROP', 'm_ProviderId');
  return {
    m_SnapshotId: guidString(b, offset),
    m_SnapshotSetId: guidString(b, offset + 16),
    m_lSnapshotsCount: r.m_lSnapshotsCount,
    m_pwszSnapshotDeviceObject: readWz(r.m_pwszSnapshotDeviceObject) ?? '',
    m_pwszOriginalVolumeName: readWz(r.m_pwszOriginalVolumeName) ?? '',
    m_pwszOriginatingMachine: readWz(r.m_pwszOriginatingMachine) ?? '',
    m_pwszServiceMachine: readWz(r.m_pwszServiceMachine) ?? '',
    m_pwszExposedName: readWz(r.m_pwszExposedName),
    m_pwszExposedPath: readWz(r.m_pwszExposedPath),
    m_ProviderId: guidString(b, offset + provOff),
    m_lSnapshotAttributes: r.m_lSnapshotAttributes,
    m_tsCreationTimestamp: BigInt(r.m_tsCreationTimestamp),
    m_eStatus: r.m_eStatus as VSS_SNAPSHOT_PROP['m_eStatus'],
  };
}
