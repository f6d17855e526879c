// ESE cuts index keys at 255 bytes; a primary or unique index keeps the cut keys apart. Two rows
// whose keys differ only past the cut are JET_errKeyDuplicate at JetUpdate (before, the engine took
// both and its next checkpoint failed), with nothing of the refused row left; the file written at
// JetTerm holds the rows that were taken.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JET_errKeyDuplicate } from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_bitIndexUnique,
  JET_coltypLong,
  JET_coltypLongText,
  JET_cpUnicode,
  JET_MoveFirst,
  JET_MoveNext,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '../../src/index.js';
import { code, long, useTempRoot, type TempRoot } from '../helpers.js';

let root: TempRoot;
useTempRoot((r) => (root = r));

const text = (s: string): Buffer => Buffer.from(s, 'utf16le');

async function setup(api: EsentApi, primaryOnText: boolean) {
  const inst = await api.JetCreateInstance('cut');
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  const file = join(root.dir, 'cut.edb');
  const dbid = await api.JetCreateDatabase(sesid, file, null, 0);
  const { tableid, rgcolumnid } = await api.JetCreateTableColumnIndex(sesid, dbid, {
    szTableName: 'T',
    rgcolumncreate: [
      { szColumnName: 'id', coltyp: JET_coltypLong },
      { szColumnName: 'path', coltyp: JET_coltypLongText, cp: JET_cpUnicode },
    ],
    rgindexcreate: primaryOnText
      ? [{ szIndexName: 'pk', szKey: '+path\0\0', grbit: JET_bitIndexPrimary }]
      : [
          { szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary },
          { szIndexName: 'byPath', szKey: '+path\0\0', grbit: JET_bitIndexUnique },
        ],
  });
  return { inst, sesid, tableid, id: rgcolumnid[0]!, path: rgcolumnid[1]! };
}

async function insert(api: EsentApi, sesid: JET_SESID, tableid: JET_TABLEID, cols: { id: JET_COLUMNID; path: JET_COLUMNID }, id: number, path: string): Promise<number | undefined> {
  await api.JetBeginTransaction(sesid);
  await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
  await api.JetSetColumn(sesid, tableid, cols.id, long(id), 4, 0, null);
  const v = text(path);
  await api.JetSetColumn(sesid, tableid, cols.path, v, v.length, 0, null);
  const err = await code(api.JetUpdate(sesid, tableid));
  if (err === undefined) await api.JetCommitTransaction(sesid, 0);
  else await api.JetRollback(sesid, 0);
  return err;
}

async function ids(api: EsentApi, sesid: JET_SESID, tableid: JET_TABLEID, col: JET_COLUMNID): Promise<number[]> {
  const out: number[] = [];
  if ((await code(api.JetMove(sesid, tableid, JET_MoveFirst, 0))) !== undefined) return out;
  do out.push((await api.JetRetrieveColumn(sesid, tableid, col, 4, 0, null)).pvData!.readInt32LE(0));
  while ((await code(api.JetMove(sesid, tableid, JET_MoveNext, 0))) === undefined);
  return out.sort((a, b) => a - b);
}

// 150 characters of UTF-16 are 300 key bytes: the cut falls inside the shared prefix
const long1 = 'C:\\Users\\ann\\' + 'x'.repeat(150) + '\\a.txt';
const long2 = 'C:\\Users\\ann\\' + 'x'.repeat(150) + '\\b.txt';

describe('keys cut at 255 bytes', () => {
  for (const primaryOnText of [true, false]) {
    it(`${primaryOnText ? 'a primary' : 'a unique secondary'} index refuses a second row whose key differs only past the cut`, async () => {
      const api = createReferenceEsent({ root: root.dir });
      const a = await setup(api, primaryOnText);
      expect(await insert(api, a.sesid, a.tableid, a, 1, long1)).toBeUndefined();
      expect(await insert(api, a.sesid, a.tableid, a, 2, long2)).toBe(JET_errKeyDuplicate);
      // short keys that differ anywhere are distinct, as before
      expect(await insert(api, a.sesid, a.tableid, a, 3, 'C:\\a.txt')).toBeUndefined();
      expect(await insert(api, a.sesid, a.tableid, a, 4, 'C:\\b.txt')).toBeUndefined();
      // a key that differs before the cut is distinct
      expect(await insert(api, a.sesid, a.tableid, a, 5, 'C:\\Users\\bob\\' + 'x'.repeat(150))).toBeUndefined();
      expect(await ids(api, a.sesid, a.tableid, a.id)).toEqual([1, 3, 4, 5]);
      // the checkpoint at JetTerm writes the file, and it attaches with the same rows
      await api.JetTerm(a.inst);
      const inst = await api.JetCreateInstance('cut2');
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      const file = join(root.dir, 'cut.edb');
      await api.JetAttachDatabase(sesid, file, 0);
      const dbid = await api.JetOpenDatabase(sesid, file, null, 0);
      const tableid = await api.JetOpenTable(sesid, dbid, 'T', null, 0, 0);
      expect(await ids(api, sesid, tableid, a.id)).toEqual([1, 3, 4, 5]);
      // and refuses the cut duplicate again, from the file's records
      expect(await insert(api, sesid, tableid, a, 6, long2)).toBe(JET_errKeyDuplicate);
      await api.JetTerm(inst);
    });
  }
});
