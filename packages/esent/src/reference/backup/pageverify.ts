// Page checksum verification for database streams. ESE verifies every page it streams
// (JET_errReadVerifyFailure, SEMANTICS.md §1 JetReadFileInstance): file pages 0 and 1 are the
// header and its shadow (XOR checksum, ese/checksum.ts headerChecksum, over the header's first
// 4 KiB as ese/reader.ts checks it: the header structure fits in the smallest page); file page
// i >= 2 is ESE page i - 1 (XOR-ECC checksum, verifyDataPage), and a page of zeros was never
// written, which is not an error.
import { headerChecksum, verifyDataPage } from '../ese/checksum.js';

/** Bytes of a header page the header checksum covers. */
export const ESE_HEADER_CHECKSUM_BYTES = 4096;

function pageIsGood(page: Buffer, filePage: number): boolean {
  if (filePage < 2) return headerChecksum(page.subarray(0, ESE_HEADER_CHECKSUM_BYTES)) === page.readUInt32LE(0);
  return verifyDataPage(page, filePage - 1) !== 'bad';
}

/** First bad file page in buf[0..len), which holds the file's pages from file page pgno0 on, or -1. */
export function firstBadPage(buf: Uint8Array, len: number, pageSize: number, pgno0: number): number {
  const view = Buffer.from(buf.buffer, buf.byteOffset, len);
  for (let off = 0; off < len; off += pageSize) {
    const pgno = pgno0 + off / pageSize;
    if (!pageIsGood(view.subarray(off, off + pageSize), pgno)) return pgno;
  }
  return -1;
}
