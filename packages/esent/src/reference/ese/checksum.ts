// Page checksums as the ESE engine writes them (facts from the engine's checksum code):
// - the database header page uses the old format: 0x89abcdef XOR every 32-bit word after the
//   first (the first word holds the checksum);
// - data pages with fPageNewChecksumFormat (0x2000) carry a 64-bit XOR-ECC checksum: the low word
//   is the XOR of the block's words (the first two treated as 0 in the block holding the header)
//   XOR the page number, the high word a Hsiao ECC code over the same bits;
// - 16/32 KiB pages are checksummed in four blocks: block 0 (with the header) at offset 0, blocks
//   1-3 in the extended header (offsets 40, 48, 56), written before block 0 is summed.

export const XOR_SEED = 0x89abcdef;

/** Old-format checksum of the header page (or any buffer whose first word is the checksum). */
export function headerChecksum(page: Uint8Array): number {
  const dv = new DataView(page.buffer, page.byteOffset, page.byteLength);
  let x = XOR_SEED;
  for (let i = 4; i + 4 <= page.byteLength; i += 4) x ^= dv.getUint32(i, true);
  return x >>> 0;
}

/** Parity of a 32-bit word as 0 or 1 (folded to a nibble, then looked up in 0x6996). */
function parity(dw: number): number {
  let v = dw ^ (dw >>> 16);
  v ^= v >>> 8;
  v ^= v >>> 4;
  return (0x6996 >>> (v & 15)) & 1;
}

/** XOR-ECC checksum of one block of 1..8 KiB: [xor ^ pgno, ecc] as unsigned 32-bit words. */
export function blockChecksum(block: Uint8Array, pgno: number, headerBlock: boolean): [number, number] {
  const cb = block.byteLength;
  const dv = new DataView(block.buffer, block.byteOffset, cb);
  const cdw = cb >>> 2;
  let p = 0;
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let idxp = 0xff800000 | 0;
  let i = 0;
  if (headerBlock) {
    // the block's first two words hold the checksum itself and count as zero
    p2 = dv.getUint32(8, true);
    p3 = dv.getUint32(12, true);
    p ^= idxp & -parity(p2 ^ p3);
    idxp = (idxp + 0xff800080) | 0;
    i = 4;
  }
  // branch-free: on real data the parity bit is a coin toss, and a branch on it mispredicts half
  // the time (this loop ran 3x slower with one)
  for (; i < cdw; i += 4) {
    const o = i << 2;
    const t0 = dv.getUint32(o, true);
    const t1 = dv.getUint32(o + 4, true);
    const t2 = dv.getUint32(o + 8, true);
    const t3 = dv.getUint32(o + 12, true);
    p0 ^= t0;
    p1 ^= t1;
    p2 ^= t2;
    p3 ^= t3;
    p ^= idxp & -parity(t0 ^ t1 ^ t2 ^ t3);
    idxp = (idxp + 0xff800080) | 0;
  }
  if (parity(p0 ^ p1)) p |= 0x00400000;
  if (parity(p2 ^ p3)) p |= 0x00000040;
  const r0 = p0 ^ p2;
  const r1 = p1 ^ p3;
  if (parity(r0)) p |= 0x00200000;
  if (parity(r1)) p |= 0x00000020;
  const r2 = (r0 ^ r1) >>> 0;
  let r = 0;
  let idxr = 0xffff0000 | 0;
  for (let bit = 0; bit < 32; bit++) {
    r ^= idxr & -((r2 >>> bit) & 1);
    idxr = (idxr + 0xffff0001) | 0;
  }
  const mask = ((cb * 0x80000) - 1) >>> 0; // (cb << 19) - 1 in 32 bits: 0xffffffff for 8 KiB
  const ecc = ((p & 0xffe0ffe0 & mask) | (r & 0x001f001f)) >>> 0;
  return [(r2 ^ pgno) >>> 0, ecc];
}

/** True for page sizes that use the small page format (<= 8 KiB: 40-byte header, 13-bit tags). */
export function isSmallPage(cbPage: number): boolean {
  return cbPage <= 8192;
}

/** Writes the checksum(s) of a data page in place (the page must have flag 0x2000 set). */
export function sealDataPage(page: Uint8Array, pgno: number): void {
  const cb = page.byteLength;
  const dv = new DataView(page.buffer, page.byteOffset, cb);
  if (!isSmallPage(cb)) {
    const cbBlock = cb / 4;
    for (let b = 1; b < 4; b++) {
      const [lo, hi] = blockChecksum(page.subarray(b * cbBlock, (b + 1) * cbBlock), pgno, false);
      dv.setUint32(40 + (b - 1) * 8, lo, true);
      dv.setUint32(44 + (b - 1) * 8, hi, true);
    }
    const [lo, hi] = blockChecksum(page.subarray(0, cbBlock), pgno, true);
    dv.setUint32(0, lo, true);
    dv.setUint32(4, hi, true);
    return;
  }
  const [lo, hi] = blockChecksum(page, pgno, true);
  dv.setUint32(0, lo, true);
  dv.setUint32(4, hi, true);
}

/** Verifies a data page's checksum(s); a page of zeros (never written) is reported as such. */
export function verifyDataPage(page: Uint8Array, pgno: number): 'ok' | 'bad' | 'empty' {
  const cb = page.byteLength;
  const dv = new DataView(page.buffer, page.byteOffset, cb);
  if (dv.getUint32(0, true) === 0 && dv.getUint32(4, true) === 0 && page.every((b) => b === 0)) return 'empty';
  const flags = dv.getUint32(36, true);
  if ((flags & 0x2000) === 0) {
    // old format: 32-bit XOR seeded with 0x89abcdef, then the page number in the second word
    return headerChecksum(page) === dv.getUint32(0, true) ? 'ok' : 'bad';
  }
  const cbBlock = isSmallPage(cb) ? cb : cb / 4;
  const check = (off: number, b: number): boolean => {
    const [lo, hi] = blockChecksum(page.subarray(b * cbBlock, (b + 1) * cbBlock), pgno, b === 0);
    return dv.getUint32(off, true) === lo && dv.getUint32(off + 4, true) === hi;
  };
  if (!check(0, 0)) return 'bad';
  if (!isSmallPage(cb)) for (let b = 1; b < 4; b++) if (!check(40 + (b - 1) * 8, b)) return 'bad';
  return 'ok';
}
