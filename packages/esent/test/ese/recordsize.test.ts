// A record must fit one database page with its key (JET_errRecordTooBig). JetSetColumn refuses
// the value that would push the record past the page and leaves the column as it was; long
// values are moved out of the record into the long-value tree instead, so a row of large long
// values is stored. Every row the engine accepts is written at JetTerm and read back after it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JET_errRecordTooBig, JET_wrnColumnNull } from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_bitColumnMultiValued,
  JET_bitColumnTagged,
  JET_bitIndexPrimary,
  JET_bitRetrieveCopy,
  JET_coltypBinary,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_ColInfo,
  JET_MoveFirst,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '../../src/index.js';
import { code, long, useTempRoot, type TempRoot } from '../helpers.js';
import { esedbexport } from './fixture.js';

let root: TempRoot;
useTempRoot((r) => (root = r));

async function open(api: EsentApi, create: boolean, columns: { szColumnName: string; coltyp: number; grbit?: number }[]) {
  const inst = await api.JetCreateInstance('size');
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  const file = join(root.dir, 'size.edb');
  let tableid: JET_TABLEID;
  let cols: JET_COLUMNID[];
  let id: JET_COLUMNID;
  if (create) {
    const dbid = await api.JetCreateDatabase(sesid, file, null, 0);
    const made = await api.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 'T',
      rgcolumncreate: [{ szColumnName: 'id', coltyp: JET_coltypLong }, ...columns],
      rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
    });
    tableid = made.tableid;
    id = made.rgcolumnid[0]!;
    cols = made.rgcolumnid.slice(1);
  } else {
    await api.JetAttachDatabase(sesid, file, 0);
    const dbid = await api.JetOpenDatabase(sesid, file, null, 0);
    tableid = await api.JetOpenTable(sesid, dbid, 'T', null, 0, 0);
    id = (await api.JetGetTableColumnInfo(sesid, tableid, 'id', JET_ColInfo)).columnid;
    cols = [];
    for (const c of columns) cols.push((await api.JetGetTableColumnInfo(sesid, tableid, c.szColumnName, JET_ColInfo)).columnid);
  }
  return { inst, sesid, tableid, id, cols, file };
}

/** A column's value (itagSequence `itag`) in the record, or with `copy` in the update buffer (JET_bitRetrieveCopy). */
async function value(api: EsentApi, sesid: JET_SESID, tableid: JET_TABLEID, col: JET_COLUMNID, itag = 1, copy = false): Promise<Buffer | null> {
  const r = await api.JetRetrieveColumn(sesid, tableid, col, 64 * 1024, copy ? JET_bitRetrieveCopy : 0, { ibLongValue: 0, itagSequence: itag });
  return r.err === JET_wrnColumnNull ? null : r.pvData!;
}

type Opened = Awaited<ReturnType<typeof open>>;

/** Begins a transaction and an insert whose id is `id` (the test sets the other columns). */
async function insertWithId(api: EsentApi, a: Opened, id: number): Promise<void> {
  await api.JetBeginTransaction(a.sesid);
  await api.JetPrepareUpdate(a.sesid, a.tableid, JET_prepInsert);
  await api.JetSetColumn(a.sesid, a.tableid, a.id, long(id), 4, 0, null);
}

