// A cursor (JET_TABLEID): current index, logical position, search key, index range and update
// buffer (spec: JetMove.md, JetSeek.md, JetMakeKey.md, JetSetIndexRange.md, JetPrepareUpdate.md,
// JetSetColumn.md, JetUpdate.md, JetDelete.md, JetRetrieveColumn.md).
import {
  JET_errAlreadyPrepared,
  JET_errMultiValuedDuplicate,
  JET_errPermissionDenied,
  JET_errColumnNotFound,
  JET_errColumnNotUpdatable,
  JET_errColumnTooBig,
  JET_errIndexNotFound,
  JET_errInvalidBufferSize,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidOperation,
  JET_errKeyDuplicate,
  JET_errKeyIsMade,
  JET_errKeyNotMade,
  JET_errNoCurrentIndex,
  JET_errNoCurrentRecord,
  JET_errNotInTransaction,
  JET_errNullInvalid,
  JET_errNullKeyDisallowed,
  JET_errRecordDeleted,
  JET_errRecordTooBig,
  JET_errKeyTruncated,
  JET_errRecordNotFound,
  JET_errRecordPrimaryChanged,
  JET_errTransReadOnly,
  JET_errUpdateNotPrepared,
  JET_errWriteConflict,
  JET_errSuccess,
  JET_wrnBufferTruncated,
  JET_wrnColumnMaxTruncated,
  JET_wrnColumnNull,
  JET_wrnSeekNotEqual,
  JET_wrnUniqueKey,
  jetError,
} from '@winbackup/errors';
import {
  JET_bitCheckUniqueness,
  JET_bitTableReadOnly,
  JET_bitColumnAutoincrement,
  JET_bitColumnFixed,
  JET_bitColumnNotNULL,
  JET_bitColumnTagged,
  JET_bitColumnMultiValued,
  JET_bitFullColumnEndLimit,
  JET_bitFullColumnStartLimit,
  JET_bitIndexDisallowNull,
  JET_bitIndexDisallowTruncation,
  JET_bitKeyDataZeroLength,
  JET_bitMoveKeyNE,
  JET_bitNewKey,
  JET_bitNormalizedKey,
  JET_bitPartialColumnEndLimit,
  JET_bitPartialColumnStartLimit,
  JET_bitRangeInclusive,
  JET_bitRangeInstantDuration,
  JET_bitRangeRemove,
  JET_bitRangeUpperLimit,
  JET_bitRetrieveCopy,
  JET_bitRetrieveFromIndex,
  JET_bitRetrieveFromPrimaryBookmark,
  JET_bitRetrieveIgnoreDefault,
  JET_bitRetrieveNull,
  JET_bitRetrieveTag,
  JET_bitSeekEQ,
  JET_bitSeekGE,
  JET_bitSeekGT,
  JET_bitSeekLE,
  JET_bitSeekLT,
  JET_bitSetAppendLV,
  JET_bitSetIndexRange,
  JET_bitSetOverwriteLV,
  JET_bitSetRevertToDefaultValue,
  JET_bitSetSizeLV,
  JET_bitSetZeroLength,
  JET_bitSetSeparateLV,
  JET_bitSetIntrinsicLV,
  JET_bitSetUniqueMultiValues,
  JET_bitSetUniqueNormalizedMultiValues,
  JET_bitStrLimit,
  JET_bitSubStrLimit,
  JET_coltypCurrency,
  JET_coltypLongLong,
  JET_coltypUnsignedLong,
  JET_MoveFirst,
  JET_MoveLast,
  JET_prepCancel,
  JET_prepInsert,
  JET_prepInsertCopy,
  JET_prepReplace,
  JET_prepReplaceNoLock,
  JET_bitIndexPrimary,
} from '../../api/constants.js';
import { fixedSize, isLongValue, JET_cbColumnMost } from '../isam/coltypes.js';
import { PackedRow } from '../isam/packedrow.js';
import { RowBuffer } from '../isam/rowbuffer.js';
import { normalizeSegment, type SearchKey } from '../isam/keys.js';
import {
  currentEntry,
  inRange,
  nextEntry,
  positionOn,
  prevEntry,
  scanBackward,
  scanForward,
  searchBound,
  type IndexRange,
  type Position,
} from '../isam/navigation.js';
import type { ColumnSchema, Row } from '../isam/schema.js';
import { entryVisible, rowFor, type Entry, type Index, type Rec, type Table } from '../isam/table.js';
import type { AttachedDb } from './database.js';
import { eseKeyIfCut, eseKeyOf, recordFitsPage, recordWithinBound } from './esestore.js';
import type { Session } from './session.js';

