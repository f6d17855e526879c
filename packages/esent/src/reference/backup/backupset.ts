// Reading a backup set: a streamed database file (its pages, then the trailer page) and the
// archived logs beside it.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, JET_errRestoreOfNonBackupDatabase, isJetError, jetError } from '@winbackup/errors';
import { readDbFileHeader, type DbHeader } from '../storage/dbfile.js';
import { decodeTrailer, type BackupTrailer } from './trailer.js';

export interface StreamedDatabase {
  readonly file: string;
  readonly header: DbHeader;
  readonly trailer: BackupTrailer;
}

/** Reads the header and trailer of a streamed database (SEMANTICS.md §5 error codes). */
export function readStreamedDatabase(file: string, context: string): StreamedDatabase {
  let header: DbHeader;
  try {
    statSync(file);
  } catch {
    throw jetError(JET_errFileNotFound, { context: `${context}: ${file}` });
  }
  try {
    const read = readDbFileHeader(file, context);
    // an ESE header records no size: the data pages are counted from the file, which here ends
    // with the trailer page
    header = { ...read.header, cpgData: read.header.cpgData - 1 };
  } catch (e) {
    if (isJetError(e, JET_errFileNotFound)) throw e;
    throw jetError(JET_errDatabaseCorrupted, { context: `${context}: ${file}` });
  }
  const fd = openSync(file, 'r');
  try {
    const ps = header.pageSize;
    const at = (header.cpgData + 2) * ps;
    if (header.cpgData < 0 || fstatSync(fd).size < at + ps) throw jetError(JET_errRestoreOfNonBackupDatabase, { context: `${context}: ${file}` });
    const page = Buffer.alloc(ps);
    readSync(fd, page, 0, ps, at);
    const trailer = decodeTrailer(page);
    if (!trailer) throw jetError(JET_errRestoreOfNonBackupDatabase, { context: `${context}: ${file}` });
    return { file, header, trailer };
  } finally {
    closeSync(fd);
  }
}

/** The streamed databases in a folder (files whose last page is a backup trailer). */
export function findStreamedDatabases(dir: string): StreamedDatabase[] {
  const out: StreamedDatabase[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (!statSync(p).isFile() || name.toLowerCase().endsWith('.log')) continue;
    try {
      out.push(readStreamedDatabase(p, 'restore'));
    } catch {
      // not a streamed database: other files may sit in a backup folder
    }
  }
  return out;
}

/** The log base name used by the archived logs in a folder (edb00001.log -> edb). */
export function findLogBaseName(dir: string): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    const m = /^(.+?)([0-9A-F]{5}|[0-9A-F]{8})\.log$/i.exec(name);
    if (m) return m[1]!;
  }
  return undefined;
}
