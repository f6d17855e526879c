// Applies one logged operation to a database's content. Used by recovery; tolerant of DDL that
// is already in the image (a checkpoint can flush a change just before its record is appended).
import { isJetError } from '@winbackup/errors';
import { JET_bitColumnAutoincrement, JET_coltypCurrency, JET_coltypLongLong } from '../../api/constants.js';
import { addColumn, createIndex, type DatabaseContent } from '../isam/content.js';
import { RecType, type LogRec, type RecordOp } from './logrecords.js';

function ignoreJet(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (!isJetError(e)) throw e;
  }
}

export function redoOps(content: DatabaseContent, ops: readonly RecordOp[]): void {
  for (const op of ops) {
    const t = content.getTable(op.table);
    if (!t) continue;
    t.applyCommitted(op.bm, op.row);
    if (!t.hasExplicitPrimary && op.bm.length === 8) t.seq = Math.max(t.seq, Number(op.bm.readBigUInt64BE()));
    if (op.row) {
      for (const col of t.columns.values()) {
        if (!(col.grbit & JET_bitColumnAutoincrement)) continue;
        const v = op.row.get(col.columnid);
        if (!v) continue;
        const n = col.coltyp === JET_coltypLongLong || col.coltyp === JET_coltypCurrency ? Number(v.readBigInt64LE()) : v.readInt32LE();
        t.autoinc = Math.max(t.autoinc, n);
      }
    }
  }
}

export function redoDdl(content: DatabaseContent, rec: LogRec): void {
  const ctx = 'recovery';
  switch (rec.type) {
    case RecType.CreateTable:
      ignoreJet(() => content.createTable(rec.table, ctx));
      break;
    case RecType.DeleteTable:
      ignoreJet(() => content.deleteTable(rec.table, ctx));
      break;
    case RecType.AddColumn: {
      const t = content.getTable(rec.table);
      if (t) ignoreJet(() => addColumn(t, rec.column, { coltyp: rec.coltyp, cbMax: rec.cbMax, grbit: rec.grbit, cp: rec.cp }, rec.defaultValue, ctx));
      break;
    }
    case RecType.CreateIndex: {
      const t = content.getTable(rec.table);
      if (t) ignoreJet(() => createIndex(t, rec.index, rec.grbit, rec.szKey, rec.szKey.length, rec.density, ctx));
      break;
    }
    default:
      break;
  }
}
