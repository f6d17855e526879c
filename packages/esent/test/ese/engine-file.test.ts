// What the engine writes is a real ESE database: after inserts, replacements, deletions, a column
// and an index added over existing records, a table without a primary index and checkpoints along
// the way, Debian's esedbinfo reads the file and esedbexport exports every row and column value
// exactly (with libesedb 20181229's rendering quirks, test/ese/fixture.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_bitSeekEQ,
  JET_coltypBinary,
  JET_coltypBit,
  JET_coltypDateTime,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_coltypLongText,
  JET_coltypText,
  JET_cpANSI,
  JET_cpUnicode,
  JET_paramLogFileSize,
  JET_prepInsert,
  JET_prepReplace,
  type EsentApi,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '../../src/index.js';
import type { ReferenceEsent } from '../../src/reference/ReferenceEsent.js';
import { cbLVIntrinsicMost } from '../../src/reference/ese/rows.js';
import type { EseColumn, EseRow } from '../../src/reference/ese/schema.js';
import { useTempRoot } from '../helpers.js';
import { esedbexport, esedbinfo, expectedExport } from './fixture.js';

const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
}
function f64(v: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  return b;
}

async function setAll(api: EsentApi, sesid: JET_SESID, t: JET_TABLEID, row: EseRow): Promise<void> {
  for (const [id, vals] of row) for (const v of vals) await api.JetSetColumn(sesid, t, id as JET_COLUMNID, v, v.length, 0, null);
}

