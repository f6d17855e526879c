// The database file: fixed-size pages, each with a CRC-32 over the rest of the page and its own
// page number. Pages 0 and 1 are two copies of the header (ESE keeps a shadow header too), data
// pages follow. Backup sizes the stream as (logical last page + 3) pages (SEMANTICS.md §1).
import { closeSync, fstatSync, fsyncSync, openSync, readSync } from 'node:fs';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, JET_errPageSizeMismatch, JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import type { JET_BKINFO, JET_LGPOS, JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import { ByteReader, ByteWriter, TruncatedDataError } from './codec.js';
import { checksum } from './crc.js';
import { writeAll, writeFileDurable } from './fsutil.js';
import { readBkinfo, readLgpos, readLogtime, readSignature, writeBkinfo, writeLgpos, writeLogtime, writeSignature } from './logtime.js';

const DB_MAGIC = 0x89abcdef; // the magic ESE puts in its database header
const PAGE_HEADER = 16; // crc, pgno, magic/len, reserved
export const DB_FORMAT_VERSION = 0x620; // ulVersion of the ESENT format family
export const DB_FORMAT_UPDATE = 20;

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
  cbImage: number;
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
  w.u32(h.cpgData).u32(h.cbImage);
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
    cbImage: r.u32(),
  };
}

function sealPage(page: Buffer, pgno: number): void {
  page.writeUInt32LE(pgno, 4);
  page.writeUInt32LE(checksum(page.subarray(4)), 0);
}

function pageIsValid(page: Buffer, pgno: number): boolean {
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

/** Lays the image out in data pages after the two header pages; returns the whole file. */
export function buildDbFile(h: DbHeader, image: Buffer): Buffer {
  const per = h.pageSize - PAGE_HEADER;
  const cpg = Math.max(1, Math.ceil(image.length / per));
  h.cpgData = cpg;
  h.cbImage = image.length;
  const file = Buffer.alloc((cpg + 2) * h.pageSize);
  headerPage(h, 0).copy(file, 0);
  headerPage(h, 1).copy(file, h.pageSize);
  for (let i = 0; i < cpg; i++) {
    const page = file.subarray((i + 2) * h.pageSize, (i + 3) * h.pageSize);
    const chunk = image.subarray(i * per, (i + 1) * per);
    page.writeUInt32LE(chunk.length, 8);
    chunk.copy(page, PAGE_HEADER);
    sealPage(page, i + 2);
  }
  return file;
}

export function writeDbFile(path: string, h: DbHeader, image: Buffer): void {
  writeFileDurable(path, buildDbFile(h, image), '.flush');
}

/** Rewrites both header pages in place, one after the other, each fsync'd (a torn write leaves the other). */
export function writeDbHeader(path: string, h: DbHeader): void {
  const fd = openSync(path, 'r+');
  try {
    for (const pgno of [0, 1]) {
      writeAll(fd, headerPage(h, pgno), pgno * h.pageSize);
      fsyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, len: number, pos: number): Buffer {
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

/** Reads and verifies the header (page 0, else the shadow page 1). */
export function readDbHeader(path: string, context: string): DbHeader {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw jetError(JET_errFileNotFound, { context });
  }
  try {
    const size = fstatSync(fd).size;
    const h = tryHeader(fd, 0, size) ?? tryHeader(fd, 1, size);
    if (!h) throw jetError(JET_errDatabaseCorrupted, { context });
    return h;
  } finally {
    closeSync(fd);
  }
}

/** Reads the header and the data pages, verifying every checksum (JET_errReadVerifyFailure). */
export function readDbFile(path: string, expectedPageSize: number | undefined, context: string): { header: DbHeader; image: Buffer } {
  const header = readDbHeader(path, context);
  if (expectedPageSize !== undefined && header.pageSize !== expectedPageSize) throw jetError(JET_errPageSizeMismatch, { context });
  const fd = openSync(path, 'r');
  try {
    const ps = header.pageSize;
    const all = readAt(fd, (header.cpgData + 2) * ps, 0);
    const image = Buffer.alloc(header.cbImage);
    let at = 0;
    for (let i = 0; i < header.cpgData; i++) {
      const page = all.subarray((i + 2) * ps, (i + 3) * ps);
      if (page.length < ps || !pageIsValid(page, i + 2)) throw jetError(JET_errReadVerifyFailure, { context: `${context}: page ${i + 2}` });
      const len = page.readUInt32LE(8);
      page.copy(image, at, PAGE_HEADER, PAGE_HEADER + len);
      at += len;
    }
    if (at !== header.cbImage) throw jetError(JET_errDatabaseCorrupted, { context });
    return { header, image };
  } finally {
    closeSync(fd);
  }
}

/** Verifies every page of a database file; returns the first bad page number or -1. */
export function verifyDbFile(path: string): number {
  const header = readDbHeader(path, 'verify');
  const fd = openSync(path, 'r');
  try {
    for (let pgno = 2; pgno < header.cpgData + 2; pgno++) {
      const page = readAt(fd, header.pageSize, pgno * header.pageSize);
      if (page.length < header.pageSize || !pageIsValid(page, pgno)) return pgno;
    }
    return -1;
  } finally {
    closeSync(fd);
  }
}
