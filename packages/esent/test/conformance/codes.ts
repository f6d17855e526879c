// Return codes not covered elsewhere, including calls made out of order.
import {
  JET_errColumnNotFound,
  JET_errFileNotFound,
  JET_errInvalidColumnType,
  JET_errInvalidDatabaseId,
  JET_errInvalidGrbit,
  JET_errInvalidOperation,
  JET_errInvalidParameter,
  JET_errInvalidSesid,
  JET_errInvalidTableId,
  JET_errNotInTransaction,
  JET_errObjectNotFound,
  JET_errSystemParamsAlreadySet,
  JET_errTransReadOnly,
  JET_errDensityInvalid,
  JET_errKeyNotMade,
  JET_errTableInUse,
  JET_errTableLocked,
  JET_errPermissionDenied,
} from '@winbackup/errors';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_bitCommitLazyFlush,
  JET_bitFullColumnEndLimit,
  JET_bitNewKey,
  JET_bitRangeRemove,
  JET_bitReplayIgnoreMissingDB,
  JET_bitStrLimit,
  JET_bitTermDirty,
  JET_bitTableDenyRead,
  JET_bitTableDenyWrite,
  JET_bitTableReadOnly,
  JET_bitDbReadOnly,
  JET_bitTransactionReadOnly,
  JET_coltypLong,
  JET_MoveFirst,
  JET_paramLogFileSize,
  JET_paramMaxInstances,
  JET_prepInsert,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '../../src/index.js';
