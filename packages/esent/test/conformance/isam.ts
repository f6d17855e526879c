// ISAM behaviour (spec: the JetCreateTable ... JetSetColumn pages): DDL, transactions and snapshot
// isolation, update buffers, text and binary columns, navigation, keys and seeks, secondary indexes,
// bookmarks, multi-valued columns. The snapshot check that reads the reference engine's table
// stays in test/isam.test.ts.
import {
  JET_errAlreadyPrepared,
  JET_errMultiValuedDuplicate,
  JET_errInvalidParameter,
  JET_errColumnDuplicate,
  JET_errColumnNotFound,
  JET_errColumnTooBig,
  JET_errIndexDuplicate,
  JET_errIndexHasPrimary,
  JET_errIndexNotFound,
  JET_errInvalidBufferSize,
  JET_errInvalidColumnType,
  JET_errInvalidName,
  JET_errInvalidTableId,
  JET_errKeyDuplicate,
  JET_errKeyIsMade,
  JET_errKeyNotMade,
  JET_errNoCurrentRecord,
  JET_errNotInTransaction,
  JET_errNullInvalid,
  JET_errObjectNotFound,
  JET_errRecordDeleted,
  JET_errRecordNotFound,
  JET_errRecordPrimaryChanged,
  JET_errTableDuplicate,
  JET_errTableInUse,
  JET_errTableNotEmpty,
  JET_errTransTooDeep,
  JET_errUpdateNotPrepared,
  JET_errWriteConflict,
  JET_errInvalidGrbit,
  JET_wrnBufferTruncated,
  JET_wrnColumnMaxTruncated,
  JET_wrnColumnNull,
  JET_wrnSeekNotEqual,
  JET_wrnUniqueKey,
} from '@winbackup/errors';
import { describe, expect } from 'vitest';
import {
  JET_bitColumnAutoincrement,
  JET_bitColumnNotNULL,
  JET_bitColumnMultiValued,
  JET_bitSetUniqueMultiValues,
  JET_bitCheckUniqueness,
  JET_bitFullColumnEndLimit,
  JET_bitFullColumnStartLimit,
  JET_bitIndexPrimary,
  JET_bitIndexUnique,
  JET_bitNewKey,
  JET_bitNoMove,
  JET_bitRangeInclusive,
  JET_bitRangeUpperLimit,
  JET_bitRetrieveCopy,
  JET_bitRollbackAll,
  JET_bitSeekEQ,
  JET_bitSeekGE,
  JET_bitSeekGT,
  JET_bitSeekLE,
  JET_bitSeekLT,
  JET_bitSetAppendLV,
  JET_bitSetOverwriteLV,
  JET_bitSetSizeLV,
  JET_bitSetZeroLength,
  JET_bitSetIndexRange,
  JET_bitSubStrLimit,
  JET_coltypBinary,
  JET_coltypIEEEDouble,
  JET_coltypLong,
  JET_coltypLongLong,
  JET_coltypText,
  JET_cpUnicode,
  JET_MoveFirst,
  JET_MoveLast,
  JET_MoveNext,
  JET_MovePrevious,
  JET_prepCancel,
  JET_prepInsert,
  JET_prepReplace,
  type JET_COLUMNID,
} from '../../src/index.js';
import { code, insert, long, readAll, text, useFixture, type Fixture, type TempRoot } from '../helpers.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** ISAM return codes and behaviour as esent.dll has them. */
export function isamConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('ISAM', () => {
    let f: Fixture;
    useFixture((x) => (f = x), { create: target.create });

    it('DDL return codes', async () => {
      const { api, sesid, dbid, tableid } = f;
      expect(await code(api.JetCreateTable(sesid, dbid, 't', 0, 0))).toBe(JET_errTableDuplicate);
      expect(await code(api.JetCreateTable(sesid, dbid, 'bad.name', 0, 0))).toBe(JET_errInvalidName);
      expect(await code(api.JetOpenTable(sesid, dbid, 'nope', null, 0, 0))).toBe(JET_errObjectNotFound);
      expect(await code(api.JetAddColumn(sesid, tableid, 'id', { coltyp: JET_coltypLong }, null, 0))).toBe(JET_errColumnDuplicate);
      expect(await code(api.JetAddColumn(sesid, tableid, 'x', { coltyp: 13 }, null, 0))).toBe(JET_errInvalidColumnType);
      expect(await code(api.JetCreateIndex(sesid, tableid, 'pk', 0, '+name\0\0', 8, 0))).toBe(JET_errIndexDuplicate);
      expect(await code(api.JetCreateIndex(sesid, tableid, 'pk2', JET_bitIndexPrimary, '+name\0\0', 8, 0))).toBe(JET_errIndexHasPrimary);
      expect(await code(api.JetCreateIndex(sesid, tableid, 'ix', 0, '+nope\0\0', 8, 0))).toBe(JET_errColumnNotFound);
      expect(await code(api.JetSetCurrentIndex(sesid, tableid, 'nope'))).toBe(JET_errIndexNotFound);
      expect(await code(api.JetDeleteTable(sesid, dbid, 't'))).toBe(JET_errTableInUse);
      // a primary index must come before any data
      const t2 = await api.JetCreateTable(sesid, dbid, 't2', 0, 0);
      const c = await api.JetAddColumn(sesid, t2, 'v', { coltyp: JET_coltypLong }, null, 0);
      await api.JetPrepareUpdate(sesid, t2, JET_prepInsert);
      await api.JetSetColumn(sesid, t2, c, long(1), 4, 0, null);
      await api.JetUpdate(sesid, t2);
      expect(await code(api.JetCreateIndex(sesid, t2, 'p', JET_bitIndexPrimary, '+v\0\0', 5, 0))).toBe(JET_errTableNotEmpty);
      await api.JetCloseTable(sesid, t2);
      expect(await code(api.JetCloseTable(sesid, t2))).toBe(JET_errInvalidTableId);
      // a freshly opened cursor is before the first record
      const t3 = await api.JetOpenTable(sesid, dbid, 't2', null, 0, 0);
      expect(await code(api.JetRetrieveColumn(sesid, t3, c, 4, 0, null))).toBe(JET_errNoCurrentRecord);
      await api.JetMove(sesid, t3, JET_MoveNext, 0);
      expect((await api.JetRetrieveColumn(sesid, t3, c, 4, 0, null)).pvData!.readInt32LE(0)).toBe(1);
      await api.JetCloseTable(sesid, t3);
      await api.JetDeleteTable(sesid, dbid, 't2');
      expect(await code(api.JetOpenTable(sesid, dbid, 't2', null, 0, 0))).toBe(JET_errObjectNotFound);
    });

    it('DDL inside a transaction is undone by JetRollback and kept by JetCommitTransaction', async () => {
      const { api, sesid, dbid } = f;
      await api.JetBeginTransaction(sesid);
      const t = await api.JetCreateTable(sesid, dbid, 'tx', 0, 0);
      await api.JetAddColumn(sesid, t, 'c', { coltyp: JET_coltypLong }, null, 0);
      await api.JetRollback(sesid, 0);
      expect(await code(api.JetOpenTable(sesid, dbid, 'tx', null, 0, 0))).toBe(JET_errObjectNotFound);
      expect(await code(api.JetCloseTable(sesid, t))).toBe(JET_errInvalidTableId);
      await api.JetBeginTransaction(sesid);
      await api.JetAddColumn(sesid, f.tableid, 'extra', { coltyp: JET_coltypLong }, null, 0);
      await api.JetBeginTransaction(sesid);
      await api.JetCreateIndex(sesid, f.tableid, 'byextra', 0, '+extra\0\0', 9, 0);
      await api.JetRollback(sesid, 0);
      expect(await code(api.JetSetCurrentIndex(sesid, f.tableid, 'byextra'))).toBe(JET_errIndexNotFound);
      await api.JetCommitTransaction(sesid, 0);
      expect((await api.JetGetTableColumnInfo(sesid, f.tableid, 'extra', 0)).coltyp).toBe(JET_coltypLong);
    });

    it('transactions: nesting, rollback of the inner level, TransTooDeep, NotInTransaction', async () => {
      const { api, sesid } = f;
      expect(await code(api.JetCommitTransaction(sesid, 0))).toBe(JET_errNotInTransaction);
      expect(await code(api.JetRollback(sesid, 0))).toBe(JET_errNotInTransaction);
      await api.JetBeginTransaction(sesid);
      await insert(f, 1, 'a');
      await api.JetBeginTransaction(sesid);
      await insert(f, 2, 'b');
      await api.JetRollback(sesid, 0);
      await api.JetBeginTransaction(sesid);
      await insert(f, 3, 'c');
      await api.JetCommitTransaction(sesid, 0);
      await api.JetCommitTransaction(sesid, 0);
      expect(await readAll(f)).toEqual([1, 3]);
      for (let i = 0; i < 7; i++) await api.JetBeginTransaction(sesid);
      expect(await code(api.JetBeginTransaction(sesid))).toBe(JET_errTransTooDeep);
      await insert(f, 4, 'd');
      await api.JetRollback(sesid, JET_bitRollbackAll);
      expect(await code(api.JetRollback(sesid, 0))).toBe(JET_errNotInTransaction);
      expect(await readAll(f)).toEqual([1, 3]);
    });

    it('snapshot isolation: no uncommitted reads, a stable snapshot per transaction, write conflicts', async () => {
      const { api, sesid, dbid } = f;
      await insert(f, 1, 'a');
      const s2 = await api.JetBeginSession(f.inst, null, null);
      const db2 = await api.JetOpenDatabase(s2, 'test.edb', null, 0);
      const t2 = await api.JetOpenTable(s2, db2, 't', null, 0, 0);
      await api.JetBeginTransaction(sesid);
      await insert(f, 2, 'b');
      expect(await readAll(f)).toEqual([1, 2]);
      expect(await readAll(f, s2, t2)).toEqual([1]);
      // both sessions try to change record 1
      await api.JetMove(sesid, f.tableid, JET_MoveFirst, 0);
      await api.JetPrepareUpdate(sesid, f.tableid, JET_prepReplace);
      await api.JetSetColumn(sesid, f.tableid, f.colName, text('A'), 2, 0, null);
      await api.JetUpdate(sesid, f.tableid);
      await api.JetBeginTransaction(s2);
      await api.JetMove(s2, t2, JET_MoveFirst, 0);
      expect(await code(api.JetPrepareUpdate(s2, t2, JET_prepReplace))).toBe(JET_errWriteConflict);
      expect(await code(api.JetDelete(s2, t2))).toBe(JET_errWriteConflict);
      expect((await api.JetRetrieveColumn(s2, t2, f.colName, 100, 0, null)).pvData!.toString('utf16le')).toBe('a');
      await api.JetCommitTransaction(sesid, 0);
      // snapshot isolation: s2's transaction still reads the database as of its JetBeginTransaction,
      // and may not change a record committed after that
      expect((await api.JetRetrieveColumn(s2, t2, f.colName, 100, 0, null)).pvData!.toString('utf16le')).toBe('a');
      expect(await readAll(f, s2, t2)).toEqual([1]);
      await api.JetMove(s2, t2, JET_MoveFirst, 0);
      expect(await code(api.JetPrepareUpdate(s2, t2, JET_prepReplace))).toBe(JET_errWriteConflict);
      await api.JetRollback(s2, 0);
      // outside a transaction (and in a new one) the commit is visible
      expect(await readAll(f, s2, t2)).toEqual([1, 2]);
      await api.JetBeginTransaction(s2);
      await api.JetMove(s2, t2, JET_MoveFirst, 0);
      expect((await api.JetRetrieveColumn(s2, t2, f.colName, 100, 0, null)).pvData!.toString('utf16le')).toBe('A');
      await api.JetPrepareUpdate(s2, t2, JET_prepReplace);
      await api.JetSetColumn(s2, t2, f.colName, text('B'), 2, 0, null);
      await api.JetUpdate(s2, t2);
      await api.JetCommitTransaction(s2, 0);
      void dbid;
    });

    it('update buffer return codes', async () => {
      const { api, sesid, tableid } = f;
      expect(await code(api.JetSetColumn(sesid, tableid, f.colId, long(1), 4, 0, null))).toBe(JET_errUpdateNotPrepared);
      expect(await code(api.JetUpdate(sesid, tableid))).toBe(JET_errUpdateNotPrepared);
      expect(await code(api.JetPrepareUpdate(sesid, tableid, JET_prepCancel))).toBe(JET_errUpdateNotPrepared);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      expect(await code(api.JetPrepareUpdate(sesid, tableid, JET_prepInsert))).toBe(JET_errAlreadyPrepared);
      expect(await code(api.JetSetColumn(sesid, tableid, f.colId, Buffer.alloc(3), 3, 0, null))).toBe(JET_errInvalidBufferSize);
      expect(await code(api.JetSetColumn(sesid, tableid, 999 as JET_COLUMNID, long(1), 4, 0, null))).toBe(JET_errColumnNotFound);
      await api.JetSetColumn(sesid, tableid, f.colId, long(5), 4, 0, null);
      // a copy of the buffer can be read back before JetUpdate
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, JET_bitRetrieveCopy, null)).pvData!.readInt32LE(0)).toBe(5);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepCancel);
      await insert(f, 5, 'five');
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, tableid, f.colId, long(5), 4, 0, null);
      expect(await code(api.JetUpdate(sesid, tableid))).toBe(JET_errKeyDuplicate);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepCancel);
      // replace needs a transaction and cannot change the primary key
      await api.JetMove(sesid, tableid, JET_MoveFirst, 0);
      expect(await code(api.JetPrepareUpdate(sesid, tableid, JET_prepReplace))).toBe(JET_errNotInTransaction);
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepReplace);
      await api.JetSetColumn(sesid, tableid, f.colId, long(6), 4, 0, null);
      expect(await code(api.JetUpdate(sesid, tableid))).toBe(JET_errRecordPrimaryChanged);
      await api.JetRollback(sesid, 0);
      expect(await code(api.JetPrepareUpdate(sesid, tableid, 99))).toBe(-1003);
    });

    it('text and binary columns: truncation warning, too big, long values append', async () => {
      const { api, sesid, dbid } = f;
      const t = await api.JetCreateTable(sesid, dbid, 'v', 0, 0);
      const small = await api.JetAddColumn(sesid, t, 'small', { coltyp: JET_coltypBinary, cbMax: 4 }, null, 0);
      const big = await api.JetAddColumn(sesid, t, 'big', { coltyp: JET_coltypBinary }, null, 0);
      const req = await api.JetAddColumn(sesid, t, 'req', { coltyp: JET_coltypLong, grbit: JET_bitColumnNotNULL }, null, 0);
      const auto = await api.JetAddColumn(sesid, t, 'auto', { coltyp: JET_coltypLong, grbit: JET_bitColumnAutoincrement }, null, 0);
      await api.JetPrepareUpdate(sesid, t, JET_prepInsert);
      expect(await api.JetSetColumn(sesid, t, small, Buffer.from('abcdef'), 6, 0, null)).toBe(JET_wrnColumnMaxTruncated);
      expect(await code(api.JetSetColumn(sesid, t, big, Buffer.alloc(256), 256, 0, null))).toBe(JET_errColumnTooBig);
      expect(await code(api.JetUpdate(sesid, t))).toBe(JET_errNullInvalid);
      await api.JetSetColumn(sesid, t, req, long(1), 4, 0, null);
      await api.JetSetColumn(sesid, t, f.colData, Buffer.from('x'), 1, 0, null).catch(() => undefined);
      await api.JetUpdate(sesid, t);
      await api.JetMove(sesid, t, JET_MoveFirst, 0);
      expect((await api.JetRetrieveColumn(sesid, t, small, 10, 0, null)).pvData!.toString()).toBe('abcd');
      expect((await api.JetRetrieveColumn(sesid, t, auto, 4, 0, null)).pvData!.readInt32LE(0)).toBe(1);
      expect(await api.JetRetrieveColumn(sesid, t, big, 10, 0, null)).toEqual({ err: JET_wrnColumnNull, pvData: null, cbActual: 0 });
      // long value append in the main table
      await insert(f, 1, 'one');
      await api.JetMove(sesid, f.tableid, JET_MoveFirst, 0);
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, f.tableid, JET_prepReplace);
      await api.JetSetColumn(sesid, f.tableid, f.colData, Buffer.from('hello '), 6, 0, null);
      await api.JetSetColumn(sesid, f.tableid, f.colData, Buffer.from('world'), 5, JET_bitSetAppendLV, null);
      await api.JetUpdate(sesid, f.tableid);
      await api.JetCommitTransaction(sesid, 0);
      const r = await api.JetRetrieveColumn(sesid, f.tableid, f.colData, 5, 0, null);
      expect(r).toEqual({ err: JET_wrnBufferTruncated, pvData: Buffer.from('hello'), cbActual: 11 });
      expect((await api.JetRetrieveColumn(sesid, f.tableid, f.colData, 100, 0, { ibLongValue: 6 })).pvData!.toString()).toBe('world');
      // offsets, OverwriteLV, SizeLV; ZeroLength on a fixed column means NULL
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, f.tableid, JET_prepReplace);
      await api.JetSetColumn(sesid, f.tableid, f.colData, Buffer.from('W'), 1, 0, { ibLongValue: 6 });
      expect((await api.JetRetrieveColumn(sesid, f.tableid, f.colData, 100, JET_bitRetrieveCopy, null)).pvData!.toString()).toBe('hello World');
      const size = Buffer.alloc(4);
      size.writeUInt32LE(4);
      await api.JetSetColumn(sesid, f.tableid, f.colData, size, 4, JET_bitSetSizeLV, null);
      expect((await api.JetRetrieveColumn(sesid, f.tableid, f.colData, 100, JET_bitRetrieveCopy, null)).pvData!.toString()).toBe('hell');
      await api.JetSetColumn(sesid, f.tableid, f.colData, Buffer.from('xy'), 2, JET_bitSetOverwriteLV, null);
      expect((await api.JetRetrieveColumn(sesid, f.tableid, f.colData, 100, JET_bitRetrieveCopy, null)).pvData!.toString()).toBe('xy');
      await api.JetSetColumn(sesid, f.tableid, f.colId, null, 0, JET_bitSetZeroLength, null);
      expect((await api.JetRetrieveColumn(sesid, f.tableid, f.colId, 4, JET_bitRetrieveCopy, null)).err).toBe(JET_wrnColumnNull);
      await api.JetPrepareUpdate(sesid, f.tableid, JET_prepCancel);
      await api.JetRollback(sesid, 0);
    });

    it('navigation: JetMove, JetDelete currency, NoCurrentRecord and RecordDeleted', async () => {
      const { api, sesid, tableid } = f;
      expect(await code(api.JetMove(sesid, tableid, JET_MoveFirst, 0))).toBe(JET_errNoCurrentRecord);
      expect(await code(api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null))).toBe(JET_errNoCurrentRecord);
      for (const id of [10, 20, 30, 40]) await insert(f, id, `r${id}`);
      await api.JetMove(sesid, tableid, JET_MoveLast, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(40);
      await api.JetMove(sesid, tableid, -2, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(20);
      await api.JetDelete(sesid, tableid);
      expect(await code(api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null))).toBe(JET_errRecordDeleted);
      expect(await code(api.JetDelete(sesid, tableid))).toBe(JET_errRecordDeleted);
      await api.JetMove(sesid, tableid, JET_MoveNext, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(30);
      await api.JetMove(sesid, tableid, JET_MovePrevious, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(10);
      expect(await code(api.JetMove(sesid, tableid, JET_MovePrevious, 0))).toBe(JET_errNoCurrentRecord);
      await api.JetMove(sesid, tableid, JET_MoveNext, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(10);
      expect(await readAll(f)).toEqual([10, 30, 40]);
    });

    it('keys and seeks: EQ/GE/GT/LE/LT, SeekNotEqual, KeyNotMade, KeyIsMade, negative numbers sort first', async () => {
      const { api, sesid, tableid } = f;
      for (const id of [-5, 0, 7, 100]) await insert(f, id, `r${id}`);
      expect(await readAll(f)).toEqual([-5, 0, 7, 100]);
      expect(await code(api.JetSeek(sesid, tableid, JET_bitSeekEQ))).toBe(JET_errKeyNotMade);
      expect(await code(api.JetMakeKey(sesid, tableid, long(1), 4, 0))).toBe(JET_errKeyNotMade);
      await api.JetMakeKey(sesid, tableid, long(7), 4, JET_bitNewKey);
      expect(await code(api.JetMakeKey(sesid, tableid, long(7), 4, 0))).toBe(JET_errKeyIsMade);
      expect(await api.JetSeek(sesid, tableid, JET_bitSeekEQ | JET_bitCheckUniqueness)).toBe(JET_wrnUniqueKey);
      const at = async (): Promise<number> => (await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0);
      expect(await at()).toBe(7);
      const seek = async (k: number, g: number): Promise<number> => {
        await api.JetMakeKey(sesid, tableid, long(k), 4, JET_bitNewKey);
        return api.JetSeek(sesid, tableid, g);
      };
      expect(await seek(1, JET_bitSeekGE)).toBe(JET_wrnSeekNotEqual);
      expect(await at()).toBe(7);
      expect(await seek(7, JET_bitSeekGE)).toBe(0);
      expect(await seek(7, JET_bitSeekGT)).toBe(JET_wrnSeekNotEqual);
      expect(await at()).toBe(100);
      expect(await seek(7, JET_bitSeekLT)).toBe(JET_wrnSeekNotEqual);
      expect(await at()).toBe(0);
      expect(await seek(50, JET_bitSeekLE)).toBe(JET_wrnSeekNotEqual);
      expect(await at()).toBe(7);
      expect(await code(seek(8, JET_bitSeekEQ))).toBe(JET_errRecordNotFound);
      // after a failed seek the cursor sits where the key would be
      expect(await code(api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null))).toBe(JET_errNoCurrentRecord);
      await api.JetMove(sesid, tableid, JET_MoveNext, 0);
      expect(await at()).toBe(100);
      expect(await code(seek(200, JET_bitSeekGE))).toBe(JET_errRecordNotFound);
      expect(await code(seek(1, JET_bitSeekGE | JET_bitSeekLE))).toBe(JET_errInvalidGrbit);
    });

    it('secondary indexes, ranges and case-insensitive text', async () => {
      const { api, sesid, tableid } = f;
      await api.JetCreateIndex(sesid, tableid, 'byname', 0, '+name\0-id\0\0', 12, 0);
      await api.JetCreateIndex(sesid, tableid, 'uname', JET_bitIndexUnique, '+name\0\0', 7, 0);
      await insert(f, 1, 'beta');
      await insert(f, 2, 'Alpha');
      await insert(f, 3, 'alphabet');
      await insert(f, 4, 'gamma');
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, tableid, f.colId, long(5), 4, 0, null);
      await api.JetSetColumn(sesid, tableid, f.colName, text('BETA'), 8, 0, null);
      expect(await code(api.JetUpdate(sesid, tableid))).toBe(JET_errKeyDuplicate);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepCancel);
      // JetSetCurrentIndex2(JET_bitNoMove) keeps the record, JetSetCurrentIndex moves to the first entry
      await api.JetMove(sesid, tableid, JET_MoveLast, 0);
      await api.JetSetCurrentIndex2(sesid, tableid, 'byname', JET_bitNoMove);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(4);
      expect(await code(api.JetMove(sesid, tableid, JET_MoveNext, 0))).toBe(JET_errNoCurrentRecord);
      await api.JetSetCurrentIndex(sesid, tableid, null);
      await api.JetSetCurrentIndex(sesid, tableid, 'byname');
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(2);
      expect(await readAll(f)).toEqual([2, 3, 1, 4]);
      // all names starting with "alpha": SubStrLimit upper bound
      await api.JetMakeKey(sesid, tableid, text('ALPHA'), 10, JET_bitNewKey);
      await api.JetSeek(sesid, tableid, JET_bitSeekGE);
      await api.JetMakeKey(sesid, tableid, text('alpha'), 10, JET_bitNewKey | JET_bitSubStrLimit);
      await api.JetSetIndexRange(sesid, tableid, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
      const seen: number[] = [];
      for (;;) {
        seen.push((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0));
        const c = await code(api.JetMove(sesid, tableid, JET_MoveNext, 0));
        if (c !== undefined) {
          expect(c).toBe(JET_errNoCurrentRecord);
          break;
        }
      }
      expect(seen).toEqual([2, 3]);
      // stepping back from beyond the range returns its last entry
      await api.JetMove(sesid, tableid, JET_MovePrevious, 0);
      expect((await api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null)).pvData!.readInt32LE(0)).toBe(3);
      // counting within a range, and the current index name
      await api.JetMakeKey(sesid, tableid, text('ALPHA'), 10, JET_bitNewKey);
      await api.JetSeek(sesid, tableid, JET_bitSeekGE);
      expect(await api.JetIndexRecordCount(sesid, tableid, 0)).toBe(4);
      await api.JetMakeKey(sesid, tableid, text('alpha'), 10, JET_bitNewKey | JET_bitSubStrLimit);
      await api.JetSetIndexRange(sesid, tableid, JET_bitRangeUpperLimit | JET_bitRangeInclusive);
      expect(await api.JetIndexRecordCount(sesid, tableid, 0)).toBe(2);
      expect(await api.JetIndexRecordCount(sesid, tableid, 1)).toBe(1);
      expect(await api.JetGetCurrentIndex(sesid, tableid)).toBe('byname');
      expect(await code(api.JetRetrieveKey(sesid, tableid, 255, JET_bitRetrieveCopy))).toBe(JET_errKeyNotMade);
      expect((await api.JetRetrieveKey(sesid, tableid, 255, 0)).length).toBeGreaterThan(5);
      // SeekEQ with SetIndexRange on an exact name
      await api.JetMakeKey(sesid, tableid, text('gamma'), 10, JET_bitNewKey);
      await api.JetSeek(sesid, tableid, JET_bitSeekEQ | JET_bitSetIndexRange);
      expect(await code(api.JetMove(sesid, tableid, JET_MoveNext, 0))).toBe(JET_errNoCurrentRecord);
      // an exclusive upper range up to "beta": Alpha, alphabet, then the range ends
      await api.JetMove(sesid, tableid, JET_MoveFirst, 0);
      await api.JetMakeKey(sesid, tableid, text('beta'), 8, JET_bitNewKey | JET_bitFullColumnStartLimit);
      await api.JetSetIndexRange(sesid, tableid, JET_bitRangeUpperLimit);
      await api.JetMove(sesid, tableid, JET_MoveNext, 0);
      expect(await code(api.JetMove(sesid, tableid, JET_MoveNext, 0))).toBe(JET_errNoCurrentRecord);
      // a range that excludes the current record is refused
      await api.JetMakeKey(sesid, tableid, text('gamma'), 10, JET_bitNewKey);
      await api.JetSeek(sesid, tableid, JET_bitSeekGE);
      await api.JetMakeKey(sesid, tableid, text('b'), 2, JET_bitNewKey | JET_bitFullColumnEndLimit);
      expect(await code(api.JetSetIndexRange(sesid, tableid, JET_bitRangeUpperLimit))).toBe(JET_errNoCurrentRecord);
    });

    it('bookmarks, descending and floating point keys, LongLong', async () => {
      const { api, sesid, dbid } = f;
      const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
        szTableName: 'd',
        rgcolumncreate: [
          { szColumnName: 'x', coltyp: JET_coltypIEEEDouble },
          { szColumnName: 'n', coltyp: JET_coltypLongLong },
          { szColumnName: 's', coltyp: JET_coltypText, cp: JET_cpUnicode },
        ],
        rgindexcreate: [{ szIndexName: 'bx', szKey: '-x\0\0' }],
      });
      const [cx, cn] = r.rgcolumnid;
      const t = r.tableid;
      const bms: Buffer[] = [];
      for (const x of [1.5, -2.25, 0, 1e10, -1e-3]) {
        await api.JetPrepareUpdate(sesid, t, JET_prepInsert);
        const b = Buffer.alloc(8);
        b.writeDoubleLE(x);
        await api.JetSetColumn(sesid, t, cx!, b, 8, 0, null);
        const n = Buffer.alloc(8);
        n.writeBigInt64LE(BigInt(Math.round(x * 1000)));
        await api.JetSetColumn(sesid, t, cn!, n, 8, 0, null);
        bms.push(await api.JetUpdate(sesid, t));
      }
      await api.JetSetCurrentIndex(sesid, t, 'bx');
      const xs: number[] = [];
      await api.JetMove(sesid, t, JET_MoveFirst, 0);
      do xs.push((await api.JetRetrieveColumn(sesid, t, cx!, 8, 0, null)).pvData!.readDoubleLE(0));
      while ((await code(api.JetMove(sesid, t, JET_MoveNext, 0))) === undefined);
      expect(xs).toEqual([1e10, 1.5, 0, -1e-3, -2.25]);
      await api.JetGotoBookmark(sesid, t, bms[1]!, bms[1]!.length);
      expect((await api.JetRetrieveColumn(sesid, t, cx!, 8, 0, null)).pvData!.readDoubleLE(0)).toBe(-2.25);
      expect((await api.JetGetBookmark(sesid, t)).equals(bms[1]!)).toBe(true);
      await api.JetDelete(sesid, t);
      expect(await code(api.JetGotoBookmark(sesid, t, bms[1]!, bms[1]!.length))).toBe(JET_errRecordDeleted);
    });
  });

  describe('multi-valued columns', () => {
    let root: TempRoot;
    let f: Fixture;
    useFixture(
      (x, r) => {
        f = x;
        root = r;
      },
      { create: target.create },
    );

    it('itagSequence appends, replaces, removes and retrieves values; duplicates can be refused', async () => {
      const { api, sesid, tableid } = f;
      const tags = await api.JetAddColumn(sesid, tableid, 'tags', { coltyp: JET_coltypText, cp: JET_cpUnicode, grbit: JET_bitColumnMultiValued }, null, 0);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, tableid, f.colId, long(1), 4, 0, null);
      for (const t of ['red', 'green', 'blue']) await api.JetSetColumn(sesid, tableid, tags, text(t), text(t).length, 0, { itagSequence: 0 });
      expect(await code(api.JetSetColumn(sesid, tableid, tags, text('red'), 6, JET_bitSetUniqueMultiValues, { itagSequence: 0 }))).toBe(JET_errMultiValuedDuplicate);
      await api.JetSetColumn(sesid, tableid, tags, text('GREEN'), 10, 0, { itagSequence: 2 });
      await api.JetSetColumn(sesid, tableid, tags, null, 0, 0, { itagSequence: 1 });
      await api.JetUpdate(sesid, tableid);
      await api.JetMove(sesid, tableid, JET_MoveFirst, 0);
      const at = async (i: number) => (await api.JetRetrieveColumn(sesid, tableid, tags, 64, 0, { itagSequence: i })).pvData?.toString('utf16le') ?? null;
      expect([await at(1), await at(2), await at(3)]).toEqual(['GREEN', 'blue', null]);
      expect(await code(api.JetSetColumn(sesid, tableid, f.colName, text('x'), 2, 0, { itagSequence: 2 }))).toBe(JET_errUpdateNotPrepared);
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepReplace);
      expect(await code(api.JetSetColumn(sesid, tableid, f.colName, text('x'), 2, 0, { itagSequence: 2 }))).toBe(JET_errInvalidParameter);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepCancel);
      await api.JetRollback(sesid, 0);
      // the values survive a restart
      await api.JetTerm(f.inst);
      const g = target.create(root.dir);
      const inst = await g.JetCreateInstance('mv');
      await g.JetSetSystemParameter(inst, null, 11, 128, null);
      await g.JetInit(inst);
      const s = await g.JetBeginSession(inst, null, null);
      await g.JetAttachDatabase(s, 'test.edb', 0);
      const db = await g.JetOpenDatabase(s, 'test.edb', null, 0);
      const t = await g.JetOpenTable(s, db, 't', null, 0, 0);
      await g.JetMove(s, t, JET_MoveFirst, 0);
      expect((await g.JetRetrieveColumn(s, t, tags, 64, 0, { itagSequence: 2 })).pvData!.toString('utf16le')).toBe('blue');
      await g.JetTerm(inst);
    });
  });
}
