// Backup and restore on real ESE files (ese/writer.ts layout): the header readers (readDbHeader,
// JetGetDatabaseFileInfo, the streamed-database reader of restore) map the ESE header; page verification uses ESE's checksums (the header XOR on
// file pages 0 and 1, the XOR-ECC of ESE page i - 1 on file page i, pages of zeros passing), on
// the calling thread (pageverify.ts) and in the read-ahead worker's own copy of the algorithm; a
// database stream of an ESE file gives the file's bytes, and JET_errReadVerifyFailure on the read
// holding a bad page, on every read path.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errDatabaseCorrupted, JET_errReadVerifyFailure, JET_errRestoreOfNonBackupDatabase } from '@winbackup/errors';
import { createReferenceEsent, JET_DbInfoMisc, JET_DbInfoPageSize, type JET_DBINFOMISC } from '../../src/index.js';
import { findStreamedDatabases, readStreamedDatabase } from '../../src/reference/backup/backupset.js';
import { DatabaseStream, streamTuning } from '../../src/reference/backup/dbstream.js';
import { firstBadPage } from '../../src/reference/backup/pageverify.js';
import { decodeTrailer, encodeTrailer } from '../../src/reference/backup/trailer.js';
import { ESE_VERIFY_SOURCE } from '../../src/reference/backup/verifyworker.js';
import { headerChecksum, verifyDataPage } from '../../src/reference/ese/checksum.js';
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

/** File page indexes (>= 2) of the pages of `bytes` that verifyDataPage reports as `kind`. */
function pagesOf(bytes: Buffer, cbPage: number, kind: 'ok' | 'empty'): number[] {
  const out: number[] = [];
  for (let i = 2; i < bytes.length / cbPage; i++) if (verifyDataPage(bytes.subarray(i * cbPage, (i + 1) * cbPage), i - 1) === kind) out.push(i);
  return out;
}

describe('firstBadPage on ESE pages', () => {
  it.each([4096, 32768])('a good file has no bad page; one flipped byte names its file page (%i-byte pages)', (cbPage) => {
    const bytes = writeEseDatabase({ cbPage, tables: makeTables(60), now: 0 });
    // the file has written and never-written (zero) data pages: both pass
    expect(pagesOf(bytes, cbPage, 'ok').length).toBeGreaterThan(10);
    expect(pagesOf(bytes, cbPage, 'empty').length).toBeGreaterThan(10);
    expect(firstBadPage(bytes, bytes.length, cbPage, 0)).toBe(-1);
    const data = pagesOf(bytes, cbPage, 'ok')[5]!;
    const empty = pagesOf(bytes, cbPage, 'empty')[0]!;
    for (const [filePage, at] of [
      [data, cbPage - 3],
      [data, 20],
      [empty, 500],
      [0, 100],
      [1, 300],
      // a 32 KiB page's last block, checked by the sum kept in the extended header
      [data, Math.floor((cbPage * 7) / 8)],
    ] as const) {
      const damaged = Buffer.from(bytes);
      damaged[filePage * cbPage + at]! ^= 0x10;
      expect(firstBadPage(damaged, damaged.length, cbPage, 0)).toBe(filePage);
      // a buffer that starts later in the file: pgno0 is the file page of its first page
      if (filePage >= 2) expect(firstBadPage(damaged.subarray((filePage - 1) * cbPage), 2 * cbPage, cbPage, filePage - 1)).toBe(filePage);
    }
    // past its first 4 KiB a header page is not summed, as the header reader (ese/reader.ts) reads it
    if (cbPage > 4096) {
      const past = Buffer.from(bytes);
      past[6000]! ^= 0x10;
      expect(firstBadPage(past, past.length, cbPage, 0)).toBe(-1);
    }
    // the same bytes checked as another ESE page number fail (the page number is in the sum)
    expect(firstBadPage(bytes.subarray(data * cbPage, (data + 1) * cbPage), cbPage, cbPage, data + 1)).toBe(data + 1);
  });
});