interface UpdateBuffer {
  readonly prep: number;
  readonly row: RowBuffer;
  /** The record being replaced (replace only). */
  readonly rec: Rec | undefined;
}

const SEEK_BITS = JET_bitSeekEQ | JET_bitSeekLT | JET_bitSeekLE | JET_bitSeekGE | JET_bitSeekGT;
const LIMIT_BITS =
  JET_bitStrLimit | JET_bitSubStrLimit | JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit | JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit;

/** Hooks the cursor needs from the instance: implicit transactions around single updates. */
export interface CursorHost {
  /** Runs `fn` inside the session's transaction, or in an implicit one committed lazily. */
  inTransaction(session: Session, fn: () => void): void;
}

export class Cursor {
  index: Index;
  pos: Position = { kind: 'before' };
  private keySegs: Buffer[] = [];
  private keyInf = false;
  private keyDone = false;
  private keyActive = false;
  private normalizedKey: Buffer | undefined;
  range: IndexRange | null = null;
  update: UpdateBuffer | null = null;

  constructor(
    readonly tableid: number,
    readonly session: Session,
    readonly db: AttachedDb,
    readonly table: Table,
    private readonly host: CursorHost,
    /** The JetOpenTable grbits (ReadOnly, DenyRead, DenyWrite...). */
    readonly grbit = 0,
  ) {
    this.index = table.clustered;
  }

  /** Updates need a writable cursor on a database attached for writing. */
  private checkWritable(context: string): void {
    if (this.db.readOnly || this.grbit & JET_bitTableReadOnly) throw jetError(JET_errPermissionDenied, { context });
  }

  private get sesId(): number {
    return this.session.id;
  }

  // ---- navigation

  /**
   * spec: JetSetCurrentIndex2: JET_bitMoveFirst (the default of JetSetCurrentIndex) moves to the
   * first entry of the new index; JET_bitNoMove keeps the cursor on the same record. Selecting the
   * current index again changes nothing.
   */
  setCurrentIndex(name: string | null, noMove: boolean, context: string): void {
    let ix: Index | undefined;
    if (name === null || name === '') ix = this.table.clustered;
    else ix = this.table.indexes.get(name.toLowerCase());
    if (!ix) throw jetError(JET_errIndexNotFound, { context });
    if (ix === this.index) return;
    this.cancelUpdate();
    const cur = currentEntry(this.index, this.pos, this.sesId);
    this.index = ix;
    this.range = null;
    this.resetKey();
    if (noMove) {
      const row = cur ? rowFor(cur.rec, this.sesId) : null;
      const key = cur && row ? ix.keyOf(row, cur.rec.bm) : null;
      if (!cur || !key) throw jetError(JET_errNoCurrentRecord, { context });
      this.pos = { kind: 'on', key, bm: cur.rec.bm };
      return;
    }
    const first = scanForward(ix, 0, this.sesId);
    this.pos = first ? positionOn(first) : { kind: 'before' };
  }

  current(context: string): Entry {
    const e = currentEntry(this.index, this.pos, this.sesId);
    if (e) return e;
    if (this.pos.kind === 'on' && !this.pos.virtual) throw jetError(JET_errRecordDeleted, { context });
    throw jetError(JET_errNoCurrentRecord, { context });
  }

