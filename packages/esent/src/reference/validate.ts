// JS type checks done before any state changes (ARCHITECTURE.md: wrong JS types throw TypeError).
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