describe('JET_errRecordTooBig', () => {
  it('JetSetColumn refuses the variable column that would overflow an 8 KiB page; the row keeps the others and is stored', async () => {
    const columns = Array.from({ length: 40 }, (_, i) => ({ szColumnName: `v${i}`, coltyp: JET_coltypBinary }));
    const api = createReferenceEsent({ root: root.dir });
    const a = await open(api, true, columns);
    await insertWithId(api, a, 1);
    let refused = -1;
    for (let i = 0; i < 40; i++) {
      const v = Buffer.alloc(255, i + 1);
      const err = await code(api.JetSetColumn(a.sesid, a.tableid, a.cols[i]!, v, v.length, 0, null));
      if (err !== undefined) {
        expect(err).toBe(JET_errRecordTooBig);
        refused = i;
        break;
      }
    }
    // 8192 - 40 (page header) - 12 (tag, key and line overheads) bytes hold about 31 such values
    expect(refused).toBeGreaterThan(25);
    expect(refused).toBeLessThan(33);
    // the refused column is as it was (NULL), and a smaller value still fits
    expect(await value(api, a.sesid, a.tableid, a.cols[refused]!, 1, true)).toBeNull();
    expect(await value(api, a.sesid, a.tableid, a.cols[refused - 1]!, 1, true)).toEqual(Buffer.alloc(255, refused));
    await api.JetSetColumn(a.sesid, a.tableid, a.cols[refused]!, Buffer.alloc(8, 0xee), 8, 0, null);
    await api.JetUpdate(a.sesid, a.tableid);
    await api.JetCommitTransaction(a.sesid, 0);
    await api.JetTerm(a.inst);

    const b = await open(api, false, columns);
    await api.JetMove(b.sesid, b.tableid, JET_MoveFirst, 0);
    for (let i = 0; i < refused; i++) expect(await value(api, b.sesid, b.tableid, b.cols[i]!)).toEqual(Buffer.alloc(255, i + 1));
    expect(await value(api, b.sesid, b.tableid, b.cols[refused]!)).toEqual(Buffer.alloc(8, 0xee));
    for (let i = refused + 1; i < 40; i++) expect(await value(api, b.sesid, b.tableid, b.cols[i]!)).toBeNull();
    await api.JetTerm(b.inst);
    expect(esedbexport(b.file, join(root.dir, 'x')).get('T')!.trim().split('\n')).toHaveLength(2);
  });

  it('a multi-valued tagged column keeps the values before the one that would overflow', async () => {
    const columns = [{ szColumnName: 'mv', coltyp: JET_coltypBinary, grbit: JET_bitColumnTagged | JET_bitColumnMultiValued }];
    const api = createReferenceEsent({ root: root.dir });
    const a = await open(api, true, columns);
    await insertWithId(api, a, 7);
    let n = 0;
    for (;;) {
      const v = Buffer.alloc(200, n + 1);
      const err = await code(api.JetSetColumn(a.sesid, a.tableid, a.cols[0]!, v, v.length, 0, { ibLongValue: 0, itagSequence: 0 }));
      if (err !== undefined) {
        expect(err).toBe(JET_errRecordTooBig);
        break;
      }
      n++;
    }
    expect(n).toBeGreaterThan(30);
    // the refused value was not appended; replacing an existing value with a longer one is refused too
    expect(await value(api, a.sesid, a.tableid, a.cols[0]!, n + 1, true)).toBeNull();
    expect(await code(api.JetSetColumn(a.sesid, a.tableid, a.cols[0]!, Buffer.alloc(255, 9), 255, 0, { ibLongValue: 0, itagSequence: 1 }))).toBe(JET_errRecordTooBig);
    expect(await value(api, a.sesid, a.tableid, a.cols[0]!, 1, true)).toEqual(Buffer.alloc(200, 1));
    await api.JetUpdate(a.sesid, a.tableid);
    await api.JetCommitTransaction(a.sesid, 0);
    await api.JetTerm(a.inst);

    const b = await open(api, false, columns);
    await api.JetMove(b.sesid, b.tableid, JET_MoveFirst, 0);
    for (let i = 1; i <= n; i++) expect(await value(api, b.sesid, b.tableid, b.cols[0]!, i)).toEqual(Buffer.alloc(200, i));
    expect(await value(api, b.sesid, b.tableid, b.cols[0]!, n + 1)).toBeNull();
    await api.JetTerm(b.inst);
  });

  it('long values larger than a page together are separated, not refused', async () => {
    const columns = Array.from({ length: 10 }, (_, i) => ({ szColumnName: `lv${i}`, coltyp: JET_coltypLongBinary }));
    const api = createReferenceEsent({ root: root.dir });
    const a = await open(api, true, columns);
    await insertWithId(api, a, 3);
    for (let i = 0; i < 10; i++) await api.JetSetColumn(a.sesid, a.tableid, a.cols[i]!, Buffer.alloc(3000, i + 1), 3000, 0, null);
    await api.JetUpdate(a.sesid, a.tableid);
    await api.JetCommitTransaction(a.sesid, 0);
    await api.JetTerm(a.inst);

    const b = await open(api, false, columns);
    await api.JetMove(b.sesid, b.tableid, JET_MoveFirst, 0);
    for (let i = 0; i < 10; i++) expect(await value(api, b.sesid, b.tableid, b.cols[i]!)).toEqual(Buffer.alloc(3000, i + 1));
    await api.JetTerm(b.inst);
  });
});
