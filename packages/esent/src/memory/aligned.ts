// Page-aligned byte buffers for backup reads (the reference, the native binding and the streaming
// layer all need them, so they live beside neither). A WebAssembly memory is mapped by itself, so its
// first byte sits on a page boundary; Node's Buffer.alloc gives no such promise (large blocks come
// from malloc and start 16 bytes into a page). See reference/backup/reader.ts for why the address matters.
const WASM_PAGE = 64 * 1024;

// the ES2023 lib has no WebAssembly values (they come with the DOM lib); Node has them
type MemoryCtor = new (d: { initial: number; maximum: number; shared?: boolean }) => { readonly buffer: ArrayBuffer | SharedArrayBuffer };
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: MemoryCtor } }).WebAssembly;

/** `n` bytes (rounded up to 64 KiB) starting on a page boundary; `shared` backs them with a SharedArrayBuffer. */
export function alignedBytes(n: number, shared = false): Uint8Array {
  const pages = Math.max(1, Math.ceil(n / WASM_PAGE));
  return new Uint8Array(new Memory({ initial: pages, maximum: pages, shared }).buffer);
}
