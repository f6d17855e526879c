import {
  JET_errCheckpointCorrupt,
  JET_errDatabaseCorrupted,
  JET_errDatabaseNotFound,
  JET_errLogFileCorrupt,
  JET_errMissingLogFile,
  JET_errReadVerifyFailure,
} from '@winbackup/errors';
import { existsSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createReferenceEsent,
  JET_bitCommitLazyFlush,
  JET_bitWaitLastLevel0Commit,
  JET_paramCheckpointDepthMax,
  JET_paramCircularLog,
  JET_paramLogFileSize,
} from '../src/index.js';
import { verifyDatabaseFile } from '../src/reference/engine/esestore.js';
import { pgnoFDPMSO } from '../src/reference/ese/catalog.js';
import { fPageLeaf, fPageLongValue } from '../src/reference/ese/page.js';
import { readDbHeader } from '../src/reference/storage/dbfile.js';
import { code, fixture, insert, long, readAll, useTempRoot, type Fixture, type TempRoot } from './helpers.js';

/** A second engine on the same files, as after a crash of the first (which is simply abandoned). */
async function reopen(root: string, f: Fixture, opts: { circular?: boolean } = {}): Promise<{ ids: number[]; term: () => Promise<void> }> {
  const api = createReferenceEsent({ root });
  const inst = await api.JetCreateInstance('after-crash');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
  if (opts.circular) await api.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  await api.JetAttachDatabase(sesid, 'test.edb', 0);
  const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
  const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
  const ids = await readAll({ ...f, api }, sesid, t);
  return { ids, term: () => api.JetTerm(inst) };
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, offset);
  b[0] = b[0]! ^ 0xff;
  writeSync(fd, b, 0, 1, offset);
  closeSync(fd);
}

async function manyTransactions(f: Fixture, from: number, count: number, lazy = false): Promise<void> {
  for (let i = 0; i < count; i++) {
    await f.api.JetBeginTransaction(f.sesid);
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, 0);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colId, long(from + i), 4, 0, null);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colData, Buffer.alloc(1200, i), 1200, 0, null);
    await f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetCommitTransaction(f.sesid, lazy ? JET_bitCommitLazyFlush : 0);
  }
}

