// Conversions between EsentApi values and esent.dll's Win64 memory: pointer-sized handles,
// NUL-terminated UTF-16 strings, out-parameters and structs laid out by koffi.
import { koffi } from './library.js';

const U64_MAX = (1n << 64n) - 1n;

/** A handle or JET_API_PTR argument as the 64-bit value the DLL receives (-1 is JET_*Nil: all ones). */
export function u64(v: number): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

/** A 64-bit value the DLL returned, as the number the API hands out (all ones reads back as -1). */
export function fromU64(v: bigint): number {
  if (v === U64_MAX) return -1;
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`esent.dll returned a handle beyond 2^53: 0x${v.toString(16)}`);
  return Number(v);
}

/** A NUL-terminated UTF-16 string in memory the call can read (null stays NULL). */
export function wz(s: string | null): Buffer | null {
  return s === null ? null : Buffer.from(s + '\0', 'utf16le');
}

/** Decodes UTF-16LE up to the first NUL (or the end). */
export function fromWz(b: Buffer): string {
  const s = b.toString('utf16le', 0, b.length & ~1);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** An out-parameter slot: 8 bytes for pointer-sized values, 4 for ULONGs. */
export const out64 = (init = 0n): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(init);
  return b;
};
export const out32 = (): Buffer => Buffer.alloc(4);

/**
 * Memory a call's structs point into (strings, nested arrays). koffi.alloc gives memory that does
 * not move, so a pointer stored in a struct stays valid while an async call runs; free() releases
 * it after the call.
 */
export class Arena {
  private readonly blocks: unknown[] = [];

  /** A NUL-terminated UTF-16 copy of s, or 0n (NULL). */
  wstr(s: string | null): bigint {
    if (s === null) return 0n;
    return this.bytes(Buffer.from(s + '\0', 'utf16le'));
  }

  /** A copy of b (0n for null). */
  bytes(b: Uint8Array | null): bigint {
    if (b === null) return 0n;
    const p = koffi.alloc('uint8_t', Math.max(1, b.length));
    if (b.length) koffi.encode(p, 'uint8_t', Array.from(b), b.length);
    this.blocks.push(p);
    return p as bigint;
  }

  /** An array of `type` holding values, laid out by koffi (0n for an empty list). */
  structs(type: string, values: readonly object[]): bigint {
    if (values.length === 0) return 0n;
    const size = koffi.sizeof(type);
    const p = koffi.alloc('uint8_t', size * values.length);
    values.forEach((v, i) => koffi.encode(p, i * size, type, v));
    this.blocks.push(p);
    return p as bigint;
  }

  free(): void {
    for (const p of this.blocks.splice(0)) koffi.free(p);
  }
}

/** A struct of `type` encoded into a Buffer (the DLL may write into it; decode it afterwards). */
export function structBuffer(type: string, value: object): Buffer {
  const b = Buffer.alloc(koffi.sizeof(type));
  koffi.encode(b, 0, type, value);
  return b;
}

export function decodeStruct<T>(b: Buffer | bigint, type: string, offset = 0): T {
  return koffi.decode(b, offset, type) as T;
}

/** `count` NUL-terminated UTF-16 strings behind a WCHAR** (null entries stay null). */
export function decodeStringArray(p: bigint | null, count: number): (string | null)[] {
  if (!p || count === 0) return [];
  const ptrs = Array.from(koffi.decode(p, 'uint64_t', count) as ArrayLike<bigint | number>);
  return ptrs.map((q) => (BigInt(q) === 0n ? null : (koffi.decode(BigInt(q), 'char16_t', -1) as string)));
}
