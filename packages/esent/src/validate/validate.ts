// JS type checks done before any state changes or DLL call, shared by the reference engine and the
// native binding (ARCHITECTURE.md: wrong JS types throw TypeError).
import type { JET_PFNSTATUS } from '../api/backup.js';
import type { JET_RSTMAP, JET_SETSYSPARAM } from '../api/structs.js';
export function handle(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${what} must be a handle (an integer), got ${typeof v}`);
  return v;
}

export function handleOrNull(v: unknown, what: string): number | null {
  return v === null || v === undefined ? null : handle(v, what);
}

/** A ULONG / JET_GRBIT: an integer in the 32-bit range (negative int32 values are reinterpreted). */
export function ulong(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    throw new TypeError(`${what} must be a 32-bit integer`);
  }
  return v >>> 0;
}

/** A signed long. */
export function long(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    throw new TypeError(`${what} must be a 32-bit integer`);
  }
  return v | 0;
}

export function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string`);
  return v;
}

export function strOrNull(v: unknown, what: string): string | null {
  return v === null || v === undefined ? null : str(v, what);
}

export function bytesOrNull(v: unknown, what: string): Buffer | null {
  if (v === null || v === undefined) return null;
  if (!(v instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array or null`);
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

export function object<T>(v: unknown, what: string): T {
  if (typeof v !== 'object' || v === null) throw new TypeError(`${what} must be an object`);
  return v as T;
}

/** A JET_PFNSTATUS argument: a function or null. */
export function statusFn(pfn: unknown): JET_PFNSTATUS | null {
  if (pfn === null || pfn === undefined) return null;
  if (typeof pfn !== 'function') throw new TypeError('pfnStatus must be a function or null');
  return pfn as JET_PFNSTATUS;
}

/** rgrstmap/crstfilemap of the restore calls: the first crstfilemap maps, checked. */
export function rstmap(rg: unknown, c: unknown): JET_RSTMAP[] {
  const n = ulong(c, 'crstfilemap');
  if (rg === null || rg === undefined) {
    if (n !== 0) throw new TypeError('crstfilemap must be 0 when rgrstmap is null');
    return [];
  }
  if (!Array.isArray(rg)) throw new TypeError('rgrstmap must be an array or null');
  if (n > rg.length) throw new RangeError('crstfilemap is larger than rgrstmap');
  return rg.slice(0, n).map((m: unknown, i) => {
    const e = object<JET_RSTMAP>(m, `rgrstmap[${i}]`);
    return { szDatabaseName: str(e.szDatabaseName, `rgrstmap[${i}].szDatabaseName`), szNewDatabaseName: str(e.szNewDatabaseName, `rgrstmap[${i}].szNewDatabaseName`) };
  });
}

/** psetsysparam/csetsysparam of JetEnableMultiInstance: null is an empty list. */
export function setSysParams(psetsysparam: unknown, n: number): readonly JET_SETSYSPARAM[] {
  const list = psetsysparam === null ? [] : object<readonly JET_SETSYSPARAM[]>(psetsysparam, 'psetsysparam');
  if (!Array.isArray(list) || list.length < n) throw new TypeError('psetsysparam must hold csetsysparam entries');
  return list;
}

/** A byte buffer that must be given (pvBookmark). */
export function bytes(v: unknown, what: string): Buffer {
  const b = bytesOrNull(v, what);
  if (b === null) throw new TypeError(`${what} must be a Uint8Array`);
  return b;
}

/** JetInit3's prstInfo: restore maps are not part of the API, so it must be null. */
export function noRestoreInfo(prstInfo: unknown): void {
  if (prstInfo !== null && prstInfo !== undefined) throw new TypeError('prstInfo must be null (restore maps are not supported by JetInit3 here)');
}
