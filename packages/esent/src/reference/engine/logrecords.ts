// The logical redo records this engine logs. Only committed work is logged: a level-0 commit
// writes one Commit record with the final image of every record the transaction touched, so
// recovery replays whole transactions and never sees part of an uncommitted one.
import type { JET_SIGNATURE } from '../../api/structs.js';
import { ByteReader, ByteWriter } from '../storage/codec.js';
import { readSignature, writeSignature } from '../storage/logtime.js';
import { readRow, writeRow } from '../isam/image.js';
import type { Row } from '../isam/schema.js';

export const enum RecType {
  CreateDb = 1,
  Attach = 2,
  Detach = 3,
  Commit = 4,
  CreateTable = 5,
  AddColumn = 6,
  CreateIndex = 7,
  DeleteTable = 8,
  Term = 9,
  Roll = 10,
}

export interface RecordOp {
  readonly table: string;
  readonly bm: Buffer;
  /** null: the record was deleted. */
  readonly row: Row | null;
}

export type LogRec =
  | { type: RecType.CreateDb; path: string; signDb: JET_SIGNATURE; pageSize: number }
  | { type: RecType.Attach; path: string; signDb: JET_SIGNATURE }
  | { type: RecType.Detach; path: string }
  | { type: RecType.Commit; dbs: { path: string; ops: RecordOp[] }[] }
  | { type: RecType.CreateTable; path: string; table: string }
  | { type: RecType.AddColumn; path: string; table: string; column: string; coltyp: number; cbMax: number; grbit: number; cp: number; defaultValue: Buffer | null }
  | { type: RecType.CreateIndex; path: string; table: string; index: string; grbit: number; szKey: string; density: number }
  | { type: RecType.DeleteTable; path: string; table: string }
  | { type: RecType.Term }
  | { type: RecType.Roll };

export function encodeRec(rec: LogRec): Buffer {
  const w = new ByteWriter(64);
  w.u8(rec.type);
  switch (rec.type) {
    case RecType.CreateDb:
      w.str(rec.path);
      writeSignature(w, rec.signDb);
      w.u32(rec.pageSize);
      break;
    case RecType.Attach:
      w.str(rec.path);
      writeSignature(w, rec.signDb);
      break;
    case RecType.Detach:
      w.str(rec.path);
      break;
    case RecType.Commit:
      w.u32(rec.dbs.length);
      for (const db of rec.dbs) {
        w.str(db.path).u32(db.ops.length);
        for (const op of db.ops) {
          w.str(op.table).bytes(op.bm).u8(op.row ? 1 : 0);
          if (op.row) writeRow(w, op.row);
        }
      }
      break;
    case RecType.CreateTable:
    case RecType.DeleteTable:
      w.str(rec.path).str(rec.table);
      break;
    case RecType.AddColumn:
      w.str(rec.path).str(rec.table).str(rec.column).u32(rec.coltyp).u32(rec.cbMax).u32(rec.grbit).u32(rec.cp).u8(rec.defaultValue ? 1 : 0);
      if (rec.defaultValue) w.bytes(rec.defaultValue);
      break;
    case RecType.CreateIndex:
      w.str(rec.path).str(rec.table).str(rec.index).u32(rec.grbit).str(rec.szKey).u32(rec.density);
      break;
    case RecType.Term:
    case RecType.Roll:
      break;
  }
  return w.finish();
}

export function decodeRec(payload: Buffer): LogRec {
  const r = new ByteReader(payload);
  const type = r.u8() as RecType;
  switch (type) {
    case RecType.CreateDb:
      return { type, path: r.str(), signDb: readSignature(r), pageSize: r.u32() };
    case RecType.Attach:
      return { type, path: r.str(), signDb: readSignature(r) };
    case RecType.Detach:
      return { type, path: r.str() };
    case RecType.Commit: {
      const n = r.u32();
      const dbs: { path: string; ops: RecordOp[] }[] = [];
      for (let i = 0; i < n; i++) {
        const path = r.str();
        const m = r.u32();
        const ops: RecordOp[] = [];
        for (let j = 0; j < m; j++) {
          const table = r.str();
          const bm = Buffer.from(r.bytes());
          const row = r.u8() === 1 ? readRow(r) : null;
          ops.push({ table, bm, row });
        }
        dbs.push({ path, ops });
      }
      return { type, dbs };
    }
    case RecType.CreateTable:
    case RecType.DeleteTable:
      return { type, path: r.str(), table: r.str() };
    case RecType.AddColumn: {
      const path = r.str();
      const table = r.str();
      const column = r.str();
      const coltyp = r.u32();
      const cbMax = r.u32();
      const grbit = r.u32();
      const cp = r.u32();
      const defaultValue = r.u8() === 1 ? Buffer.from(r.bytes()) : null;
      return { type, path, table, column, coltyp, cbMax, grbit, cp, defaultValue };
    }
    case RecType.CreateIndex:
      return { type, path: r.str(), table: r.str(), index: r.str(), grbit: r.u32(), szKey: r.str(), density: r.u32() };
    case RecType.Term:
    case RecType.Roll:
      return { type };
    default:
      throw new RangeError(`unknown log record type ${type as number}`);
  }
}
