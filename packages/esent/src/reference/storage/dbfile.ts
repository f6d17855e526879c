// The database file: fixed-size pages, each with a CRC-32 over the rest of the page and its own
// page number. Pages 0 and 1 are two copies of the header (ESE keeps a shadow header too); data
// pages follow. The header names the run of pages holding the directory (catalog and where each
// record lives, see engine/dbstore.ts). Backup sizes the stream as (logical last page + 3) pages
// (SEMANTICS.md §1). The header readers also take a real ESE file (ese/writer.ts layout), told
// apart by its header (ese/reader.ts isEseFile), so backup and restore work on both formats.
import { closeSync, fstatSync, fsyncSync, openSync, readSync } from 'node:fs';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, jetError } from '@winbackup/errors';
import type { JET_BKINFO, JET_LGPOS, JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import { dbHeaderOfEse } from '../ese/dbheader.js';
import type { EseHeader } from '../ese/header.js';
import { isEseFile, readEseHeaderFd } from '../ese/reader.js';
import { ByteReader, ByteWriter, TruncatedDataError } from './codec.js';
import { checksum } from './crc.js';
import { writeAll } from './fsutil.js';
import { readBkinfo, readLgpos, readLogtime, readSignature, writeBkinfo, writeLgpos, writeLogtime, writeSignature } from './logtime.js';

const DB_MAGIC = 0x89abcdef; // the magic ESE puts in its database header
/** Bytes at the start of every page: crc, pgno, magic (header pages) or bytes used, reserved. */
export const PAGE_HEADER = 16;
export const DB_FORMAT_VERSION = 0x620; // ulVersion of the ESENT format family
export const DB_FORMAT_UPDATE = 21; // 21: directory + row pages updated in place (20 was one image)

export interface DbHeader {
  pageSize: number;
  dbstate: number;
  signDb: JET_SIGNATURE;
  signLog: JET_SIGNATURE;
  lgposConsistent: JET_LGPOS;
  logtimeConsistent: JET_LOGTIME;
  lgposAttach: JET_LGPOS;
  logtimeAttach: JET_LOGTIME;
  lgposDetach: JET_LGPOS;
  logtimeDetach: JET_LOGTIME;
  bkinfoFullPrev: JET_BKINFO;
  bkinfoIncPrev: JET_BKINFO;
  bkinfoFullCur: JET_BKINFO;
  genMinRequired: number;
  genMaxRequired: number;
  /** Redo must replay log records at or after this position to bring the image up to date. */
  lgposRedo: JET_LGPOS;
  /** Data pages that follow the two header pages (the logical last page is cpgData + 2). */
  cpgData: number;
  /** The directory: first page, page count and byte length of its contiguous run. */
  pgnoDir: number;
  cpgDir: number;
  cbDir: number;
}

function encodeHeader(h: DbHeader): Buffer {
  const w = new ByteWriter(512);
  w.u32(DB_FORMAT_VERSION).u32(DB_FORMAT_UPDATE).u32(h.pageSize).u32(h.dbstate);
  writeSignature(w, h.signDb);
  writeSignature(w, h.signLog);
  writeLgpos(w, h.lgposConsistent);
  writeLogtime(w, h.logtimeConsistent);
  writeLgpos(w, h.lgposAttach);
  writeLogtime(w, h.logtimeAttach);
  writeLgpos(w, h.lgposDetach);
  writeLogtime(w, h.logtimeDetach);
  writeBkinfo(w, h.bkinfoFullPrev);
  writeBkinfo(w, h.bkinfoIncPrev);
  writeBkinfo(w, h.bkinfoFullCur);
  w.u32(h.genMinRequired).u32(h.genMaxRequired);
  writeLgpos(w, h.lgposRedo);
  w.u32(h.cpgData).u32(h.pgnoDir).u32(h.cpgDir).u32(h.cbDir);
  return w.finish();
}

function decodeHeader(b: Buffer): DbHeader {
  const r = new ByteReader(b);
  r.u32();
  r.u32();
  const pageSize = r.u32();
  const dbstate = r.u32();
  return {
    pageSize,
    dbstate,
    signDb: readSignature(r),
    signLog: readSignature(r),
    lgposConsistent: readLgpos(r),
    logtimeConsistent: readLogtime(r),
    lgposAttach: readLgpos(r),
    logtimeAttach: readLogtime(r),
    lgposDetach: readLgpos(r),
    logtimeDetach: readLogtime(r),
    bkinfoFullPrev: readBkinfo(r),
    bkinfoIncPrev: readBkinfo(r),
    bkinfoFullCur: readBkinfo(r),
    genMinRequired: r.u32(),
    genMaxRequired: r.u32(),
    lgposRedo: readLgpos(r),
    cpgData: r.u32(),
    pgnoDir: r.u32(),
    cpgDir: r.u32(),
    cbDir: r.u32(),
  };
}

export function sealPage(page: Buffer, pgno: number): void {
  page.writeUInt32LE(pgno, 4);
  page.writeUInt32LE(checksum(page.subarray(4)), 0);
}

export function pageIsValid(page: Buffer, pgno: number): boolean {
  return page.readUInt32LE(4) === pgno && page.readUInt32LE(0) === checksum(page.subarray(4));
}

function headerPage(h: DbHeader, pgno: number): Buffer {
  const page = Buffer.alloc(h.pageSize);
  const body = encodeHeader(h);
  page.writeUInt32LE(DB_MAGIC, 8);
  page.writeUInt32LE(body.length, 12);
  body.copy(page, PAGE_HEADER);
  sealPage(page, pgno);
  return page;
}

/** Rewrites both header pages in place, one after the other, each fsync'd (a torn write leaves the other). */
export function writeHeaderPages(fd: number, h: DbHeader): void {
  for (const pgno of [0, 1]) {
    writeAll(fd, headerPage(h, pgno), pgno * h.pageSize);
    fsyncSync(fd);
  }
}

export function readAt(fd: number, len: number, pos: number): Buffer {
  const b = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const n = readSync(fd, b, got, len - got, pos + got);
    if (n === 0) break;
    got += n;
  }
  return got === len ? b : b.subarray(0, got);
}

