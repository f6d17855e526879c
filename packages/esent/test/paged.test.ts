// The paged database file (engine/dbstore.ts): records live on their pages after a checkpoint and
// are read on demand; a checkpoint writes only what changed, never over a page the durable header
// references, reuses freed pages, only appends while a backup runs, and a snapshot keeps its older
// image whatever later checkpoints do with the pages.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JET_bitSeekEQ, JET_prepReplace, createReferenceEsent } from '../src/index.js';
import type { AttachedDb } from '../src/reference/engine/database.js';
import type { ReferenceEsent } from '../src/reference/ReferenceEsent.js';
import { PackedRow } from '../src/reference/isam/packedrow.js';
import { StoredRow } from '../src/reference/isam/storedrow.js';
import { PageFile } from '../src/reference/storage/pagefile.js';
import { insert, long, readAll, useFixture, type Fixture, type TempRoot } from './helpers.js';

const KIB = 1024;

describe('paged database file', () => {
  let root: TempRoot;
  let f: Fixture;
  useFixture((x, r) => {
    f = x;
    root = r;
  });
  const inst = () => (f.api as ReferenceEsent).findInstance(f.inst, 'test');
  const db = (): AttachedDb => inst().dbs.get(join(root.dir, 'test.edb'))!;
  const recs = () => [...db().content.getTable('t')!.recs.values()];
  const dbPath = () => join(root.dir, 'test.edb');

  async function put(id: number, size: number, fill: number): Promise<void> {
    await f.api.JetBeginTransaction(f.sesid);
    await insert(f, id, `r${id}`);
    await f.api.JetCommitTransaction(f.sesid, 0);
    await setData(id, size, fill);
  }

  async function seek(id: number, sesid = f.sesid, tableid = f.tableid): Promise<void> {
    await f.api.JetMakeKey(sesid, tableid, long(id), 4, 0x1);
    await f.api.JetSeek(sesid, tableid, JET_bitSeekEQ);
  }

  async function setData(id: number, size: number, fill: number): Promise<void> {
    await f.api.JetBeginTransaction(f.sesid);
    await seek(id);
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, JET_prepReplace);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colData, Buffer.alloc(size, fill), size, 0, null);
    await f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetCommitTransaction(f.sesid, 0);
  }

  async function data(id: number, sesid = f.sesid, tableid = f.tableid): Promise<Buffer> {
    await seek(id, sesid, tableid);
    const size = (await f.api.JetRetrieveColumn(sesid, tableid, f.colData, 0, 0, null)).cbActual;
    return (await f.api.JetRetrieveColumn(sesid, tableid, f.colData, size, 0, null)).pvData!;
  }

  function pageBytes(from: number, to: number): Buffer {
    const fd = openSync(dbPath(), 'r');
    const b = Buffer.alloc((to - from) * 8192);
    readSync(fd, b, 0, b.length, from * 8192);
    closeSync(fd);
    return b;
  }

  it('after a checkpoint every committed record lives on its pages and reads back from them', async () => {
    for (let i = 1; i <= 20; i++) await put(i, 100 * KIB, i);
    expect(recs().every((r) => r.committed instanceof PackedRow)).toBe(true);
    inst().checkpoint();
    expect(recs().every((r) => r.committed instanceof StoredRow)).toBe(true);
    for (let i = 1; i <= 20; i++) expect((await data(i)).equals(Buffer.alloc(100 * KIB, i))).toBe(true);
    // small records share pages, a 100 KiB one takes a run of its own
    const rows = recs().map((r) => r.committed as StoredRow);
    expect(new Set(rows.map((r) => r.pgno)).size).toBe(20);
    expect(rows.every((r) => r.off === 0 && r.cb > 100 * KIB)).toBe(true);
  });

  it('a checkpoint rewrites only the records that changed', async () => {
    for (let i = 1; i <= 10; i++) await put(i, 64 * KIB, i);
    inst().checkpoint();
    const before = new Map(recs().map((r) => [r.bmId, r.committed as StoredRow]));
    // the runs the durable header references: every record's pages and the directory
    const runs = [...before.values()].map((r) => [r.pgno, r.pgno + Math.ceil(r.cb / (8192 - 16))] as const);
    runs.push([db().header.pgnoDir, db().header.pgnoDir + db().header.cpgDir]);
    const image = runs.map(([a, b]) => pageBytes(a, b));
    await setData(3, 64 * KIB, 0xee);
    inst().checkpoint();
    const changed = recs().filter((r) => r.committed !== before.get(r.bmId));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.committed!.get(f.colData)!.equals(Buffer.alloc(64 * KIB, 0xee))).toBe(true);
    // nothing the previous header referenced was overwritten: the new image went elsewhere
    runs.forEach(([a, b], i) => expect(pageBytes(a, b).equals(image[i]!)).toBe(true));
    expect((await data(3)).equals(Buffer.alloc(64 * KIB, 0xee))).toBe(true);
    expect((await data(4)).equals(Buffer.alloc(64 * KIB, 4))).toBe(true);
  });

  it('pages freed by one checkpoint are reused by later ones: rewriting the same records keeps the file bounded', async () => {
    for (let i = 1; i <= 8; i++) await put(i, 64 * KIB, i);
    inst().checkpoint();
    const first = statSync(dbPath()).size;
    for (let round = 0; round < 20; round++) {
      for (let i = 1; i <= 8; i++) await setData(i, 64 * KIB, round);
      inst().checkpoint();
    }
    // two generations of the records at most (the durable one and the one being written) plus slack
    expect(statSync(dbPath()).size).toBeLessThan(first * 2 + 64 * 8192);
    for (let i = 1; i <= 8; i++) expect((await data(i)).equals(Buffer.alloc(64 * KIB, 19))).toBe(true);
  });

  it('while a backup runs checkpoints only append; afterwards freed pages are reused', async () => {
    for (let i = 1; i <= 8; i++) await put(i, 64 * KIB, i);
    inst().checkpoint();
    await setData(1, 64 * KIB, 0x11);
    inst().checkpoint(); // frees the first image of record 1
    const end = db().header.cpgData + 2;
    const image = pageBytes(2, end);
    inst().backup.inProgress = true;
    for (let i = 1; i <= 8; i++) await setData(i, 64 * KIB, 0x22);
    inst().checkpoint();
    inst().backup.inProgress = false;
    // every page below the end of the file as a backup saw it is unchanged (headers aside)
    expect(pageBytes(2, end).equals(image)).toBe(true);
    expect(db().header.cpgData + 2).toBeGreaterThan(end);
    const grown = db().header.cpgData;
    for (let i = 1; i <= 8; i++) await setData(i, 64 * KIB, 0x33);
    inst().checkpoint();
    expect(db().header.cpgData).toBe(grown);
    for (let i = 1; i <= 8; i++) expect((await data(i)).equals(Buffer.alloc(64 * KIB, 0x33))).toBe(true);
  });

  it('a snapshot keeps reading its older image after checkpoints reused that image\'s pages', async () => {
    await put(1, 32 * KIB, 0xaa);
    await put(2, 32 * KIB, 0x01);
    inst().checkpoint();
    const reader = await f.api.JetBeginSession(f.inst, null, null);
    const dbid = await f.api.JetOpenDatabase(reader, 'test.edb', null, 0);
    const t = await f.api.JetOpenTable(reader, dbid, 't', null, 0, 0);
    await f.api.JetBeginTransaction(reader);
    expect((await data(1, reader, t)).equals(Buffer.alloc(32 * KIB, 0xaa))).toBe(true);
    for (let round = 0; round < 5; round++) {
      await setData(1, 32 * KIB, round);
      await setData(2, 32 * KIB, round);
      inst().checkpoint();
    }
    expect((await data(1, reader, t)).equals(Buffer.alloc(32 * KIB, 0xaa))).toBe(true);
    await f.api.JetCommitTransaction(reader, 0);
    expect((await data(1, reader, t)).equals(Buffer.alloc(32 * KIB, 4))).toBe(true);
    await f.api.JetCloseTable(reader, t);
    await f.api.JetEndSession(reader, 0);
  });

  it('a checkpoint cut off before its header is written leaves the previous one; recovery replays the rest', async () => {
    for (let i = 1; i <= 5; i++) await put(i, 16 * KIB, i);
    inst().checkpoint();
    for (let i = 6; i <= 9; i++) await put(i, 16 * KIB, i);
    await setData(2, 16 * KIB, 0x77);
    const spy = vi.spyOn(PageFile.prototype, 'writeHeader').mockImplementationOnce(() => {
      throw new Error('power cut');
    });
    expect(() => inst().checkpoint()).toThrow('power cut');
    spy.mockRestore();
    // the first engine is abandoned as after a crash; a second one recovers the files
    const api = createReferenceEsent({ root: root.dir });
    const i2 = await api.JetCreateInstance('after');
    await api.JetInit(i2);
    const g = await tableFixtureAttach(api, i2);
    expect(await readAll(g, g.sesid, g.tableid)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await api.JetTerm(i2);
  });

  async function tableFixtureAttach(api: typeof f.api, i2: typeof f.inst): Promise<Fixture> {
    const sesid = await api.JetBeginSession(i2, null, null);
    await api.JetAttachDatabase(sesid, 'test.edb', 0);
    const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
    const tableid = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    return { ...f, api, inst: i2, sesid, dbid, tableid };
  }

  it('attaching reads the directory only: records stay on disk until a cursor reads them', async () => {
    for (let i = 1; i <= 10; i++) await put(i, 200 * KIB, i);
    await f.api.JetCloseTable(f.sesid, f.tableid);
    await f.api.JetCloseDatabase(f.sesid, f.dbid, 0);
    await f.api.JetDetachDatabase(f.sesid, 'test.edb');
    const read = vi.spyOn(PageFile.prototype, 'readRun');
    await f.api.JetAttachDatabase(f.sesid, 'test.edb', 0);
    // the directory run only
    expect(read).toHaveBeenCalledTimes(1);
    expect(db().header.cpgDir).toBe(read.mock.calls[0]![1]);
    const dbid = await f.api.JetOpenDatabase(f.sesid, 'test.edb', null, 0);
    const tableid = await f.api.JetOpenTable(f.sesid, dbid, 't', null, 0, 0);
    expect(await readAll({ ...f, dbid, tableid }, f.sesid, tableid)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await data(7, f.sesid, tableid)).equals(Buffer.alloc(200 * KIB, 7))).toBe(true);
    read.mockRestore();
    f = { ...f, dbid, tableid };
  });
});
