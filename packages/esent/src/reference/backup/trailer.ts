// The trailer page ESE appends to a streamed database (SEMANTICS.md §1 "(logical last page + 3)
// pages"; XP+ replaced the .pat patch file with it). It records what a restore has to check:
// the generations the image needs (StartingRestoreLogTooHigh / EndingRestoreLogTooLow,
// logutil.cxx) and the database's original path, and marks the file as coming from a streaming
// backup (JET_errRestoreOfNonBackupDatabase otherwise).
import { checksum } from '../storage/crc.js';

const TRAILER_MAGIC = 0x4b42534e; // "NSBK"

export interface BackupTrailer {
  /** Lowest generation the restore must replay from. */
  readonly genMinRequired: number;
  /** Generation that was being written when the database stream ended. */
  readonly genMaxRequired: number;
  /** The database's path when it was backed up. */
  readonly szOriginalPath: string;
  /** ulRandom of the database signature, to tell databases apart at restore. */
  readonly signDbRandom: number;
}

export function encodeTrailer(t: BackupTrailer, pageSize: number): Buffer {
  const page = Buffer.alloc(pageSize);
  const path = Buffer.from(t.szOriginalPath, 'utf8');
  page.writeUInt32LE(TRAILER_MAGIC, 4);
  page.writeUInt32LE(t.genMinRequired, 8);
  page.writeUInt32LE(t.genMaxRequired, 12);
  page.writeUInt32LE(t.signDbRandom >>> 0, 16);
  page.writeUInt32LE(path.length, 20);
  path.copy(page, 24, 0, Math.min(path.length, pageSize - 24));
  page.writeUInt32LE(checksum(page.subarray(4)), 0);
  return page;
}

export function decodeTrailer(page: Buffer): BackupTrailer | undefined {
  if (page.length < 24 || page.readUInt32LE(4) !== TRAILER_MAGIC) return undefined;
  if (page.readUInt32LE(0) !== checksum(page.subarray(4))) return undefined;
  const len = page.readUInt32LE(20);
  if (24 + len > page.length) return undefined;
  return {
    genMinRequired: page.readUInt32LE(8),
    genMaxRequired: page.readUInt32LE(12),
    signDbRandom: page.readUInt32LE(16),
    szOriginalPath: page.subarray(24, 24 + len).toString('utf8'),
  };
}