describe('durability and recovery', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));

  it('a durable commit survives a crash; an open transaction leaves no trace', async () => {
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    await manyTransactions(f, 1, 3);
    await f.api.JetBeginTransaction(f.sesid);
    await insert(f, 100, 'uncommitted');
    const r = await reopen(root.dir, f);
    expect(r.ids).toEqual([1, 2, 3]);
    await r.term();
  });

  it('a database deleted and created again at the same path recovers as the new one', async () => {
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    await manyTransactions(f, 1, 3);
    await f.api.JetCloseTable(f.sesid, f.tableid);
    await f.api.JetCloseDatabase(f.sesid, f.dbid, 0);
    await f.api.JetDetachDatabase(f.sesid, 'test.edb');
    rmSync(join(root.dir, 'test.edb'));
    const dbid = await f.api.JetCreateDatabase(f.sesid, 'test.edb', null, 0);
    const r = await f.api.JetCreateTableColumnIndex(f.sesid, dbid, {
      szTableName: 't',
      rgcolumncreate: [
        { szColumnName: 'id', coltyp: 4 },
        { szColumnName: 'name', coltyp: 10, cp: 1200 },
        { szColumnName: 'data', coltyp: 11 },
      ],
      rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: 2 }],
    });
    const g = { ...f, dbid, tableid: r.tableid };
    await manyTransactions(g, 50, 2);
    const after = await reopen(root.dir, f);
    expect(after.ids).toEqual([50, 51]);
    await after.term();
  });

  it('a record larger than a log generation is split across generations of exactly JET_paramLogFileSize', async () => {
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    const big = Buffer.alloc(200 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    await f.api.JetBeginTransaction(f.sesid);
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, 0);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colId, long(1), 4, 0, null);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colData, big, big.length, 0, null);
    await f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetCommitTransaction(f.sesid, 0);
    // a second big transaction committed lazily: its first fragments reach the disk with the
    // rolls, its last one does not, so recovery must drop all of it
    await f.api.JetBeginTransaction(f.sesid);
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, 0);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colId, long(2), 4, 0, null);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colData, big, big.length, 0, null);
    await f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetCommitTransaction(f.sesid, JET_bitCommitLazyFlush);
    for (const n of readdirSync(root.dir).filter((x) => x.endsWith('.log'))) expect(statSync(join(root.dir, n)).size).toBe(64 * 1024);
    const r = await reopen(root.dir, f);
    expect(r.ids).toEqual([1]);
    await r.term();
  });

  it('lazy commits become durable with JET_bitWaitLastLevel0Commit', async () => {
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    await manyTransactions(f, 1, 5, true);
    await f.api.JetCommitTransaction(f.sesid, JET_bitWaitLastLevel0Commit);
    const r = await reopen(root.dir, f);
    expect(r.ids).toEqual([1, 2, 3, 4, 5]);
    await r.term();
  });

  it('archived logs are named <base> + 5 hex digits and accumulate without circular logging', async () => {
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    await manyTransactions(f, 1, 700, true);
    await f.api.JetTerm(f.inst);
    const logs = readdirSync(root.dir).filter((n) => n.endsWith('.log')).sort();
    expect(logs).toContain('edb00001.log');
    expect(logs).toContain('edb0000A.log');
    expect(logs).toContain('edb.log');
    expect(logs.every((n) => n === 'edb.log' || /^edb[0-9A-F]{5}\.log$/.test(n))).toBe(true);
    expect(statSync(join(root.dir, 'edb00001.log')).size).toBe(64 * 1024);
    const r = await reopen(root.dir, f);
    expect(r.ids).toHaveLength(700);
    await r.term();
  });

  it('circular logging deletes the generations behind the checkpoint', async () => {
    const api = createReferenceEsent({ root: root.dir });
    const f = await fixture(root.dir, { logFileSizeKB: 64 });
    await f.api.JetTerm(f.inst);
    void api;
    const g = await reopen(root.dir, f, { circular: true });
    await g.term();
    const api2 = createReferenceEsent({ root: root.dir });
    const inst = await api2.JetCreateInstance('circ');
    await api2.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
    await api2.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
    await api2.JetInit(inst);
    const sesid = await api2.JetBeginSession(inst, null, null);
    await api2.JetAttachDatabase(sesid, 'test.edb', 0);
    const dbid = await api2.JetOpenDatabase(sesid, 'test.edb', null, 0);
    const t = await api2.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    const h = { ...f, api: api2, sesid, tableid: t, dbid, inst };
    await manyTransactions(h, 1, 700, true);
    const archives = readdirSync(root.dir).filter((n) => /^edb[0-9A-F]{5}\.log$/.test(n));
    expect(archives.length).toBeLessThanOrEqual(2);
    await api2.JetTerm(inst);
  });

  it('a corrupt catalog page fails the attach with JET_errReadVerifyFailure', async () => {
    const f = await fixture(root.dir);
    await manyTransactions(f, 1, 50, true);
    await f.api.JetTerm(f.inst);
    const path = join(root.dir, 'test.edb');
    const h = readDbHeader(path, 'test');
    // MSysObjects' root: ESE page n lives at file offset (n + 1) x page size
    flipByte(path, (pgnoFDPMSO + 1) * h.pageSize + 100);
    const api = createReferenceEsent({ root: root.dir });
    const inst = await api.JetCreateInstance('x');
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    expect(await code(api.JetAttachDatabase(sesid, 'test.edb', 0))).toBe(JET_errReadVerifyFailure);
    // nothing is attached: the same file can be attached once it is repaired
    expect(await code(api.JetOpenDatabase(sesid, 'test.edb', null, 0))).toBe(JET_errDatabaseNotFound);
    await api.JetTerm(inst);
  });

  it('a corrupt long-value page is JET_errReadVerifyFailure when a cursor reads that record, not before', async () => {
    const f = await fixture(root.dir);
    await manyTransactions(f, 1, 50, true);
    await f.api.JetTerm(f.inst);
    const path = join(root.dir, 'test.edb');
    // attach visits every record (for its keys) but reads no long value: break a leaf of the
    // long-value tree (page flags at offset 36 of the page header)
    const { pageSize } = readDbHeader(path, 'test');
    const image = readFileSync(path);
    let pgno = -1;
    for (let p = 1; (p + 2) * pageSize <= image.length && pgno < 0; p++) {
      const flags = image.readUInt32LE((p + 1) * pageSize + 36);
      if (flags & fPageLongValue && flags & fPageLeaf) pgno = p;
    }
    expect(pgno).toBeGreaterThan(0);
    const before = verifyDatabaseFile(path);
    flipByte(path, (pgno + 1) * pageSize + 100);
    const api = createReferenceEsent({ root: root.dir });
    const inst = await api.JetCreateInstance('x');
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    expect(await code(api.JetAttachDatabase(sesid, 'test.edb', 0))).toBeUndefined();
    const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
    const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    expect(await code(readAll({ ...f, api }, sesid, t))).toBe(JET_errReadVerifyFailure);
    await api.JetCloseTable(sesid, t);
    await api.JetCloseDatabase(sesid, dbid, 0);
    await api.JetTerm(inst);
    // the file was not rewritten around the bad page: it still fails its check
    expect(before).toBeGreaterThan(10);
    expect(() => verifyDatabaseFile(path)).toThrow(/JET_errReadVerifyFailure/);
  });

  it('a torn header page falls back to the shadow header; two bad headers are JET_errDatabaseCorrupted', async () => {
    const f = await fixture(root.dir);
    await insert(f, 1, 'a');
    await f.api.JetTerm(f.inst);
    const path = join(root.dir, 'test.edb');
    flipByte(path, 40);
    const r = await reopen(root.dir, f);
    expect(r.ids).toEqual([1]);
    await r.term();
    // the clean JetTerm rewrote the file: damage both copies now
    flipByte(path, 40);
    flipByte(path, 8192 + 40);
    expect(await code(reopen(root.dir, f))).toBe(JET_errDatabaseCorrupted);
  });

  describe('after a crash with several generations to replay', () => {
    async function crashed(): Promise<Fixture> {
      const f = await fixture(root.dir, { logFileSizeKB: 64 });
      await f.api.JetSetSystemParameter(f.inst, null, JET_paramCheckpointDepthMax, 64 * 1024 * 1024, null);
      await manyTransactions(f, 1, 200);
      expect(existsSync(join(root.dir, 'edb00003.log'))).toBe(true);
      return f;
    }

    it('replays all of them', async () => {
      const f = await crashed();
      const r = await reopen(root.dir, f);
      expect(r.ids).toHaveLength(200);
      await r.term();
    });

    it('a corrupt log record is JET_errLogFileCorrupt', async () => {
      const f = await crashed();
      flipByte(join(root.dir, 'edb00002.log'), 4096 + 20);
      expect(await code(reopen(root.dir, f))).toBe(JET_errLogFileCorrupt);
    });

    it('a corrupt log file header is JET_errLogFileCorrupt', async () => {
      const f = await crashed();
      flipByte(join(root.dir, 'edb00002.log'), 30);
      expect(await code(reopen(root.dir, f))).toBe(JET_errLogFileCorrupt);
    });

    it('a missing generation is JET_errMissingLogFile', async () => {
      const f = await crashed();
      rmSync(join(root.dir, 'edb00002.log'));
      expect(await code(reopen(root.dir, f))).toBe(JET_errMissingLogFile);
    });

    it('a corrupt checkpoint is JET_errCheckpointCorrupt', async () => {
      const f = await crashed();
      flipByte(join(root.dir, 'edb.chk'), 12);
      expect(await code(reopen(root.dir, f))).toBe(JET_errCheckpointCorrupt);
    });

    it('a torn record at the end of the current log is dropped, not reported', async () => {
      const f = await crashed();
      const cur = join(root.dir, 'edb.log');
      // find the end of the records and write half a record there
      const data = Buffer.alloc(statSync(cur).size);
      const fd = openSync(cur, 'r+');
      readSync(fd, data, 0, data.length, 0);
      let pos = 4096;
      while (data.readUInt32LE(pos) !== 0) pos += 8 + data.readUInt32LE(pos);
      const torn = Buffer.alloc(12);
      torn.writeUInt32LE(500, 0);
      torn.writeUInt32LE(0xdeadbeef, 4);
      writeSync(fd, torn, 0, torn.length, pos);
      closeSync(fd);
      const r = await reopen(root.dir, f);
      expect(r.ids).toHaveLength(200);
      await r.term();
    });
  });
});
