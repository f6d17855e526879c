// Long-lived small buffers (column values, keys, bookmarks) are copied into slabs that hold only
// such data. Node's shared 8 KiB Buffer pool would otherwise be pinned by one small live value
// among many short-lived ones (log records, scratch keys), costing ~1 KiB per stored record.
const SLAB_SIZE = 64 * 1024;
const SMALL = 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let used = 0;

export function persist(src: Uint8Array): Buffer {
  const n = src.length;
  if (n > SMALL) {
    const b = Buffer.allocUnsafeSlow(n);
    b.set(src);
    return b;
  }
  if (used + n > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  out.set(src);
  // keep 8-byte alignment so typed reads of fixed columns stay cheap
  used += (n + 7) & ~7;
  return out;
}