describe('the read-ahead worker\'s ESE checks agree with ese/checksum.ts', () => {
  type Checks = {
    eseHeaderOk: (view: DataView, at: number, cb: number) => boolean;
    eseDataOk: (data: Uint8Array, view: DataView, at: number, cb: number, pgno: number) => boolean;
  };
  // the worker's source text, run here as it runs in the worker
  const checks = new Function(`${ESE_VERIFY_SOURCE}\nreturn { eseHeaderOk, eseDataOk };`)() as Checks;

  it.each([4096, 8192, 16384, 32768])('on every page of a file, good and with one byte flipped (%i-byte pages)', (cbPage) => {
    const bytes = writeEseDatabase({ cbPage, tables: makeTables(60), now: 0 });
    // an old-format data page too (no fPageNewChecksumFormat: the header's XOR), as older engines write
    const old = Buffer.from(bytes.subarray(pagesOf(bytes, cbPage, 'ok')[0]! * cbPage).subarray(0, cbPage));
    old.writeUInt32LE(old.readUInt32LE(36) & ~0x2000, 36);
    old.writeUInt32LE(headerChecksum(old), 0);
    const all = Buffer.concat([bytes, old]);
    const pages = all.length / cbPage;
    let seed = cbPage;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    let bad = 0;
    for (let i = 0; i < pages; i++) {
      const pgno = i === pages - 1 ? pagesOf(bytes, cbPage, 'ok')[0]! - 1 : i - 1;
      for (const flip of [false, true]) {
        const page = Buffer.from(all.subarray(i * cbPage, (i + 1) * cbPage));
        // the header checksum covers the header page's first 4 KiB
        if (flip) page[next() % (i < 2 ? 4096 : cbPage)]! ^= 1 << next() % 8;
        const view = new DataView(page.buffer, page.byteOffset, cbPage);
        const expected = i < 2 ? headerChecksum(page.subarray(0, 4096)) === page.readUInt32LE(0) : verifyDataPage(page, pgno) !== 'bad';
        const got = i < 2 ? checks.eseHeaderOk(view, 0, cbPage) : checks.eseDataOk(page, view, 0, cbPage, pgno);
        expect(got, `page ${i}${flip ? ' flipped' : ''}`).toBe(expected);
        // a good page passes; every single-bit flip is caught
        expect(got).toBe(!flip);
        if (!got) bad++;
      }
    }
    expect(bad).toBe(pages);
  });
});

const modes = [
  { name: 'on demand', tuning: { readAheadMinBytes: Number.MAX_SAFE_INTEGER } },
  // the worker reads and checks every chunk (its own copy of the ESE checks); the caller waits
  { name: 'read-ahead by the worker', tuning: { readAheadMinBytes: 0, chunks: 2, slots: 3, callerHelps: false } },
  // the calling thread takes any read or check the worker has not started
  { name: 'read-ahead shared', tuning: { readAheadMinBytes: 0, chunks: 2, slots: 3, callerHelps: true } },
];