function tryHeader(fd: number, pgno: number, size: number): DbHeader | undefined {
  for (const pageSize of [4096, 8192, 16384, 32768, 2048]) {
    const page = readAt(fd, pageSize, pgno * pageSize);
    if (page.length < pageSize || page.readUInt32LE(8) !== DB_MAGIC || !pageIsValid(page, pgno)) continue;
    try {
      const h = decodeHeader(page.subarray(PAGE_HEADER, PAGE_HEADER + page.readUInt32LE(12)));
      if (h.pageSize === pageSize && size >= (h.cpgData + 2) * pageSize) return h;
    } catch (e) {
      if (!(e instanceof TruncatedDataError)) throw e;
    }
  }
  return undefined;
}

/** A database file's header in the engine's view, and the ESE header when the file is in ESE format. */
export interface DbFileHeader {
  readonly header: DbHeader;
  /** Set for a real ESE file (ese/writer.ts layout); undefined for the engine's own format. */
  readonly ese: EseHeader | undefined;
}

/**
 * Reads and verifies the header of an open file in either format: an ESE file (page 0, else its
 * shadow), whose data pages are all the pages after the two header pages; else the engine's own
 * format (page 0, else the shadow page 1).
 */
export function readFileHeaderFd(fd: number, context: string): DbFileHeader {
  const size = fstatSync(fd).size;
  if (isEseFile(fd)) {
    const ese = readEseHeaderFd(fd, context);
    const cpgData = Math.floor(size / ese.cbPageSize) - 2;
    if (cpgData < 0) throw jetError(JET_errDatabaseCorrupted, { context });
    return { header: dbHeaderOfEse(ese, cpgData), ese };
  }
  const h = tryHeader(fd, 0, size) ?? tryHeader(fd, 1, size);
  if (!h) throw jetError(JET_errDatabaseCorrupted, { context });
  return { header: h, ese: undefined };
}

/** Reads and verifies the header of an open file (either format, see readFileHeaderFd). */
export function readHeaderFd(fd: number, context: string): DbHeader {
  return readFileHeaderFd(fd, context).header;
}

/** Reads and verifies the header of the file at `path`, in either format (readFileHeaderFd). */
export function readDbFileHeader(path: string, context: string): DbFileHeader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw jetError(JET_errFileNotFound, { context });
  }
  try {
    return readFileHeaderFd(fd, context);
  } finally {
    closeSync(fd);
  }
}

/** Reads and verifies the header (either format: page 0, else the shadow page 1). */
export function readDbHeader(path: string, context: string): DbHeader {
  return readDbFileHeader(path, context).header;
}