describe('a database the engine writes', () => {
  let root = '';
  useTempRoot((r) => (root = r.dir));

  it('is read by esedbinfo, and esedbexport exports every row and column value exactly', async () => {
    const api = createReferenceEsent({ root });
    const inst = await api.JetCreateInstance('export');
    await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 256, null);
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    const dbid = await api.JetCreateDatabase(sesid, 'engine.edb', null, 0);
    const defs: [string, number, number][] = [
      ['Id', JET_coltypLong, 0], ['Flag', JET_coltypBit, 0], ['When', JET_coltypDateTime, 0],
      ['Name', JET_coltypText, JET_cpUnicode], ['Tag', JET_coltypBinary, 0],
      ['Notes', JET_coltypLongText, JET_cpUnicode], ['Blob', JET_coltypLongBinary, 0],
    ];
    const items = await api.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 'Items',
      rgcolumncreate: defs.map(([szColumnName, coltyp, cp]) => ({ szColumnName, coltyp, cp })),
      rgindexcreate: [{ szIndexName: 'pk', szKey: '+Id\0\0', grbit: JET_bitIndexPrimary }],
    });
    const ids = [...items.rgcolumnid] as number[];
    // the engine assigns ESE's column ids: fixed from 1, variable from 128, tagged from 256
    expect(ids).toEqual([1, 2, 3, 128, 129, 256, 257]);
    const columns: EseColumn[] = defs.map(([name, coltyp, cp], i) => ({ name, columnid: ids[i]!, coltyp, cp, cbMax: 0, grbit: 0 }));
    const t = items.tableid;
    const model = new Map<number, Map<number, Buffer[]>>();
    const rowOf = (i: number): Map<number, Buffer[]> => {
      const row = new Map<number, Buffer[]>([
        [1, [u32(i)]], [2, [Buffer.from([i % 2 ? 0xff : 0])]], [3, [f64(i * 1.5)]],
        [128, [Buffer.from(`name ${i}`, 'utf16le')]], [256, [Buffer.from(`note ${i}`, 'utf16le')]],
        [257, [Buffer.alloc(i % 10 === 0 ? 3000 : 40, i)]],
      ]);
      if (i % 3 !== 0) row.set(129, [Buffer.alloc(i % 200, 0xa0 + (i % 16))]);
      if (i % 3 !== 0 && i % 200 === 0) row.delete(129);
      return row;
    };
    const seek = async (id: number): Promise<void> => {
      await api.JetMakeKey(sesid, t, u32(id), 4, 0x1);
      await api.JetSeek(sesid, t, JET_bitSeekEQ);
    };
    for (let i = 1; i <= 300; i++) {
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, t, JET_prepInsert);
      const row = rowOf(i);
      await setAll(api, sesid, t, row);
      await api.JetUpdate(sesid, t);
      await api.JetCommitTransaction(sesid, 0);
      model.set(i, row);
      if (i === 150) (api as ReferenceEsent).findInstance(inst, 'test').checkpoint();
    }
    // deletions and replacements of records already in the file
    (api as ReferenceEsent).findInstance(inst, 'test').checkpoint();
    await api.JetBeginTransaction(sesid);
    for (let i = 7; i <= 300; i += 7) {
      await seek(i);
      await api.JetDelete(sesid, t);
      model.delete(i);
    }
    for (let i = 5; i <= 300; i += 5) {
      if (!model.has(i)) continue;
      await seek(i);
      await api.JetPrepareUpdate(sesid, t, JET_prepReplace);
      const name = Buffer.from(`renamed ${i}`, 'utf16le');
      await api.JetSetColumn(sesid, t, 128 as JET_COLUMNID, name, name.length, 0, null);
      await api.JetUpdate(sesid, t);
      model.get(i)!.set(128, [name]);
    }
    await api.JetCommitTransaction(sesid, 0);
    // a column and a secondary index over the records already there
    const extra = await api.JetAddColumn(sesid, t, 'Extra', { coltyp: JET_coltypLong }, null, 0);
    expect(extra).toBe(4);
    columns.push({ name: 'Extra', columnid: 4, coltyp: JET_coltypLong, cp: 0, cbMax: 0, grbit: 0 });
    await api.JetCreateIndex(sesid, t, 'ByName', 0, '+Name\0\0', 8, 100);
    for (let i = 301; i <= 320; i++) {
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, t, JET_prepInsert);
      const row = rowOf(i);
      row.set(4, [u32(i * 10)]);
      await setAll(api, sesid, t, row);
      await api.JetUpdate(sesid, t);
      await api.JetCommitTransaction(sesid, 0);
      model.set(i, row);
    }
    // a table without a primary index: records keyed by DBK, in insertion order
    const log = await api.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 'Journal',
      rgcolumncreate: [{ szColumnName: 'Seq', coltyp: JET_coltypLong }, { szColumnName: 'Line', coltyp: JET_coltypText, cp: JET_cpANSI }],
    });
    const journal: EseRow[] = [];
    for (let i = 1; i <= 40; i++) {
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, log.tableid, JET_prepInsert);
      const row = new Map([[1, [u32(i)]], [128, [Buffer.from(`line ${i}`, 'latin1')]]]);
      await setAll(api, sesid, log.tableid, row);
      await api.JetUpdate(sesid, log.tableid);
      await api.JetCommitTransaction(sesid, 0);
      journal.push(row);
    }
    await api.JetCloseTable(sesid, t);
    await api.JetCloseTable(sesid, log.tableid);
    await api.JetTerm(inst);

    const file = join(root, 'engine.edb');
    const info = esedbinfo(file);
    expect(info.status).toBe(0);
    for (const name of ['Items', 'Journal', 'MSysObjects']) expect(info.stdout).toContain(name);
    const out = esedbexport(file, join(root, 'x'));
    const rows = [...model.keys()].sort((a, b) => a - b).map((k) => model.get(k)!);
    expect(rows).toHaveLength(320 - 42);
    expect(out.get('Items')).toBe(expectedExport({ name: 'Items', columns, indexes: [], rows }, inline));
    const jcols: EseColumn[] = [
      { name: 'Seq', columnid: 1, coltyp: JET_coltypLong, cp: 0, cbMax: 0, grbit: 0 },
      { name: 'Line', columnid: 128, coltyp: JET_coltypText, cp: JET_cpANSI, cbMax: 0, grbit: 0 },
    ];
    expect(out.get('Journal')).toBe(expectedExport({ name: 'Journal', columns: jcols, indexes: [], rows: journal }, inline));
  });
});
