// Argument checks shared by the reference VSS and the native binding: a wrong JS type is a
// TypeError before any state change or COM call (ARCHITECTURE.md); a right type with a bad value is
// the Windows code, checked by the callers.
import { toVssId, type VSS_ID } from '../api/ids.js';
import { VSS_FSBT_ALL_BACKUP_REQUIRED, VSS_FSBT_ALL_SNAPSHOT_REQUIRED } from '../api/writer-enums.js';

/** The default dwBackupTypeMask of AddFilesToFileGroup, AddDatabaseFiles and AddDatabaseLogFiles (vswriter.h). */
export const DEFAULT_BACKUP_TYPE_MASK = VSS_FSBT_ALL_BACKUP_REQUIRED | VSS_FSBT_ALL_SNAPSHOT_REQUIRED;

export function requireInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${name} must be an integer`);
  return v;
}

export function requireBool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return v;
}

export function requireString(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string`);
  return v;
}

/** A string parameter that may be null (or absent): an LPCWSTR that may be NULL. */
export function optionalString(v: unknown, name: string): string | null {
  return v === null || v === undefined ? null : requireString(v, name);
}

/** InitializeForBackup's document: a string, null or absent. */
export function requireBstrXml(v: unknown): string | null {
  if (v !== null && v !== undefined && typeof v !== 'string') throw new TypeError('bstrXML must be a string or null');
  return v ?? null;
}

/** IVssAsync::Wait's timeout: a DWORD. */
export function requireDword(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new TypeError(`${name} must be a DWORD`);
  return v;
}

/** An index into a writer's metadata list (GetIncludeFile, GetComponent, ...): any integer. */
export function requireIndex(v: unknown, what: string): number {
  if (!Number.isInteger(v)) throw new TypeError(`${what} index must be an integer`);
  return v as number;
}

/** The five parameters that name a component in the Backup Components Document, type-checked in order. */
export interface ComponentKey {
  readonly inst: VSS_ID;
  readonly wid: VSS_ID;
  readonly type: number;
  readonly lp: string | null;
  readonly name: string;
}

export function componentKey(instanceId: unknown, writerId: unknown, ct: unknown, wszLogicalPath: unknown, wszComponentName: unknown): ComponentKey {
  return {
    inst: toVssId(instanceId, 'instanceId'),
    wid: toVssId(writerId, 'writerId'),
    type: requireInt(ct, 'ct'),
    lp: optionalString(wszLogicalPath, 'wszLogicalPath'),
    name: requireString(wszComponentName, 'wszComponentName'),
  };
}

/** An optional boolean parameter with the C++ default `dflt` when absent. */
export function optionalBool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean`);
  return v;
}

/** An optional DWORD-like parameter (a non-negative integer) with the C++ default `dflt` when absent. */
export function optionalUint(v: unknown, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || (v as number) < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return v as number;
}

/** An optional byte buffer (AddComponent's icon): a Uint8Array, null or absent. */
export function optionalBytes(v: unknown, name: string): Uint8Array | null {
  if (v === undefined || v === null) return null;
  if (!(v instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  return v;
}