describe.each(modes)('database stream of an ESE file ($name)', ({ tuning }) => {
  let root: TempRoot;
  const saved = { ...streamTuning };
  let stream: DatabaseStream | undefined;
  useTempRoot((r) => (root = r));
  afterEach(() => {
    stream?.close();
    stream = undefined;
    Object.assign(streamTuning, saved);
  });

  function open(path: string, cbPage: number): DatabaseStream {
    const { chunks, ...rest } = tuning as { chunks?: number };
    Object.assign(streamTuning, rest, chunks ? { chunk: chunks * cbPage } : {});
    stream = new DatabaseStream(path, (h) => ({ genMinRequired: 4, genMaxRequired: 6, szOriginalPath: path, signDbRandom: h.signDb.ulRandom }), 'test');
    return stream;
  }

  /** Reads the stream: `first` pages, then `next` pages a read. */
  async function readAll(s: DatabaseStream, cbPage: number, first: number, next: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(Math.max(first, next) * cbPage);
    for (let cb = first * cbPage; ; cb = next * cbPage) {
      const n = await s.read(buf, cb);
      if (n === 0) break;
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(parts);
  }

  it.each([4096, 32768])('streams the file byte for byte, then the trailer (%i-byte pages)', async (cbPage) => {
    const { path, bytes } = eseFile(root.dir, cbPage);
    const s = open(path, cbPage);
    expect(s.size).toBe(bytes.length + cbPage);
    const got = await readAll(s, cbPage, 3, 5);
    expect(got.length).toBe(bytes.length + cbPage);
    expect(got.subarray(0, bytes.length).equals(bytes)).toBe(true);
    expect(decodeTrailer(got.subarray(bytes.length))).toEqual({ genMinRequired: 4, genMaxRequired: 6, szOriginalPath: path, signDbRandom: signDb.ulRandom });
  });

  it.each([4096, 32768])('ReadVerifyFailure on the read holding a bad data page, not before (%i-byte pages)', async (cbPage) => {
    const { path, bytes } = eseFile(root.dir, cbPage);
    const s = open(path, cbPage);
    // a written page past the first chunks, damaged after the open (the stream reads it later)
    const bad = pagesOf(bytes, cbPage, 'ok').find((p) => p >= 9)!;
    // one byte (equal changes to two words of a group would cancel out in the XOR-ECC sum)
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([bytes[bad * cbPage + 200]! ^ 0x10]), 0, 1, bad * cbPage + 200);
    closeSync(fd);
    const buf = Buffer.alloc(3 * cbPage);
    expect(await s.read(buf, 3 * cbPage)).toBe(3 * cbPage);
    for (let p = 3; p < bad; p++) {
      expect(await s.read(buf, cbPage)).toBe(cbPage);
      expect(buf.subarray(0, cbPage).equals(bytes.subarray(p * cbPage, (p + 1) * cbPage))).toBe(true);
    }
    await expect(s.read(buf, cbPage)).rejects.toMatchObject({ code: JET_errReadVerifyFailure, context: `JetReadFileInstance: page ${bad}` });
  });

  it('ReadVerifyFailure on a bad header page 0 (the open reads the shadow)', async () => {
    const cbPage = 8192;
    const { path, bytes } = eseFile(root.dir, cbPage);
    const damaged = Buffer.from(bytes);
    damaged[120]! ^= 0x04;
    writeFileSync(path, damaged);
    const s = open(path, cbPage);
    expect(s.header.signDb).toEqual(signDb);
    await expect(s.read(Buffer.alloc(3 * cbPage), 3 * cbPage)).rejects.toMatchObject({ code: JET_errReadVerifyFailure, context: 'JetReadFileInstance: page 0' });
  });
});

describe('database stream of a database the engine created', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));
  const saved = { ...streamTuning };
  beforeEach(() => Object.assign(streamTuning, { readAheadMinBytes: Number.MAX_SAFE_INTEGER }));
  afterEach(() => Object.assign(streamTuning, saved));

  it('is an ESE file, streamed and verified as one', async () => {
    const api = createReferenceEsent({ root: root.dir });
    const inst = await api.JetCreateInstance('own');
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    await api.JetCreateDatabase(sesid, 'own.edb', null, 0);
    await api.JetTerm(inst);
    const path = join(root.dir, 'own.edb');
    expect(readDbFileHeader(path, 'test').ese.ulVersion).toBe(0x620);
    const s = new DatabaseStream(path, () => ({ genMinRequired: 1, genMaxRequired: 1, szOriginalPath: path, signDbRandom: 0 }), 'test');
    try {
      const buf = Buffer.alloc(s.size);
      expect(await s.read(buf, s.size)).toBe(s.size);
      expect(buf.subarray(0, s.size - s.pageSize).equals(readFileSync(path).subarray(0, s.size - s.pageSize))).toBe(true);
    } finally {
      s.close();
    }
  });
});
