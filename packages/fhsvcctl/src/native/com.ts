// COM from koffi: GUIDs by value, BSTRs, vtable calls and the creation of an FhConfigMgr, either
// by CoCreateInstance (COM initialised once per process in the multithreaded apartment, so that
// koffi's pool threads may call the object too) or, as a test hook, through the
// DllGetClassObject of a given in-process server DLL.
import { RPC_E_CHANGED_MODE, hresultError } from '@winbackup/errors';
import koffi, { type TypeObject } from 'koffi';
import {
  CLSCTX_INPROC_SERVER,
  COINIT_MULTITHREADED,
  DLLGETCLASSOBJECT,
  ICLASSFACTORY,
  IID_IClassFactory,
  IUNKNOWN,
  OLE32,
  OLEAUT32,
  slotOf,
  type MethodList,
} from './fhcfgDeclarations.js';

/** A bound method: call it directly, or with `.async(...args, callback)` on koffi's thread pool. */
export interface ComMethod {
  (...args: unknown[]): number;
  async(...args: unknown[]): void;
}

/** The 16 bytes of a GUID as C lays them out (Data1..3 little-endian, then Data4). */
export function guidBytes(guid: string): Buffer {
  const h = guid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(h)) throw new Error(`not a GUID: ${guid}`);
  const b = Buffer.from(h, 'hex');
  b.writeUInt32LE(b.readUInt32BE(0), 0);
  b.writeUInt16LE(b.readUInt16BE(4), 4);
  b.writeUInt16LE(b.readUInt16BE(6), 6);
  return b;
}

const protos = new Map<string, TypeObject>();
/** koffi's prototype type for `iface`::`name` (declared once: koffi's registry is process-wide). */
function protoOf(iface: string, name: string, signature: string): TypeObject {
  const key = `${iface}_${name}`;
  let p = protos.get(key);
  if (!p) {
    p = koffi.proto(signature.replace('__stdcall (', `__stdcall ${key}(`));
    protos.set(key, p);
  }
  return p;
}

/** The function in slot `name` of the vtable of the interface pointer `obj`. */
export function method(obj: bigint, iface: string, methods: MethodList, name: string): ComMethod {
  const all: MethodList = [...IUNKNOWN, ...methods];
  const signature = all.find(([m]) => m === name)![1];
  const slot = name === 'QueryInterface' || name === 'AddRef' || name === 'Release' ? IUNKNOWN.findIndex(([m]) => m === name) : slotOf(methods, name);
  const vtbl = BigInt(koffi.decode(obj, 'uint64_t') as bigint | number);
  const fn = BigInt(koffi.decode(vtbl, slot * 8, 'uint64_t') as bigint | number);
  return koffi.decode(fn, protoOf(iface, name, signature)) as ComMethod;
}

/** IUnknown::Release. */
export function release(obj: bigint): void {
  method(obj, 'IUnknown', [], 'Release')(obj);
}

type Bound<T> = { readonly [K in keyof T]: ComMethod };

function bind<T extends Record<string, string>>(dll: string, decls: T): Bound<T> {
  const lib = koffi.load(dll);
  return Object.fromEntries(Object.entries(decls).map(([k, proto]) => [k, lib.func(proto)])) as unknown as Bound<T>;
}

let oleaut: Bound<typeof OLEAUT32> | undefined;
function oleaut32(): Bound<typeof OLEAUT32> {
  return (oleaut ??= bind('oleaut32.dll', OLEAUT32));
}

/** A BSTR holding `s` exactly (embedded NULs included); free it with {@link freeBstr}. */
export function allocBstr(s: string): bigint {
  const p = BigInt(oleaut32().SysAllocStringLen(Buffer.from(s, 'utf16le'), s.length));
  if (p === 0n) throw new Error('SysAllocStringLen failed (out of memory)');
  return p;
}

export function freeBstr(b: bigint): void {
  oleaut32().SysFreeString(b);
}

/** The text of the BSTR an out-parameter received (NULL is ''), which is then freed. */
export function takeBstr(out: Buffer): string {
  const p = out.readBigUInt64LE(0);
  if (p === 0n) return '';
  try {
    const len = oleaut32().SysStringLen(p);
    return len === 0 ? '' : Buffer.from(koffi.decode(p, 'uint8_t', len * 2) as Uint8Array).toString('utf16le');
  } finally {
    freeBstr(p);
  }
}

let comInitialised = false;
/** CoInitializeEx(NULL, COINIT_MULTITHREADED) once per process. */
function initialiseCom(ole: Bound<typeof OLE32>): void {
  if (comInitialised) return;
  const hr = ole.CoInitializeEx(0n, COINIT_MULTITHREADED);
  // S_FALSE: already initialised on this thread. RPC_E_CHANGED_MODE: the host made this thread a
  // single-threaded apartment first; COM stays usable from it, and koffi's pool threads join the
  // process's multithreaded apartment implicitly once one exists.
  if (hr < 0 && hr !== RPC_E_CHANGED_MODE) throw hresultError(hr, { context: 'CoInitializeEx' });
  comInitialised = true;
}

let ole32Bound: Bound<typeof OLE32> | undefined;

/**
 * A new object of class `clsid` as interface `iid`: CoCreateInstance(CLSCTX_INPROC_SERVER), or
 * with `serverDll` (a test hook) that DLL's DllGetClassObject and IClassFactory::CreateInstance.
 * Every interface obtained on the way is released; the caller owns the one returned.
 */
export function createInstance(clsid: string, iid: string, serverDll: string | undefined): bigint {
  const ole = (ole32Bound ??= bind('ole32.dll', OLE32));
  initialiseCom(ole);
  const out = Buffer.alloc(8);
  if (serverDll === undefined) {
    const hr = ole.CoCreateInstance(guidBytes(clsid), 0n, CLSCTX_INPROC_SERVER, guidBytes(iid), out);
    if (hr < 0) throw hresultError(hr, { context: 'CoCreateInstance(CLSID_FhConfigMgr)' });
    return out.readBigUInt64LE(0);
  }
  const getClassObject = koffi.load(serverDll).func(DLLGETCLASSOBJECT) as unknown as ComMethod;
  let hr = getClassObject(guidBytes(clsid), guidBytes(IID_IClassFactory), out);
  if (hr < 0) throw hresultError(hr, { context: 'DllGetClassObject' });
  const factory = out.readBigUInt64LE(0);
  try {
    out.fill(0);
    hr = method(factory, 'IClassFactory', ICLASSFACTORY, 'CreateInstance')(factory, 0n, guidBytes(iid), out);
    if (hr < 0) throw hresultError(hr, { context: 'IClassFactory::CreateInstance' });
    return out.readBigUInt64LE(0);
  } finally {
    release(factory);
  }
}
