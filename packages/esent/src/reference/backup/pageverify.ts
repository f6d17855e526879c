// Page checksum verification for database streams (dbfile.ts layout: CRC-32 of the rest of the
// page at offset 0, the page number at offset 4). ESE verifies every page it streams
// (JET_errReadVerifyFailure, SEMANTICS.md §1 JetReadFileInstance).
import { checksum } from '../storage/crc.js';

/** First bad page number in buf[0..len) holding pages from pgno0 on, or -1. */
export function firstBadPage(buf: Uint8Array, len: number, pageSize: number, pgno0: number): number {
  const view = Buffer.from(buf.buffer, buf.byteOffset, len);
  for (let off = 0; off < len; off += pageSize) {
    const pgno = pgno0 + off / pageSize;
    const page = view.subarray(off, off + pageSize);
    if (page.readUInt32LE(4) !== pgno || page.readUInt32LE(0) !== checksum(page.subarray(4))) return pgno;
  }
  return -1;
}
