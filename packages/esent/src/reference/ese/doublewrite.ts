// The double-write file of an in-place ESE update: before a batch overwrites pages that the old
// state references (tree roots, space trees, relinked leaves, the header and its shadow), their new
// images go to `<database>.dw` and are fsynced; only then are they written in place. A crash while
// writing the file leaves a file that fails its checksum (the database still holds the old state:
// nothing was overwritten yet); a crash after it leaves a whole file, and recovery writes its pages
// again. The engine itself relies on its log for this; the reference keeps the log for
// transactions and uses this file so the database alone is always one committed state or the next.
//
// Layout: "WBESEDW1", u32 cbPage, u32 count, u64 database size after the batch, then per page
// u32 file page index (0 the header, 1 its shadow, n + 1 database page n) + the page, then u32 CRC-32
// of everything before it.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';

const MAGIC = Buffer.from('WBESEDW1', 'latin1');

export function doubleWritePath(dbPath: string): string {
  return `${dbPath}.dw`;
}

export function fsyncDir(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function encodeDoubleWrite(cbPage: number, fileBytes: number, pages: ReadonlyMap<number, Buffer>): Buffer {
  const head = Buffer.alloc(24);
  MAGIC.copy(head, 0);
  head.writeUInt32LE(cbPage, 8);
  head.writeUInt32LE(pages.size, 12);
  head.writeBigUInt64LE(BigInt(fileBytes), 16);
  const parts: Buffer[] = [head];
  for (const [pgno, page] of pages) {
    if (page.length !== cbPage) throw new RangeError(`page ${pgno} is ${page.length} bytes, not ${cbPage}`);
    const p = Buffer.alloc(4);
    p.writeUInt32LE(pgno);
    parts.push(p, page);
  }
  const body = Buffer.concat(parts);
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(body));
  return Buffer.concat([body, sum]);
}

export interface DoubleWrite {
  readonly cbPage: number;
  readonly fileBytes: number;
  readonly pages: Map<number, Buffer>;
}

/** The pages of a whole double-write file, or null for a torn one (cut short or failing its checksum). */
export function decodeDoubleWrite(buf: Buffer): DoubleWrite | null {
  if (buf.length < 28 || !buf.subarray(0, 8).equals(MAGIC)) return null;
  if (crc32(buf.subarray(0, buf.length - 4)) !== buf.readUInt32LE(buf.length - 4)) return null;
  const cbPage = buf.readUInt32LE(8);
  const count = buf.readUInt32LE(12);
  if (buf.length !== 24 + count * (4 + cbPage) + 4) return null;
  const pages = new Map<number, Buffer>();
  for (let i = 0, at = 24; i < count; i++, at += 4 + cbPage) pages.set(buf.readUInt32LE(at), buf.subarray(at + 4, at + 4 + cbPage));
  return { cbPage, fileBytes: Number(buf.readBigUInt64LE(16)), pages };
}

/** Writes `data` as the double-write file of `dbPath` and makes it durable (file and directory entry). */
export function writeDoubleWriteFile(dbPath: string, data: Buffer, beforeWrite: () => void): void {
  const path = doubleWritePath(dbPath);
  const fd = openSync(path, 'w');
  try {
    beforeWrite();
    writeSync(fd, data, 0, data.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDir(path);
}

export function removeDoubleWriteFile(dbPath: string): void {
  rmSync(doubleWritePath(dbPath), { force: true });
  fsyncDir(dbPath);
}

export type DoubleWriteRecovery = 'none' | 'replayed' | 'discarded';

/**
 * Run before reading a database that may have been cut off mid-batch: a whole double-write file is
 * written into the database (the batch's new state), a torn one is dropped (the old state stands).
 */
export function recoverDoubleWrite(dbPath: string): DoubleWriteRecovery {
  const path = doubleWritePath(dbPath);
  if (!existsSync(path)) return 'none';
  const dw = decodeDoubleWrite(readFileSync(path));
  if (dw) {
    const fd = openSync(dbPath, 'r+');
    try {
      for (const [index, page] of dw.pages) writeSync(fd, page, 0, page.length, index * dw.cbPage);
      ftruncateSync(fd, dw.fileBytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  removeDoubleWriteFile(dbPath);
  return dw ? 'replayed' : 'discarded';
}