  move(cRow: number, grbit: number, context: string): void {
    this.cancelUpdate();
    const sid = this.sesId;
    if (cRow === JET_MoveFirst || cRow === JET_MoveLast) {
      this.range = null;
      const e = cRow === JET_MoveFirst ? scanForward(this.index, 0, sid) : scanBackward(this.index, this.index.entries.length - 1, sid);
      if (!e) {
        this.pos = cRow === JET_MoveFirst ? { kind: 'after' } : { kind: 'before' };
        throw jetError(JET_errNoCurrentRecord, { context });
      }
      this.pos = positionOn(e);
      return;
    }
    if (cRow === 0) {
      this.current(context);
      return;
    }
    const forward = cRow > 0;
    let steps = Math.abs(cRow);
    let pos = this.pos;
    const startKey = pos.kind === 'on' ? pos.key : undefined;
    while (steps > 0) {
      const e = forward ? nextEntry(this.index, pos, sid) : prevEntry(this.index, pos, sid);
      if (!e || !inRange(e, this.range)) {
        // spec: JetMove.md: on JET_errNoCurrentRecord the cursor sits where the entry would have
        // been: past the end of the index, or at the first entry outside the index range, so a
        // move back returns the last entry inside it
        this.pos = !e ? (forward ? { kind: 'after' } : { kind: 'before' }) : { kind: 'on', key: e.key, bm: e.bm, virtual: true };
        throw jetError(JET_errNoCurrentRecord, { context });
      }
      pos = positionOn(e);
      // JET_bitMoveKeyNE skips entries whose key equals the starting key
      if (grbit & JET_bitMoveKeyNE && startKey && e.key.equals(startKey)) continue;
      steps--;
    }
    this.pos = pos;
  }

  // ---- keys

  private resetKey(): void {
    this.keySegs = [];
    this.keyInf = false;
    this.keyDone = false;
    this.keyActive = false;
    this.normalizedKey = undefined;
  }

