// Calls COM methods through the vtable: the object's first pointer-sized field is its vtable, slot
// N of the generated table (generated/vtables.ts) holds the method, which takes `This` first.
// Each (interface, method) gets one koffi prototype built from the generated C parameter types;
// koffi.decode turns the function pointer into a callable with `.async` for the thread pool.
import koffi from 'koffi';
import { hresultError, VSS_E_BAD_STATE } from '@winbackup/errors';
import { VTABLES, type VssInterfaceName } from './generated/vtables.js';
import { vssCallError } from './preflight.js';
import { declareVssTypes, koffiType } from './types.js';

interface Callable {
  (...args: unknown[]): number;
  async(...args: unknown[]): void;
}

const protos = new Map<string, { slot: number; proto: Parameters<typeof koffi.call>[1] }>();

function prototype(iface: VssInterfaceName, method: string): { slot: number; proto: Parameters<typeof koffi.call>[1] } {
  const key = `${iface}::${method}`;
  let p = protos.get(key);
  if (!p) {
    declareVssTypes();
    const m = VTABLES[iface].methods.find((x) => x.name === method);
    if (!m) throw new Error(`${iface} has no method ${method}`);
    const ret = m.returns === 'ULONG' ? 'uint32_t' : 'int32_t';
    const proto = koffi.proto('__stdcall', `VSS_${iface}_${method}`, ret, ['void *', ...m.params.map((x) => koffiType(x.type))]);
    p = { slot: m.slot, proto };
    protos.set(key, p);
  }
  return p;
}

/** An address as koffi returns it (bigint, or null for NULL) made a bigint. */
export function addr(p: unknown): bigint {
  if (p === null || p === undefined) return 0n;
  return typeof p === 'bigint' ? p : koffi.address(p);
}

/** Reads a pointer written into an 8-byte out-parameter. */
export const readPtr = (b: Buffer, offset = 0): bigint => b.readBigUInt64LE(offset);

/**
 * One reference to a COM interface the binding obtained. `release()` calls IUnknown::Release once;
 * the owner calls it for every interface it obtained.
 */
export class ComPtr {
  #p: bigint;

  constructor(
    readonly iface: VssInterfaceName,
    p: bigint,
  ) {
    if (p === 0n) throw new Error(`${iface}: the call returned a NULL interface`);
    this.#p = p;
  }

  get released(): boolean {
    return this.#p === 0n;
  }

  #fn(method: string): Callable {
    // released with the IVssBackupComponents that handed it out: the reference's code for a released object
    if (this.#p === 0n) throw hresultError(VSS_E_BAD_STATE, { context: `${this.iface}::${method}: released with its IVssBackupComponents` });
    const { slot, proto } = prototype(this.iface, method);
    const vtbl = koffi.decode(this.#p, 'void *');
    const fp = koffi.decode(vtbl, slot * 8, 'void *');
    return koffi.decode(fp, proto) as Callable;
  }

  /** Calls `method` on the calling thread; returns its HRESULT (or ULONG for AddRef/Release). */
  call(method: string, ...args: unknown[]): number {
    return this.#fn(method)(this.#p, ...args);
  }

  /**
   * Calls `method` on koffi's thread pool (COM is MTA, so any thread may call). The call holds a
   * reference of its own (AddRef before, Release after), so that a release() while it runs (the
   * requester released during a Wait) does not free the object under it.
   */
  callAsync(method: string, ...args: unknown[]): Promise<number> {
    const f = this.#fn(method);
    const p = this.#p;
    const release = this.#fn('Release');
    this.call('AddRef');
    return new Promise<number>((resolve, reject) => f.async(p, ...args, (e: unknown, r: number) => (e ? reject(e) : resolve(r)))).finally(() => release(p));
  }

  /** Calls `method` and throws hresultError for a failed HRESULT; returns the HRESULT otherwise (S_FALSE stays visible). */
  check(method: string, ...args: unknown[]): number {
    const hr = this.call(method, ...args);
    if (hr < 0) throw vssCallError(hr, `${this.iface}::${method}`);
    return hr;
  }

  release(): void {
    if (this.#p === 0n) return;
    this.call('Release');
    this.#p = 0n;
  }

  /** release() on the thread pool: the last Release of a requester sends BackupShutdown to the writers, which takes a while. */
  async releaseAsync(): Promise<void> {
    if (this.#p === 0n) return;
    const p = this.#p;
    const release = this.#fn('Release');
    this.#p = 0n;
    await new Promise<void>((resolve, reject) => release.async(p, (e: unknown) => (e ? reject(e) : resolve())));
  }
}
