// The engine's database file is a real ESE database (engine/esestore.ts): records live in the
// file's record and long-value trees after a checkpoint and are read on demand; a checkpoint writes
// one in-place batch of what changed, freed pages are reused, nothing is written while a backup
// runs, a snapshot keeps its older image whatever later checkpoints do, and a checkpoint cut off
// midway leaves the previous one for recovery to replay from.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JET_bitSeekEQ, JET_prepReplace, createReferenceEsent } from '../src/index.js';
import type { AttachedDb } from '../src/reference/engine/database.js';
import { EseStoredRow } from '../src/reference/engine/esestore.js';
import { doubleWritePath } from '../src/reference/ese/doublewrite.js';
import { EseDatabaseReader } from '../src/reference/ese/reader.js';
import { PackedRow } from '../src/reference/isam/packedrow.js';
import type { ReferenceEsent } from '../src/reference/ReferenceEsent.js';
import { insert, long, readAll, useFixture, type Fixture, type TempRoot } from './helpers.js';

const KIB = 1024;
const PAGE = 8192;

describe('the engine keeps its databases as ESE files', () => {
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

  /** File pages (header pages included) whose bytes differ between two images of the file. */
  function pagesChanged(a: Buffer, b: Buffer): number {
    let n = 0;
    for (let off = 0; off < Math.max(a.length, b.length); off += PAGE) {
      if (!a.subarray(off, off + PAGE).equals(b.subarray(off, off + PAGE))) n++;
    }
    return n;
  }

  it('after a checkpoint every committed record lives in the file and reads back from it', async () => {
    for (let i = 1; i <= 20; i++) await put(i, 100 * KIB, i);
    expect(recs().every((r) => r.committed instanceof PackedRow)).toBe(true);
    inst().checkpoint();
    expect(recs().every((r) => r.committed instanceof EseStoredRow)).toBe(true);
    for (let i = 1; i <= 20; i++) expect((await data(i)).equals(Buffer.alloc(100 * KIB, i))).toBe(true);
    // the file holds them: ESE's own reader finds the 20 records and their 100 KiB long values
    const reader = EseDatabaseReader.open(dbPath(), 'test');
    try {
      const t = reader.tables.get('t')!;
      const rows = [...reader.records(t)].map((r) => reader.rowValues(t, r.record));
      expect(rows.map((v) => v.get(1)![0]!.readInt32LE(0))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(rows.every((v, i) => v.get(256)![0]!.equals(Buffer.alloc(100 * KIB, i + 1)))).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('a checkpoint rewrites only the records that changed, in a few pages', async () => {
    for (let i = 1; i <= 200; i++) await put(i, 2 * KIB, i);
    inst().checkpoint();
    const before = new Map(recs().map((r) => [r.bmId, r.committed]));
    const image = readFileSync(dbPath());
    await setData(3, 2 * KIB, 0xee);
    inst().checkpoint();
    const changed = recs().filter((r) => r.committed !== before.get(r.bmId));
    expect(changed).toHaveLength(1);
    expect(changed[0]!.committed!.get(f.colData)!.equals(Buffer.alloc(2 * KIB, 0xee))).toBe(true);
    // header, shadow, the leaf path of the record and of its long value, the space trees
    const pages = image.length / PAGE;
    expect(pages).toBeGreaterThan(60);
    expect(pagesChanged(image, readFileSync(dbPath()))).toBeLessThanOrEqual(16);
    expect((await data(3)).equals(Buffer.alloc(2 * KIB, 0xee))).toBe(true);
    expect((await data(4)).equals(Buffer.alloc(2 * KIB, 4))).toBe(true);
  });

  it('pages freed by one checkpoint are reused by later ones: rewriting the same records keeps the file bounded', async () => {
    for (let i = 1; i <= 8; i++) await put(i, 64 * KIB, i);
    inst().checkpoint();
    const first = statSync(dbPath()).size;
    for (let round = 0; round < 20; round++) {
      for (let i = 1; i <= 8; i++) await setData(i, 64 * KIB, round);
      inst().checkpoint();
    }
    // the long values of one round take about 64 pages: the file never holds 20 rounds of them
    expect(statSync(dbPath()).size).toBeLessThan(first * 2 + 64 * PAGE);
    for (let i = 1; i <= 8; i++) expect((await data(i)).equals(Buffer.alloc(64 * KIB, 19))).toBe(true);
  });

  it('while a backup runs the file does not change; the first checkpoint after it writes what waited', async () => {
    for (let i = 1; i <= 8; i++) await put(i, 16 * KIB, i);
    inst().checkpoint();
    const image = readFileSync(dbPath());
    inst().backup.inProgress = true;
    for (let i = 1; i <= 8; i++) await setData(i, 16 * KIB, 0x22);
    inst().checkpoint();
    expect(readFileSync(dbPath()).equals(image)).toBe(true);
    expect(db().firstUnflushed).toBeDefined();
    inst().backup.inProgress = false;
    inst().checkpoint();
    expect(db().firstUnflushed).toBeUndefined();
    expect(readFileSync(dbPath()).equals(image)).toBe(false);
    expect(recs().every((r) => r.committed instanceof EseStoredRow)).toBe(true);
    for (let i = 1; i <= 8; i++) expect((await data(i)).equals(Buffer.alloc(16 * KIB, 0x22))).toBe(true);
  });

  it("a snapshot keeps reading its older image after checkpoints reused that image's pages", async () => {
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

  async function attachIn(api: typeof f.api, i2: typeof f.inst): Promise<Fixture> {
    const sesid = await api.JetBeginSession(i2, null, null);
    await api.JetAttachDatabase(sesid, 'test.edb', 0);
    const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
    const tableid = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    return { ...f, api, inst: i2, sesid, dbid, tableid };
  }

  // 0: before anything is written; 3: some of the batch's fresh pages written; 'dw': the
  // double-write file is complete, nothing overwritten in place yet (recovery replays it)
  for (const cut of [0, 3, 'dw'] as const) {
    it(`a checkpoint cut off at step ${cut} of its batch leaves a file recovery brings to every commit`, async () => {
      for (let i = 1; i <= 5; i++) await put(i, 16 * KIB, i);
      inst().checkpoint();
      for (let i = 6; i <= 9; i++) await put(i, 16 * KIB, i);
      await setData(2, 16 * KIB, 0x77);
      db().store.beforeStep = (s) => {
        if (cut === 'dw' ? existsSync(doubleWritePath(dbPath())) : s === cut) throw new Error('power cut');
      };
      expect(() => inst().checkpoint()).toThrow('power cut');
      // the first engine is abandoned as after a crash; a second one recovers the files
      const api = createReferenceEsent({ root: root.dir });
      const i2 = await api.JetCreateInstance('after');
      await api.JetInit(i2);
      const g = await attachIn(api, i2);
      expect(await readAll(g, g.sesid, g.tableid)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await api.JetMakeKey(g.sesid, g.tableid, long(2), 4, 0x1);
      await api.JetSeek(g.sesid, g.tableid, JET_bitSeekEQ);
      const v = await api.JetRetrieveColumn(g.sesid, g.tableid, f.colData, 16 * KIB, 0, null);
      expect(v.pvData!.equals(Buffer.alloc(16 * KIB, 0x77))).toBe(true);
      expect(existsSync(doubleWritePath(dbPath()))).toBe(false);
      await api.JetTerm(i2);
    });
  }

  it('attaching reads each record once for its keys and no long value: those stay on disk until a cursor reads them', async () => {
    for (let i = 1; i <= 10; i++) await put(i, 200 * KIB, i);
    await f.api.JetCloseTable(f.sesid, f.tableid);
    await f.api.JetCloseDatabase(f.sesid, f.dbid, 0);
    await f.api.JetDetachDatabase(f.sesid, 'test.edb');
    const lv = vi.spyOn(EseDatabaseReader.prototype, 'longValue');
    await f.api.JetAttachDatabase(f.sesid, 'test.edb', 0);
    expect(lv).not.toHaveBeenCalled();
    const dbid = await f.api.JetOpenDatabase(f.sesid, 'test.edb', null, 0);
    const tableid = await f.api.JetOpenTable(f.sesid, dbid, 't', null, 0, 0);
    expect((await data(7, f.sesid, tableid)).equals(Buffer.alloc(200 * KIB, 7))).toBe(true);
    expect(lv).toHaveBeenCalled();
    lv.mockRestore();
    f = { ...f, dbid, tableid };
  });
});
