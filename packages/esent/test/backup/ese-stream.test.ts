// Backup and restore on real ESE files (ese/writer.ts layout) beside the engine's own format: the
// header readers dispatch on the file's format (readDbHeader, JetGetDatabaseFileInfo, the
// streamed-database reader of restore).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JET_errDatabaseCorrupted, JET_errRestoreOfNonBackupDatabase } from '@winbackup/errors';
import { createReferenceEsent, JET_DbInfoMisc, JET_DbInfoPageSize, type JET_DBINFOMISC } from '../../src/index.js';
import { findStreamedDatabases, readStreamedDatabase } from '../../src/reference/backup/backupset.js';
import { encodeTrailer } from '../../src/reference/backup/trailer.js';
import { decodeHeaderPage, ESE_FORMAT_VERSION, ESE_WRITE_REVISION, JET_dbstateCleanShutdown } from '../../src/reference/ese/header.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { readDbFileHeader, readDbHeader } from '../../src/reference/storage/dbfile.js';
import { makeTables } from '../ese/fixture.js';
import { useTempRoot, type TempRoot } from '../helpers.js';

const signDb = { ulRandom: 0x1234567, logtimeCreate: { bSeconds: 1, bMinutes: 2, bHours: 3, bDay: 4, bMonth: 5, bYear: 120, bFiller1: 1, bFiller2: 0 }, szComputerName: '' };

/** An ESE file of `rows` rows at `cbPage`, written to `dir/name`; returns its path and bytes. */
function eseFile(dir: string, cbPage: number, rows = 60, name = 'ese.edb'): { path: string; bytes: Buffer } {
  const bytes = writeEseDatabase({ cbPage, tables: makeTables(rows), now: 0, signDb, genMinRequired: 3, genMaxRequired: 5 });
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

describe('header readers on an ESE file', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));

  it.each([4096, 8192, 16384, 32768])('readDbHeader maps the ESE header (%i-byte pages)', (cbPage) => {
    const { path, bytes } = eseFile(root.dir, cbPage);
    expect(bytes.length % cbPage).toBe(0);
    const h = readDbHeader(path, 'test');
    expect(h.pageSize).toBe(cbPage);
    expect(h.dbstate).toBe(JET_dbstateCleanShutdown);
    expect(h.signDb).toEqual(signDb);
    expect(h.cpgData).toBe(bytes.length / cbPage - 2);
    expect(h.genMinRequired).toBe(3);
    expect(h.genMaxRequired).toBe(5);
    expect([h.pgnoDir, h.cpgDir, h.cbDir]).toEqual([0, 0, 0]);
    const both = readDbFileHeader(path, 'test');
    expect(both.ese).toEqual(decodeHeaderPage(bytes.subarray(0, cbPage)));
  });

  it('readDbHeader reads the shadow header when page 0 is bad, and a file with both bad is DatabaseCorrupted', () => {
    const cbPage = 8192;
    const { path, bytes } = eseFile(root.dir, cbPage);
    const damaged = Buffer.from(bytes);
    damaged[100]! ^= 0x01;
    writeFileSync(path, damaged);
    expect(readDbHeader(path, 'test').signDb).toEqual(signDb);
    damaged[cbPage + 100]! ^= 0x01;
    writeFileSync(path, damaged);
    expect(() => readDbHeader(path, 'test')).toThrow(expect.objectContaining({ code: JET_errDatabaseCorrupted }));
  });

  it('JetGetDatabaseFileInfo reports the ESE header: its version, revision, engine build and page size', async () => {
    const { path } = eseFile(root.dir, 16384);
    const api = createReferenceEsent({ root: root.dir });
    const info = (await api.JetGetDatabaseFileInfo(path, JET_DbInfoMisc)) as JET_DBINFOMISC;
    expect(info.ulVersion).toBe(ESE_FORMAT_VERSION);
    expect(info.ulUpdate).toBe(ESE_WRITE_REVISION);
    expect([info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber]).toEqual([10, 0, 19041]);
    expect(info.cbPageSize).toBe(16384);
    expect(info.dbstate).toBe(JET_dbstateCleanShutdown);
    expect(info.signDb).toEqual(signDb);
    expect([info.genMinRequired, info.genMaxRequired]).toEqual([3, 5]);
    expect(await api.JetGetDatabaseFileInfo(path, JET_DbInfoPageSize)).toBe(16384);
  });

  it('a streamed ESE file (pages then the trailer) reads back for restore; without the trailer it is RestoreOfNonBackupDatabase', () => {
    const cbPage = 4096;
    const { path, bytes } = eseFile(root.dir, cbPage, 60, 'plain.edb');
    const trailer = { genMinRequired: 7, genMaxRequired: 9, szOriginalPath: '/orig/ese.edb', signDbRandom: signDb.ulRandom };
    const streamed = join(root.dir, 'streamed.edb');
    writeFileSync(streamed, Buffer.concat([bytes, encodeTrailer(trailer, cbPage)]));
    const db = readStreamedDatabase(streamed, 'restore');
    expect(db.trailer).toEqual(trailer);
    // the trailer page is not a data page: restore cuts the file back to (cpgData + 2) pages
    expect(db.header.cpgData).toBe(bytes.length / cbPage - 2);
    expect((db.header.cpgData + 2) * cbPage).toBe(bytes.length);
    expect(() => readStreamedDatabase(path, 'restore')).toThrow(expect.objectContaining({ code: JET_errRestoreOfNonBackupDatabase }));
    expect(findStreamedDatabases(root.dir).map((d) => d.file)).toEqual([streamed]);
    expect(readFileSync(streamed).length).toBe(bytes.length + cbPage);
  });
});
