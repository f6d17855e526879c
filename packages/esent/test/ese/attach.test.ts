// A real ESE database file attaches read-only (JET_bitDbReadOnly) and reads through the normal
// calls: JetOpenTable, JetMove, JetRetrieveColumn (every column, every value of a multi-valued
// one, separated long values), JetSetCurrentIndex + JetMakeKey + JetSeek on its indexes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  JET_errDatabaseCorrupted,
  JET_errDatabaseDirtyShutdown,
  JET_errNoCurrentRecord,
  JET_errObjectNotFound,
  JET_errPageSizeMismatch,
  JET_errPermissionDenied,
  JET_errRecordNotFound,
  JET_errReadVerifyFailure,
  JET_errSuccess,
  JET_wrnColumnNull,
} from '@winbackup/errors';
import { describe, expect, it } from 'vitest';
import {
  createReferenceEsent,
  JET_bitDbReadOnly,
  JET_bitNewKey,
  JET_bitSeekEQ,
  JET_bitTableReadOnly,
  JET_ColInfo,
  JET_MoveFirst,
  JET_MoveNext,
  JET_paramDatabasePageSize,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '../../src/index.js';
import { verifyDatabaseFile } from '../../src/reference/engine/esestore.js';
import { headerChecksum } from '../../src/reference/ese/checksum.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import type { EseRow } from '../../src/reference/ese/schema.js';
import { code, long, useTempRoot } from '../helpers.js';
import { applyEseBatch, applyEseUpdate } from '../../src/reference/ese/updater.js';
import { esedbexport, makeTables } from './fixture.js';
import { TableModel } from './updatemodel.js';

async function readRow(api: EsentApi, sesid: JET_SESID, tableid: JET_TABLEID, ids: readonly number[]): Promise<Record<number, string[]>> {
  const out: Record<number, string[]> = {};
  for (const id of ids) {
    const vals: string[] = [];
    for (let itag = 1; ; itag++) {
      const r = await api.JetRetrieveColumn(sesid, tableid, id as JET_COLUMNID, 1 << 20, 0, { itagSequence: itag });
      if (r.err === JET_wrnColumnNull) break;
      vals.push(r.pvData!.toString('hex'));
    }
    if (vals.length > 0) out[id] = vals;
  }
  return out;
}

function hex(row: EseRow): Record<number, string[]> {
  const o: Record<number, string[]> = {};
  for (const [id, vals] of row) if (vals.length > 0) o[id] = vals.map((v) => v.toString('hex'));
  return o;
}

async function moveAll(api: EsentApi, sesid: JET_SESID, tableid: JET_TABLEID, each: () => Promise<void>): Promise<number> {
  let n = 0;
  let c = await code(api.JetMove(sesid, tableid, JET_MoveFirst, 0));
  while (c === undefined) {
    n++;
    await each();
    c = await code(api.JetMove(sesid, tableid, JET_MoveNext, 0));
  }
  expect(c).toBe(JET_errNoCurrentRecord);
  return n;
}

describe('attach of an ESE database file', () => {
  let root = '';
  useTempRoot((r) => {
    root = r.dir;
  });

  async function open(file: string, pageSize?: number) {
    const api = createReferenceEsent({ root });
    const inst = await api.JetCreateInstance('ese');
    if (pageSize) await api.JetSetSystemParameter(inst, null, JET_paramDatabasePageSize, pageSize, null);
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    return { api, inst, sesid, file };
  }

  it('reads every table, row and column through JetMove and JetRetrieveColumn, and seeks on its indexes', async () => {
    const tables = makeTables(400);
    const file = join(root, 'win.edb');
    writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables, now: 0 }));
    const { api, inst, sesid } = await open(file);
    expect(await api.JetAttachDatabase(sesid, file, JET_bitDbReadOnly)).toBe(JET_errSuccess);
    const dbid = await api.JetOpenDatabase(sesid, file, null, JET_bitDbReadOnly);
    for (const t of tables) {
      const tableid = await api.JetOpenTable(sesid, dbid, t.name, null, 0, JET_bitTableReadOnly);
      const ids = t.columns.map((c) => c.columnid);
      const got: Record<number, string[]>[] = [];
      const n = await moveAll(api, sesid, tableid, async () => {
        got.push(await readRow(api, sesid, tableid, ids));
      });
      expect(n).toBe(t.rows.length);
      expect(got).toEqual(t.rows.map(hex));
      for (const c of t.columns) {
        const def = await api.JetGetTableColumnInfo(sesid, tableid, c.name, JET_ColInfo);
        expect([def.columnid, def.coltyp, def.cp]).toEqual([c.columnid, c.coltyp, c.cp]);
      }
      await api.JetCloseTable(sesid, tableid);
    }

    const files = tables[0]!;
    const tableid = await api.JetOpenTable(sesid, dbid, 'Files', null, 0, JET_bitTableReadOnly);
    // the primary index: seek each tenth Id
    await api.JetSetCurrentIndex(sesid, tableid, 'PrimaryKey');
    for (const row of files.rows.filter((_, i) => i % 10 === 0)) {
      const id = row.get(4)![0]!;
      await api.JetMakeKey(sesid, tableid, id, 4, JET_bitNewKey);
      expect(await api.JetSeek(sesid, tableid, JET_bitSeekEQ)).toBe(JET_errSuccess);
      expect((await api.JetRetrieveColumn(sesid, tableid, 4 as JET_COLUMNID, 4, 0, null)).pvData).toEqual(id);
    }
    await api.JetMakeKey(sesid, tableid, long(123456), 4, JET_bitNewKey);
    expect(await code(api.JetSeek(sesid, tableid, JET_bitSeekEQ))).toBe(JET_errRecordNotFound);
    // a secondary index with IgnoreNull: only rows with a Title, in title order
    await api.JetSetCurrentIndex(sesid, tableid, 'ByTitle');
    const titles: string[] = [];
    await moveAll(api, sesid, tableid, async () => {
      titles.push((await api.JetRetrieveColumn(sesid, tableid, 129 as JET_COLUMNID, 4096, 0, null)).pvData!.toString('utf16le'));
    });
    expect(titles.length).toBe(files.rows.filter((r) => r.has(129)).length);
    expect(titles).toEqual([...titles].sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0)));

    // read-only: no updates
    expect(await code(api.JetPrepareUpdate(sesid, tableid, JET_prepInsert))).toBe(JET_errPermissionDenied);
    await api.JetCloseTable(sesid, tableid);
    await api.JetCloseDatabase(sesid, dbid, 0);
    await api.JetDetachDatabase(sesid, file);
    await api.JetTerm(inst);
  });

  it('attaches a file changed by in-place update batches: every row, index order and seek as the batches left them', async () => {
    const tables = makeTables(500);
    const file = join(root, 'updated.edb');
    writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables, now: 0 }));
    const model = new TableModel(tables[0]!.rows);
    for (let b = 0; b < 4; b++) {
      const changes = model.batch(31 + b, 150);
      applyEseBatch(file, 'Files', changes, { now: 0 });
      model.apply(changes);
    }
    const { api, inst, sesid } = await open(file);
    expect(await api.JetAttachDatabase(sesid, file, JET_bitDbReadOnly)).toBe(JET_errSuccess);
    const dbid = await api.JetOpenDatabase(sesid, file, null, JET_bitDbReadOnly);
    const tableid = await api.JetOpenTable(sesid, dbid, 'Files', null, 0, JET_bitTableReadOnly);
    const ids = tables[0]!.columns.map((c) => c.columnid);
    const got: Record<number, string[]>[] = [];
    await moveAll(api, sesid, tableid, async () => {
      got.push(await readRow(api, sesid, tableid, ids));
    });
    expect(got).toEqual(model.sorted().map(hex));
    await api.JetSetCurrentIndex(sesid, tableid, 'ByTitle');
    let titled = 0;
    await moveAll(api, sesid, tableid, async () => void titled++);
    expect(titled).toBe(model.sorted().filter((r) => r.has(129)).length);
    await api.JetSetCurrentIndex(sesid, tableid, 'PrimaryKey');
    for (const row of model.sorted().filter((_, i) => i % 7 === 0)) {
      await api.JetMakeKey(sesid, tableid, row.get(4)![0]!, 4, JET_bitNewKey);
      expect(await api.JetSeek(sesid, tableid, JET_bitSeekEQ)).toBe(JET_errSuccess);
    }
    await api.JetCloseTable(sesid, tableid);
    await api.JetCloseDatabase(sesid, dbid, 0);
    await api.JetDetachDatabase(sesid, file);
    await api.JetTerm(inst);
  });

  it('attaches a file whose schema batches changed: new tables and columns, a built index, a deleted table', async () => {
    const tables = makeTables(300);
    const file = join(root, 'schema.edb');
    writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables, now: 0 }));
    const notes: EseRow[] = Array.from({ length: 50 }, (_, i) => new Map([[1, [long(i * 2)]], [128, [Buffer.from(`n${i % 7}`, 'latin1')]]]));
    applyEseUpdate(file, [{ table: 'Notes', changes: notes.map((row) => ({ op: 'insert' as const, row })) }], {
      now: 0,
      schema: [
        { op: 'createTable', table: 'Notes', columns: [{ name: 'Id', columnid: 1, coltyp: 4, cp: 0, cbMax: 0, grbit: 0 }, { name: 'Kind', columnid: 128, coltyp: 10, cp: 1252, cbMax: 255, grbit: 0 }], indexes: [{ name: 'PK', grbit: 0x2, segments: [{ columnid: 1, descending: false }] }, { name: 'ByKind', grbit: 0, segments: [{ columnid: 128, descending: false }] }] },
        { op: 'addColumn', table: 'Files', column: { name: 'Level', columnid: 14, coltyp: 4, cp: 0, cbMax: 0, grbit: 0, defaultValue: long(7) } },
        { op: 'createIndex', table: 'Files', index: { name: 'ByLevel', grbit: 0, segments: [{ columnid: 14, descending: false }] } },
        { op: 'deleteTable', table: 'Log' },
      ],
    });
    const { api, inst, sesid } = await open(file);
    expect(await api.JetAttachDatabase(sesid, file, JET_bitDbReadOnly)).toBe(JET_errSuccess);
    const dbid = await api.JetOpenDatabase(sesid, file, null, JET_bitDbReadOnly);
    expect(await code(api.JetOpenTable(sesid, dbid, 'Log', null, 0, JET_bitTableReadOnly))).toBe(JET_errObjectNotFound);
    const nt = await api.JetOpenTable(sesid, dbid, 'Notes', null, 0, JET_bitTableReadOnly);
    const got: Record<number, string[]>[] = [];
    await moveAll(api, sesid, nt, async () => void got.push(await readRow(api, sesid, nt, [1, 128])));
    expect(got).toEqual(notes.map(hex));
    await api.JetSetCurrentIndex(sesid, nt, 'ByKind');
    const kinds: string[] = [];
    await moveAll(api, sesid, nt, async () => void kinds.push((await api.JetRetrieveColumn(sesid, nt, 128 as JET_COLUMNID, 255, 0, null)).pvData!.toString('latin1')));
    expect(kinds).toEqual(notes.map((r) => r.get(128)![0]!.toString('latin1')).sort());
    await api.JetCloseTable(sesid, nt);
    const ft = await api.JetOpenTable(sesid, dbid, 'Files', null, 0, JET_bitTableReadOnly);
    // the records written before the column hold no value: it reads as its default
    await api.JetMove(sesid, ft, JET_MoveFirst, 0);
    expect((await api.JetRetrieveColumn(sesid, ft, 14 as JET_COLUMNID, 4, 0, null)).pvData).toEqual(long(7));
    await api.JetSetCurrentIndex(sesid, ft, 'ByLevel');
    expect(await moveAll(api, sesid, ft, async () => undefined)).toBe(tables[0]!.rows.length);
    await api.JetCloseTable(sesid, ft);
    await api.JetCloseDatabase(sesid, dbid, 0);
    await api.JetDetachDatabase(sesid, file);
    await api.JetTerm(inst);
  });

  it('is refused with another page size, and when a page fails its checksum', async () => {
    const file = join(root, 'small.edb');
    const image = writeEseDatabase({ cbPage: 4096, tables: makeTables(100), now: 0 });
    writeFileSync(file, image);
    const { api, inst, sesid } = await open(file);
    expect(await code(api.JetAttachDatabase(sesid, file, 0))).toBe(JET_errPageSizeMismatch);
    expect(await code(api.JetAttachDatabase(sesid, file, JET_bitDbReadOnly))).toBe(JET_errPageSizeMismatch);
    await api.JetTerm(inst);

    const four = await open(file, 4096);
    expect(await four.api.JetAttachDatabase(four.sesid, file, JET_bitDbReadOnly)).toBe(JET_errSuccess);
    await four.api.JetDetachDatabase(four.sesid, file);
    // every written page verifies (the crash tests' check works on ESE files too)
    expect(verifyDatabaseFile(file)).toBe(image.length / 4096 - 2 - [...Array(image.length / 4096).keys()].filter((p) => p >= 2 && image.subarray(p * 4096, (p + 1) * 4096).every((b) => b === 0)).length);
    const bad = Buffer.from(image);
    bad[(29 + 1) * 4096 + 500]! ^= 0x04; // the first user table's root page
    writeFileSync(file, bad);
    expect(await code(four.api.JetAttachDatabase(four.sesid, file, JET_bitDbReadOnly))).toBe(JET_errReadVerifyFailure);
    expect(() => verifyDatabaseFile(file)).toThrow(/JET_errReadVerifyFailure/);
    // a database left dirty (JET_dbstateDirtyShutdown in both header copies) needs recovery first
    const dirty = Buffer.from(image);
    for (const at of [0, 4096]) {
      dirty.writeUInt32LE(2, at + 52);
      dirty.writeUInt32LE(headerChecksum(dirty.subarray(at, at + 4096)), at);
    }
    writeFileSync(file, dirty);
    expect(await code(four.api.JetAttachDatabase(four.sesid, file, JET_bitDbReadOnly))).toBe(JET_errDatabaseDirtyShutdown);
    const torn = Buffer.from(image.subarray(0, 20 * 4096));
    writeFileSync(file, torn);
    expect(await code(four.api.JetAttachDatabase(four.sesid, file, JET_bitDbReadOnly))).toBe(JET_errDatabaseCorrupted);
    await four.api.JetTerm(four.inst);
  });

  it('attaches read-write: a deletion and an insert through the API land in the file, which esedbexport reads', async () => {
    const file = join(root, 'rw.edb');
    writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables: makeTables(100), now: 0 }));
    const before = esedbexport(file, join(root, 'before')).get('Files')!.trimEnd().split('\n');
    const { api, inst, sesid } = await open(file);
    expect(await api.JetAttachDatabase(sesid, file, 0)).toBe(JET_errSuccess);
    const dbid = await api.JetOpenDatabase(sesid, file, null, 0);
    const t = await api.JetOpenTable(sesid, dbid, 'Files', null, 0, 0);
    const count = async (): Promise<number> => moveAll(api, sesid, t, async () => undefined);
    expect(await count()).toBe(100);
    await api.JetBeginTransaction(sesid);
    await api.JetMove(sesid, t, JET_MoveFirst, 0);
    await api.JetDelete(sesid, t);
    await api.JetCommitTransaction(sesid, 0);
    expect(await count()).toBe(99);
    await api.JetCloseTable(sesid, t);
    await api.JetCloseDatabase(sesid, dbid, 0);
    await api.JetDetachDatabase(sesid, file);
    await api.JetTerm(inst);
    // the file is clean and every other record is as Windows' layout had it
    expect(verifyDatabaseFile(file)).toBeGreaterThan(10);
    const after = esedbexport(file, join(root, 'after')).get('Files')!.trimEnd().split('\n');
    expect(after).toEqual([before[0], ...before.slice(2)]);
  });
});