import { code, insert, long, readAll, useFixture, type Fixture, type TempRoot } from '../helpers.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** Return codes of the ISAM and instance calls, including calls made out of order. */
export function codeConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('more return codes', () => {
    let root: TempRoot;
    let f: Fixture;
    useFixture(
      (x, r) => {
        f = x;
        root = r;
      },
      { create: target.create },
    );

    it('wrong JS types on ISAM calls are TypeErrors and change nothing', async () => {
      const { api, sesid, tableid } = f;
      await expect(api.JetBeginTransaction('1' as unknown as JET_SESID)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetMove(sesid, tableid, 1.5, 0)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetSetColumn(sesid, tableid, f.colId, 'x' as unknown as Buffer, 1, 0, null)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetRetrieveColumn(sesid, {} as unknown as JET_TABLEID, f.colId, 4, 0, null)).rejects.toBeInstanceOf(TypeError);
      await expect(api.JetCreateTable(sesid, f.dbid, null as unknown as string, 0, 0)).rejects.toBeInstanceOf(TypeError);
      // no transaction was started by the rejected call
      expect(await code(api.JetCommitTransaction(sesid, 0))).toBe(JET_errNotInTransaction);
    });

    it('stale and foreign handles', async () => {
      const { api, sesid } = f;
      const s2 = await api.JetBeginSession(f.inst, null, null);
      // a cursor belongs to its session
      expect(await code(api.JetMove(s2, f.tableid, JET_MoveFirst, 0))).toBe(JET_errInvalidTableId);
      // a database must be opened by the session that uses it
      expect(await code(api.JetOpenTable(s2, f.dbid, 't', null, 0, 0))).toBe(JET_errInvalidDatabaseId);
      await api.JetEndSession(s2, 0);
      expect(await code(api.JetBeginTransaction(s2))).toBe(JET_errInvalidSesid);
      expect(await code(api.JetOpenTable(sesid, f.dbid, 't', null, 0, 0x100000))).toBe(JET_errInvalidGrbit);
      expect(await code(api.JetCommitTransaction(sesid, 0x4))).toBe(JET_errInvalidGrbit);
      expect(await code(api.JetRollback(sesid, 0x2))).toBe(JET_errInvalidGrbit);
    });

    it('table locks, read-only cursors and read-only databases', async () => {
      const { api, sesid, dbid } = f;
      const s2 = await api.JetBeginSession(f.inst, null, null);
      const db2 = await api.JetOpenDatabase(s2, 'test.edb', null, 0);
      expect(await code(api.JetOpenTable(s2, db2, 't', null, 0, JET_bitTableDenyRead))).toBe(JET_errTableInUse);
      await api.JetCloseTable(sesid, f.tableid);
      const locked = await api.JetOpenTable(s2, db2, 't', null, 0, JET_bitTableDenyWrite);
      expect(await code(api.JetOpenTable(sesid, dbid, 't', null, 0, 0))).toBe(JET_errTableLocked);
      const ro = await api.JetOpenTable(sesid, dbid, 't', null, 0, JET_bitTableReadOnly);
      expect(await code(api.JetPrepareUpdate(sesid, ro, JET_prepInsert))).toBe(JET_errPermissionDenied);
      await api.JetCloseTable(s2, locked);
      await api.JetEndSession(s2, 0);
      await api.JetCloseTable(sesid, ro);
      await api.JetCloseDatabase(sesid, dbid, 0);
      await api.JetDetachDatabase(sesid, 'test.edb');
      await api.JetAttachDatabase(sesid, 'test.edb', JET_bitDbReadOnly);
      const rdb = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
      const t = await api.JetOpenTable(sesid, rdb, 't', null, 0, 0);
      expect(await code(api.JetPrepareUpdate(sesid, t, JET_prepInsert))).toBe(JET_errPermissionDenied);
      expect(await code(api.JetCreateTable(sesid, rdb, 'nope', 0, 0))).toBe(JET_errPermissionDenied);
    });

    it('JetEndSession rolls back an open transaction', async () => {
      const { api } = f;
      const s2 = await api.JetBeginSession(f.inst, null, null);
      const db2 = await api.JetOpenDatabase(s2, 'test.edb', null, 0);
      const t2 = await api.JetOpenTable(s2, db2, 't', null, 0, 0);
      await api.JetBeginTransaction(s2);
      await insert({ ...f, sesid: s2 }, 9, 'nine', t2);
      await api.JetEndSession(s2, 0);
      expect(await readAll(f)).toEqual([]);
    });

    it('read-only transactions refuse updates', async () => {
      const { api, sesid, tableid } = f;
      await api.JetBeginTransaction2(sesid, JET_bitTransactionReadOnly);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, tableid, f.colId, long(1), 4, 0, null);
      expect(await code(api.JetUpdate(sesid, tableid))).toBe(JET_errTransReadOnly);
      await api.JetRollback(sesid, 0);
      expect(await code(api.JetBeginTransaction2(sesid, 0x8))).toBe(JET_errInvalidGrbit);
    });

    it('JetCreateTableColumnIndex is all or nothing; column info', async () => {
      const { api, sesid, dbid } = f;
      expect(
        await code(
          api.JetCreateTableColumnIndex(sesid, dbid, {
            szTableName: 'half',
            rgcolumncreate: [
              { szColumnName: 'a', coltyp: JET_coltypLong },
              { szColumnName: 'b', coltyp: 99 },
            ],
          }),
        ),
      ).toBe(JET_errInvalidColumnType);
      expect(await code(api.JetOpenTable(sesid, dbid, 'half', null, 0, 0))).toBe(JET_errObjectNotFound);
      expect(await code(api.JetCreateTableColumnIndex(sesid, dbid, { szTableName: 'd', ulDensity: 5 }))).toBe(JET_errDensityInvalid);
      const info = await api.JetGetTableColumnInfo(sesid, f.tableid, 'ID', 0);
      expect(info.columnid).toBe(f.colId);
      expect(info.coltyp).toBe(JET_coltypLong);
      expect(info.cbMax).toBe(4);
      expect(await code(api.JetGetTableColumnInfo(sesid, f.tableid, 'nope', 0))).toBe(JET_errColumnNotFound);
      expect(await code(api.JetGetTableColumnInfo(sesid, f.tableid, 'id', 99))).toBe(JET_errInvalidParameter);
    });

    it('keys: two limits at once, range removal, null data with a size', async () => {
      const { api, sesid, tableid } = f;
      expect(await code(api.JetMakeKey(sesid, tableid, long(1), 4, JET_bitNewKey | JET_bitStrLimit | JET_bitFullColumnEndLimit))).toBe(JET_errInvalidGrbit);
      expect(await code(api.JetMakeKey(sesid, tableid, null, 4, JET_bitNewKey))).toBe(JET_errInvalidParameter);
      expect(await code(api.JetSetIndexRange(sesid, tableid, JET_bitRangeRemove))).toBe(JET_errInvalidOperation);
      expect(await code(api.JetSetIndexRange(sesid, tableid, 0))).toBe(JET_errKeyNotMade);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      expect(await code(api.JetSetColumn(sesid, tableid, f.colId, null, 4, 0, null))).toBe(JET_errInvalidParameter);
    });

    it('JetEnableMultiInstance sets global defaults once', async () => {
      const api = target.create(root.dir);
      expect(await api.JetEnableMultiInstance([{ paramid: JET_paramMaxInstances, lParam: 3 }], 1)).toBe(1);
      const i = await api.JetCreateInstance('m');
      expect((await api.JetGetSystemParameter(null, null, JET_paramMaxInstances, 0)).plParam).toBe(3);
      await api.JetSetSystemParameter(i, null, 2, 0, 'm/');
      await api.JetSetSystemParameter(i, null, 0, 0, 'm/');
      await api.JetSetSystemParameter(i, null, 100, 1, null);
      await api.JetInit(i);
      expect(await code(api.JetEnableMultiInstance([], 0))).toBe(JET_errSystemParamsAlreadySet);
      await api.JetTerm(i);
    });

    it('recovery needs every database it has to replay into, unless JET_bitReplayIgnoreMissingDB', async () => {
      await insert(f, 1, 'a');
      await f.api.JetCommitTransaction(f.sesid, 0x2);
      await f.api.JetTerm2(f.inst, JET_bitTermDirty);
      rmSync(join(root.dir, 'test.edb'));
      const api = target.create(root.dir);
      const inst = await api.JetCreateInstance('r');
      await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 128, null);
      expect(await code(api.JetInit(inst))).toBe(JET_errFileNotFound);
      expect(await api.JetInit2(inst, JET_bitReplayIgnoreMissingDB)).toBe(0);
      await api.JetTerm(inst);
    });


    it('lazy commits are visible at once and durable after JetTerm', async () => {
      const { api, sesid } = f;
      await api.JetBeginTransaction(sesid);
      await insert(f, 1, 'a');
      await api.JetCommitTransaction(sesid, JET_bitCommitLazyFlush);
      expect(await readAll(f)).toEqual([1]);
      await api.JetTerm(f.inst);
      const g = target.create(root.dir);
      const inst = await g.JetCreateInstance('x');
      await g.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 128, null);
      await g.JetInit(inst);
      const s = await g.JetBeginSession(inst, null, null);
      await g.JetAttachDatabase(s, 'test.edb', 0);
      const db = await g.JetOpenDatabase(s, 'test.edb', null, 0);
      const t = await g.JetOpenTable(s, db, 't', null, 0, 0);
      const col = (await g.JetGetTableColumnInfo(s, t, 'id', 0)).columnid as JET_COLUMNID;
      expect(col).toBe(f.colId);
      expect(await readAll({ ...f, api: g }, s, t)).toEqual([1]);
      await g.JetTerm(inst);
    });
  });
}
