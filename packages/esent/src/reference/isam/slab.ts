// Long-lived small buffers (column values, keys, bookmarks) are copied into slabs that hold only
// such data. Node's shared 8 KiB Buffer pool would otherwise be pinned by one small live value
// among many short-lived ones (log records, scratch keys), costing ~1 KiB per stored record.
const SLAB_SIZE = 64 * 1024;
const SMALL = 1024;
// the first slab is allocated by the first small value, not at module load (sideEffects: false:
// importing the package must cost nothing)
let slab: Buffer | undefined;
let used = SLAB_SIZE;

export function persist(src: Uint8Array): Buffer {
  const n = src.length;
  if (n > SMALL) {
    const b = Buffer.allocUnsafeSlow(n);
    b.set(src);
    return b;
  }
  if (slab === undefined || used + n > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  out.set(src);
  // keep 8-byte alignment so typed reads of fixed columns stay cheap
  used += (n + 7) & ~7;
  return out;
}
