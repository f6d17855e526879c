// The database file's header as the engine sees it (DbHeader), read from a real ESE file: the
// header in page 0, its shadow copy in page 1 (ese/reader.ts readEseHeaderFd verifies the XOR
// checksum and falls back to the shadow). ESE records no page count in its header, so the data
// pages are counted from the file's size; backup sizes the stream as (logical last page + 3)
// pages (SEMANTICS.md §1).
import { closeSync, fstatSync, openSync } from 'node:fs';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, jetError } from '@winbackup/errors';
import type { JET_BKINFO, JET_LGPOS, JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import { dbHeaderOfEse } from '../ese/dbheader.js';
import type { EseHeader } from '../ese/header.js';
import { readEseHeaderFd } from '../ese/reader.js';

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
}

/** A database file's header in the engine's view, and the ESE header it was mapped from. */
export interface DbFileHeader {
  readonly header: DbHeader;
  readonly ese: EseHeader;
}

/** Reads and verifies the header of an open database file (page 0, else its shadow in page 1). */
export function readFileHeaderFd(fd: number, context: string): DbFileHeader {
  const ese = readEseHeaderFd(fd, context);
  const cpgData = Math.floor(fstatSync(fd).size / ese.cbPageSize) - 2;
  if (cpgData < 0) throw jetError(JET_errDatabaseCorrupted, { context });
  return { header: dbHeaderOfEse(ese, cpgData), ese };
}

/** Reads and verifies the header of the database file at `path` (readFileHeaderFd). */
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

/** Reads and verifies the header of the database file at `path`, in the engine's view. */
export function readDbHeader(path: string, context: string): DbHeader {
  return readDbFileHeader(path, context).header;
}