  makeKey(data: Buffer | null, grbit: number, context: string): void {
    const allowed = JET_bitNewKey | JET_bitNormalizedKey | JET_bitKeyDataZeroLength | LIMIT_BITS;
    if ((grbit & ~allowed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const limits = grbit & LIMIT_BITS;
    if (limits & (limits - 1)) throw jetError(JET_errInvalidGrbit, { context });
    if (grbit & JET_bitNewKey) this.resetKey();
    else if (!this.keyActive) throw jetError(JET_errKeyNotMade, { context });
    if (grbit & JET_bitNormalizedKey) {
      this.resetKey();
      this.normalizedKey = Buffer.from(data ?? Buffer.alloc(0));
      this.keyActive = true;
      this.keyDone = true;
      return;
    }
    const segs = this.index.schema.segments;
    if (this.keyDone || (this.index.schema.name !== null && this.keySegs.length >= segs.length)) throw jetError(JET_errKeyIsMade, { context });
    if (this.index.schema.name === null) {
      // the implicit sequential index is keyed by the bookmark bytes
      this.keySegs = [Buffer.from(data ?? Buffer.alloc(0))];
      this.keyActive = true;
      this.keyDone = true;
      return;
    }
    const seg = segs[this.keySegs.length]!;
    const col = this.table.columns.get(seg.columnid)!;
    let value: Buffer | null = data;
    if (value !== null && value.length === 0 && !(grbit & JET_bitKeyDataZeroLength)) value = null;
    if (value === null && grbit & JET_bitKeyDataZeroLength) value = Buffer.alloc(0);
    const fixed = fixedSize(col.coltyp);
    if (value !== null && fixed !== undefined && value.length !== fixed) throw jetError(JET_errInvalidBufferSize, { context });
    const partial = (grbit & (JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit | JET_bitSubStrLimit)) !== 0;
    this.keySegs.push(normalizeSegment({ coltyp: col.coltyp, cp: col.cp, desc: seg.desc }, value, partial && value !== null));
    this.keyActive = true;
    if (limits) {
      this.keyDone = true;
      this.keyInf = (limits & (JET_bitFullColumnEndLimit | JET_bitPartialColumnEndLimit | JET_bitStrLimit | JET_bitSubStrLimit)) !== 0;
    }
  }

  private takeKey(context: string): SearchKey {
    if (!this.keyActive) throw jetError(JET_errKeyNotMade, { context });
    const k: SearchKey = { bytes: this.normalizedKey ?? Buffer.concat(this.keySegs), inf: this.keyInf };
    this.resetKey();
    return k;
  }

  /** Returns JET_errSuccess, JET_wrnSeekNotEqual or JET_wrnUniqueKey. */
  seek(grbit: number, context: string): number {
    const kind = grbit & SEEK_BITS;
    if ((grbit & ~(SEEK_BITS | JET_bitSetIndexRange | JET_bitCheckUniqueness)) !== 0 || kind === 0 || (kind & (kind - 1)) !== 0) {
      throw jetError(JET_errInvalidGrbit, { context });
    }
    const k = this.takeKey(context);
    this.cancelUpdate();
    this.range = null;
    const ix = this.index;
    const sid = this.sesId;
    const lo = searchBound(ix, k, false);
    const hi = searchBound(ix, k, true);
    let found: Entry | undefined;
    let equal = false;
    switch (kind) {
      case JET_bitSeekEQ: {
        for (let i = lo; i < hi && !found; i++) {
          const e = ix.entries.at(i)!;
          if (isVisible(e, sid)) found = e;
        }
        equal = found !== undefined;
        break;
      }
      case JET_bitSeekGE:
        found = scanForward(ix, lo, sid);
        break;
      case JET_bitSeekGT:
        found = scanForward(ix, hi, sid);
        break;
      case JET_bitSeekLE:
        found = scanBackward(ix, hi - 1, sid);
        break;
      case JET_bitSeekLT:
        found = scanBackward(ix, lo - 1, sid);
        break;
    }
    if (!found) {
      this.pos = { kind: 'on', key: k.bytes, bm: Buffer.alloc(0), virtual: true };
      throw jetError(JET_errRecordNotFound, { context });
    }
    this.pos = positionOn(found);
    if (kind === JET_bitSeekEQ) {
      if (grbit & JET_bitSetIndexRange) this.range = { key: k, upper: true, inclusive: true };
      if (grbit & JET_bitCheckUniqueness) {
        let n = 0;
        for (let i = lo; i < hi && n < 2; i++) if (isVisible(ix.entries.at(i)!, sid)) n++;
        if (n === 1) return JET_wrnUniqueKey;
      }
      return JET_errSuccess;
    }
    const at = ix.groupStart(found.key, found.bm);
    equal = lo <= at && at < hi;
    return equal ? JET_errSuccess : JET_wrnSeekNotEqual;
  }

  setIndexRange(grbit: number, context: string): void {
    const allowed = JET_bitRangeInclusive | JET_bitRangeUpperLimit | JET_bitRangeInstantDuration | JET_bitRangeRemove;
    if ((grbit & ~allowed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (grbit & JET_bitRangeRemove) {
      // ESE answers JET_errInvalidOperation when no range is in effect
      if (!this.range) throw jetError(JET_errInvalidOperation, { context });
      this.range = null;
      return;
    }
    const k = this.takeKey(context);
    const range: IndexRange = { key: k, upper: (grbit & JET_bitRangeUpperLimit) !== 0, inclusive: (grbit & JET_bitRangeInclusive) !== 0 };
    const e = currentEntry(this.index, this.pos, this.sesId);
    if (!e || !inRange(e, range)) {
      this.range = null;
      throw jetError(JET_errNoCurrentRecord, { context });
    }
    this.range = grbit & JET_bitRangeInstantDuration ? null : range;
  }

  /** JetIndexRecordCount: entries from the current one forward, within the range, up to crecMax (0: all). */
  indexRecordCount(crecMax: number, context: string): number {
    const sid = this.sesId;
    let e: Entry | undefined;
    if (this.pos.kind === 'before') e = scanForward(this.index, 0, sid);
    else if (this.pos.kind === 'after') return 0;
    else e = currentEntry(this.index, this.pos, sid) ?? nextEntry(this.index, this.pos, sid);
    let n = 0;
    while (e && inRange(e, this.range) && (crecMax === 0 || n < crecMax)) {
      n++;
      e = nextEntry(this.index, positionOn(e), sid);
    }
    void context;
    return n;
  }

  /** JetRetrieveKey: the normalized key of the current entry, or with JET_bitRetrieveCopy the search key being built. */
  retrieveKey(copy: boolean, context: string): Buffer {
    if (copy) {
      if (!this.keyActive) throw jetError(JET_errKeyNotMade, { context });
      return this.normalizedKey ? Buffer.from(this.normalizedKey) : Buffer.concat(this.keySegs);
    }
    return Buffer.from(this.current(context).key);
  }

  getBookmark(context: string): Buffer {
    return Buffer.from(this.current(context).bm);
  }

  gotoBookmark(bm: Buffer, context: string): void {
    this.cancelUpdate();
    const rec = this.table.getRec(bm);
    const row = rec ? rowFor(rec, this.sesId) : null;
    if (!rec || !row) throw jetError(JET_errRecordDeleted, { context });
    const key = this.index.keyOf(row, rec.bm);
    if (key === null) throw jetError(JET_errNoCurrentRecord, { context });
    this.range = null;
    this.pos = { kind: 'on', key, bm: rec.bm };
  }

  // ---- columns

  column(columnid: number, context: string): ColumnSchema {
    const col = this.table.columns.get(columnid);
    if (!col) throw jetError(JET_errColumnNotFound, { context });
    return col;
  }

  retrieve(columnid: number, cbData: number, grbit: number, ibLongValue: number, itagSequence: number, context: string): { err: number; pvData: Buffer | null; cbActual: number } {
    const allowed = JET_bitRetrieveCopy | JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark | JET_bitRetrieveTag | JET_bitRetrieveNull | JET_bitRetrieveIgnoreDefault;
    if ((grbit & ~allowed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const col = this.column(columnid, context);
    let row: Row;
    if (grbit & JET_bitRetrieveCopy && this.update) row = this.update.row;
    else {
      const e = this.current(context);
      row = rowFor(e.rec, this.sesId)!;
    }
    let v = (itagSequence <= 1 ? row.get(columnid) : row.getAll(columnid)[itagSequence - 1]) ?? null;
    if (v === null && itagSequence <= 1 && !(grbit & JET_bitRetrieveIgnoreDefault)) v = col.defaultValue;
    if (v === null) return { err: JET_wrnColumnNull, pvData: null, cbActual: 0 };
    const src = ibLongValue > 0 ? v.subarray(Math.min(ibLongValue, v.length)) : v;
    if (src.length > cbData) return { err: JET_wrnBufferTruncated, pvData: Buffer.from(src.subarray(0, cbData)), cbActual: src.length };
    return { err: JET_errSuccess, pvData: Buffer.from(src), cbActual: src.length };
  }

  prepareUpdate(prep: number, context: string): void {
    switch (prep) {
      case JET_prepCancel:
        if (!this.update) throw jetError(JET_errUpdateNotPrepared, { context });
        this.update = null;
        return;
      case JET_prepInsert:
      case JET_prepInsertCopy: {
        if (this.update) throw jetError(JET_errAlreadyPrepared, { context });
        this.checkWritable(context);
        const row = RowBuffer.from(prep === JET_prepInsertCopy ? rowFor(this.current(context).rec, this.sesId) : null);
        for (const col of this.table.columns.values()) {
          if (col.grbit & JET_bitColumnAutoincrement) row.set(col.columnid, this.nextAutoinc(col));
        }
        this.update = { prep, row, rec: undefined };
        return;
      }
      case JET_prepReplace:
      case JET_prepReplaceNoLock: {
        if (this.update) throw jetError(JET_errAlreadyPrepared, { context });
        this.checkWritable(context);
        if (prep === JET_prepReplace && this.session.level === 0) throw jetError(JET_errNotInTransaction, { context });
        const e = this.current(context);
        if (prep === JET_prepReplace && this.session.lockedByOther(e.rec)) throw jetError(JET_errWriteConflict, { context });
        this.update = { prep, row: RowBuffer.from(rowFor(e.rec, this.sesId)), rec: e.rec };
        return;
      }
      default:
        throw jetError(JET_errInvalidParameter, { context });
    }
  }

  private nextAutoinc(col: ColumnSchema): Buffer {
    const v = ++this.table.autoinc;
    if (col.coltyp === JET_coltypLongLong || col.coltyp === JET_coltypCurrency) {
      const b = Buffer.alloc(8);
      b.writeBigInt64LE(BigInt(v));
      return b;
    }
    const b = Buffer.alloc(4);
    if (col.coltyp === JET_coltypUnsignedLong) b.writeUInt32LE(v >>> 0);
    else b.writeInt32LE(v | 0);
    return b;
  }

  cancelUpdate(): void {
    this.update = null;
  }

  /**
   * Returns JET_errSuccess or JET_wrnColumnMaxTruncated. A value that would make the record too
   * big for a page is refused with JET_errRecordTooBig and leaves the column as it was (ESE checks
   * the record's size as JetSetColumn changes it; long values move out of the record first).
   */
  setColumn(columnid: number, data: Buffer | null, grbit: number, ibLongValue: number, itagSequence: number, context: string): number {
    const before = this.update ? [...this.update.row.getAll(columnid)] : [];
    const ret = this.setColumnValue(columnid, data, grbit, ibLongValue, itagSequence, context);
    const row = this.update!.row;
    if (!this.recordFits(row)) {
      row.setAll(columnid, before);
      throw jetError(JET_errRecordTooBig, { context });
    }
    return ret;
  }

  private recordFits(row: Row): boolean {
    const t = this.table;
    if (recordWithinBound(this.db.pageSize, t.columns, row)) return true;
    const keyLength = t.hasExplicitPrimary ? (t.clustered.keyOf(row, Buffer.alloc(0))?.length ?? 0) : 4;
    return recordFitsPage(this.db.pageSize, t.columns, row, keyLength);
  }

  private setColumnValue(columnid: number, data: Buffer | null, grbit: number, ibLongValue: number, itagSequence: number, context: string): number {
    const allowed =
      JET_bitSetAppendLV |
      JET_bitSetOverwriteLV |
      JET_bitSetSizeLV |
      JET_bitSetZeroLength |
      JET_bitSetSeparateLV |
      JET_bitSetUniqueMultiValues |
      JET_bitSetUniqueNormalizedMultiValues |
      JET_bitSetRevertToDefaultValue |
      JET_bitSetIntrinsicLV;
    if ((grbit & ~allowed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (!this.update) throw jetError(JET_errUpdateNotPrepared, { context });
    const col = this.column(columnid, context);
    if (col.grbit & JET_bitColumnAutoincrement) throw jetError(JET_errColumnNotUpdatable, { context });
    const row = this.update.row;
    if (grbit & JET_bitSetRevertToDefaultValue) {
      row.set(columnid, null);
      return JET_errSuccess;
    }
    const mv = (col.grbit & JET_bitColumnMultiValued) !== 0;
    if (!mv && itagSequence > 1) throw jetError(JET_errInvalidParameter, { context });
    const current = mv ? row.getAll(columnid)[itagSequence - 1] : row.get(columnid);
    const unique = (grbit & (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues)) !== 0;
    const put = (v: Buffer | null): void => {
      if (!mv) {
        row.set(columnid, v);
        return;
      }
      if (v && unique && row.getAll(columnid).some((x, i) => i !== itagSequence - 1 && x.equals(v))) {
        throw jetError(JET_errMultiValuedDuplicate, { context });
      }
      row.setItag(columnid, itagSequence, v);
    };
    let value: Buffer | null = data;
    if (value !== null && value.length === 0 && !(grbit & JET_bitSetZeroLength)) value = null;
    if (value === null && grbit & JET_bitSetZeroLength) value = Buffer.alloc(0);
    if (value === null) {
      put(grbit & JET_bitSetSizeLV ? Buffer.alloc(0) : null);
      return JET_errSuccess;
    }
    const fixed = fixedSize(col.coltyp);
    if (fixed !== undefined) {
      // spec: JetSetColumn.md: JET_bitSetZeroLength on a fixed column sets NULL, unless it is tagged
      if (value.length === 0 && grbit & JET_bitSetZeroLength && !(col.grbit & JET_bitColumnTagged)) {
        put(null);
        return JET_errSuccess;
      }
      if (value.length !== fixed && !(value.length === 0 && col.grbit & JET_bitColumnTagged)) throw jetError(JET_errInvalidBufferSize, { context });
      put(Buffer.from(value));
      return JET_errSuccess;
    }
    if (isLongValue(col.coltyp)) {
      const old = current ?? Buffer.alloc(0);
      let next: Buffer;
      if (grbit & JET_bitSetSizeLV) {
        const size = value.length >= 4 ? value.readUInt32LE(0) : 0;
        next = Buffer.alloc(size);
        old.copy(next, 0, 0, Math.min(size, old.length));
      } else if (grbit & JET_bitSetAppendLV) next = Buffer.concat([old, value]);
      else if (grbit & JET_bitSetOverwriteLV) {
        // spec: JetSetColumn.md: as though the value were first set to zero length
        next = Buffer.alloc(ibLongValue + value.length);
        value.copy(next, ibLongValue);
      } else if (ibLongValue > 0) {
        // writing at an offset keeps the bytes around it and extends the value when needed
        next = Buffer.alloc(Math.max(old.length, ibLongValue + value.length));
        old.copy(next);
        value.copy(next, ibLongValue);
      } else next = Buffer.from(value);
      if (col.cbMax > 0 && next.length > col.cbMax) throw jetError(JET_errColumnTooBig, { context });
      put(next);
      return JET_errSuccess;
    }
    const max = col.cbMax > 0 ? col.cbMax : JET_cbColumnMost;
    if (value.length > max) {
      if (col.grbit & JET_bitColumnFixed || value.length > JET_cbColumnMost) throw jetError(JET_errColumnTooBig, { context });
      put(Buffer.from(value.subarray(0, max)));
      return JET_wrnColumnMaxTruncated;
    }
    put(Buffer.from(value));
    return JET_errSuccess;
  }

  /** JetUpdate: validates the buffer and writes it; returns the record's bookmark. */
  commitUpdate(context: string): Buffer {
    const u = this.update;
    if (!u) throw jetError(JET_errUpdateNotPrepared, { context });
    if (this.session.level > 0 && this.session.readOnlyTx) throw jetError(JET_errTransReadOnly, { context });
    // a column never set reads as its default value (NULL when it has none)
    for (const col of this.table.columns.values()) {
      const v = u.row.get(col.columnid) ?? col.defaultValue;
      if (col.grbit & JET_bitColumnNotNULL && v === null) throw jetError(JET_errNullInvalid, { context });
    }
    // JetSetColumn keeps each change within a page; checked once more before the write, as the
    // buffer of a replace starts from the stored record rather than from JetSetColumn calls
    if (!this.recordFits(u.row)) throw jetError(JET_errRecordTooBig, { context });
    const t = this.table;
    const sid = this.sesId;
    let rec: Rec;
    const finalRow: Row = PackedRow.from(u.row);
    const clustered = t.clustered;
    if (u.rec) {
      rec = u.rec;
      const cur = rowFor(rec, sid);
      if (!cur) throw jetError(JET_errRecordDeleted, { context });
      if (t.hasExplicitPrimary && !clustered.keyOf(finalRow, rec.bm)!.equals(rec.bm)) throw jetError(JET_errRecordPrimaryChanged, { context });
      if (this.session.lockedByOther(rec)) throw jetError(JET_errWriteConflict, { context });
    } else {
      let bm: Buffer;
      if (t.hasExplicitPrimary) {
        bm = clustered.keyOf(finalRow, Buffer.alloc(0))!;
        this.checkNullKey(clustered, finalRow, context);
      } else bm = t.nextSeqBookmark();
      const existing = t.getRec(bm);
      if (existing) {
        if (this.session.lockedByOther(existing)) throw jetError(existing.committed ? JET_errKeyDuplicate : JET_errWriteConflict, { context });
        if (rowFor(existing, sid)) throw jetError(JET_errKeyDuplicate, { context });
        rec = existing;
      } else rec = t.getOrCreateRec(bm);
    }
    for (const ix of t.indexes.values()) {
      if (ix === clustered) continue;
      this.checkNullKey(ix, finalRow, context);
      if (!ix.isUnique) continue;
      const key = ix.keyOf(finalRow, rec.bm);
      if (key !== null && t.uniqueClash(ix, key, rec, sid)) {
        t.forgetUnused(rec);
        throw jetError(JET_errKeyDuplicate, { context });
      }
    }
    this.checkCutKeys(finalRow, rec, context);
    const target = rec;
    this.host.inTransaction(this.session, () => this.session.write(this.db, t, target, finalRow, context));
    this.update = null;
    if (u.rec) {
      const key = this.index.keyOf(finalRow, rec.bm);
      if (key) this.pos = { kind: 'on', key, bm: rec.bm };
    }
    return Buffer.from(rec.bm);
  }

  /**
   * ESE cuts keys at 255 bytes (ese/key.ts) and a primary or unique index must keep the cut keys
   * apart: a row whose cut key equals another record's is JET_errKeyDuplicate, as esent.dll
   * answers (the engine's own keys are not cut, so its checks above do not see this), and
   * JET_errKeyTruncated when the index was created with JET_bitIndexDisallowTruncation.
   */
  private checkCutKeys(row: Row, rec: Rec, context: string): void {
    const t = this.table;
    for (const ix of t.indexes.values()) {
      if (!ix.isUnique || ix.schema.name === null) continue;
      const mine = eseKeyIfCut(t.columns, ix.schema, row);
      if (mine === null) continue;
      const key = ix.keyOf(row, rec.bm);
      let code = 0;
      if (ix.schema.grbit & JET_bitIndexDisallowTruncation) code = JET_errKeyTruncated;
      else if (key !== null && t.cutKeyClash(ix, key, rec.bm, mine, rec, this.sesId, (r) => eseKeyOf(t.columns, ix.schema, r))) code = JET_errKeyDuplicate;
      if (code !== 0) {
        t.forgetUnused(rec);
        throw jetError(code, { context });
      }
    }
  }

  private checkNullKey(ix: Index, row: Row, context: string): void {
    if (!(ix.schema.grbit & JET_bitIndexDisallowNull)) return;
    for (const seg of ix.schema.segments) {
      const v = row.get(seg.columnid) ?? this.table.columns.get(seg.columnid)?.defaultValue ?? null;
      if (v === null) throw jetError(JET_errNullKeyDisallowed, { context });
    }
  }

  deleteCurrent(context: string): void {
    this.checkWritable(context);
    const e = this.current(context);
    if (this.session.level > 0 && this.session.readOnlyTx) throw jetError(JET_errTransReadOnly, { context });
    if (this.session.lockedByOther(e.rec)) throw jetError(JET_errWriteConflict, { context });
    this.cancelUpdate();
    this.host.inTransaction(this.session, () => this.session.write(this.db, this.table, e.rec, null, context));
  }
}

function isVisible(e: Entry, sid: number): boolean {
  return entryVisible(e, sid);
}
