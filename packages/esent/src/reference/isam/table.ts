// One table in memory: records with a committed image and at most one pending (uncommitted)
// image owned by a session, plus sorted index arrays with an entry per visible version. A session
// sees its own pending image and everybody else's committed image, so uncommitted changes never
// leak to other sessions, and two writers of one record get JET_errWriteConflict.
import { JET_bitIndexIgnoreAnyNull, JET_bitIndexIgnoreFirstNull, JET_bitIndexIgnoreNull, JET_bitIndexPrimary, JET_bitIndexUnique } from '../../api/constants.js';
import { ChunkedList } from './chunkedlist.js';
import { normalizeSegment } from './keys.js';
import { persist } from './slab.js';
import type { ColumnSchema, IndexSchema, Row } from './schema.js';

export interface Pending {
  readonly owner: number;
  /** null: deleted by the owner's transaction. */
  readonly row: Row | null;
}

export interface Rec {
  readonly bm: Buffer;
  readonly bmId: string;
  committed: Row | null;
  pending: Pending | null;
}

export interface Entry {
  readonly key: Buffer;
  readonly bm: Buffer;
  readonly rec: Rec;
  ver: 0 | 1;
}

function cmpEntry(a: Entry, key: Buffer, bm: Buffer, ver: number): number {
  return Buffer.compare(a.key, key) || Buffer.compare(a.bm, bm) || a.ver - ver;
}

export class Index {
  readonly entries = new ChunkedList<Entry>();
  constructor(
    public readonly schema: IndexSchema,
    private readonly table: Table,
  ) {}

  get isPrimary(): boolean {
    return this.schema.name === null || (this.schema.grbit & JET_bitIndexPrimary) !== 0;
  }

  get isUnique(): boolean {
    return this.isPrimary || (this.schema.grbit & JET_bitIndexUnique) !== 0;
  }

  /** The normalized key of `row` in this index, or null when the null rules leave it out. */
  keyOf(row: Row, bm: Buffer): Buffer | null {
    if (this.schema.name === null) return bm;
    const parts: Buffer[] = [];
    let nulls = 0;
    let firstNull = false;
    for (let i = 0; i < this.schema.segments.length; i++) {
      const seg = this.schema.segments[i]!;
      const col = this.table.columns.get(seg.columnid)!;
      const v = row.get(seg.columnid) ?? col.defaultValue ?? null;
      if (v === null) {
        nulls++;
        if (i === 0) firstNull = true;
      }
      parts.push(normalizeSegment({ coltyp: col.coltyp, cp: col.cp, desc: seg.desc }, v));
    }
    const g = this.schema.grbit;
    if (!this.isPrimary) {
      if (g & JET_bitIndexIgnoreAnyNull && nulls > 0) return null;
      if (g & JET_bitIndexIgnoreFirstNull && firstNull) return null;
      if (g & JET_bitIndexIgnoreNull && nulls === this.schema.segments.length) return null;
    }
    return Buffer.concat(parts);
  }

  /** First position whose entry is >= (key, bm, ver). */
  lowerBound(key: Buffer, bm: Buffer, ver: number): number {
    return this.entries.firstWhere((e) => cmpEntry(e, key, bm, ver) >= 0);
  }

  insert(e: Entry): void {
    const n = this.entries.length;
    if (n === 0 || cmpEntry(this.entries.at(n - 1)!, e.key, e.bm, e.ver) < 0) {
      this.entries.insert(n, e);
      return;
    }
    this.entries.insert(this.lowerBound(e.key, e.bm, e.ver), e);
  }

  remove(key: Buffer, bm: Buffer, ver: 0 | 1): Entry | undefined {
    const i = this.lowerBound(key, bm, ver);
    const e = this.entries.at(i);
    if (e && cmpEntry(e, key, bm, ver) === 0) {
      this.entries.removeAt(i);
      return e;
    }
    return undefined;
  }

  find(key: Buffer, bm: Buffer, ver: 0 | 1): Entry | undefined {
    const e = this.entries.at(this.lowerBound(key, bm, ver));
    return e && cmpEntry(e, key, bm, ver) === 0 ? e : undefined;
  }
}

/** Whether a session sees this index entry (its own pending image, else the committed one). */
export function entryVisible(e: Entry, sesId: number): boolean {
  const p = e.rec.pending;
  if (p !== null && p.owner === sesId) return e.ver === 1;
  return e.ver === 0;
}

/** The image of a record a session sees, or null (absent / deleted for it). */
export function rowFor(rec: Rec, sesId: number): Row | null {
  const p = rec.pending;
  if (p !== null && p.owner === sesId) return p.row;
  return rec.committed;
}

export class Table {
  readonly columns = new Map<number, ColumnSchema>();
  readonly columnsByName = new Map<string, ColumnSchema>();
  readonly indexes = new Map<string, Index>();
  /** The clustered index: the primary index, or the implicit sequential one. */
  clustered: Index;
  readonly recs = new Map<string, Rec>();
  nextFixed = 1;
  nextVar = 128;
  nextTagged = 256;
  autoinc = 0;
  seq = 0;

  constructor(public name: string) {
    this.clustered = new Index({ name: null, grbit: JET_bitIndexPrimary, segments: [], szKey: '', density: 100 }, this);
  }

  get committedCount(): number {
    let n = 0;
    for (const r of this.recs.values()) if (r.committed) n++;
    return n;
  }

  get hasExplicitPrimary(): boolean {
    return this.clustered.schema.name !== null;
  }

  allIndexes(): Index[] {
    const list = [this.clustered];
    for (const ix of this.indexes.values()) if (ix !== this.clustered) list.push(ix);
    return list;
  }

  /** Next bookmark for a table without a primary index: an 8-byte big-endian sequence number. */
  nextSeqBookmark(): Buffer {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(++this.seq));
    return b;
  }

  private addEntries(rec: Rec, row: Row, ver: 0 | 1): void {
    for (const ix of this.allIndexes()) {
      const key = ix.keyOf(row, rec.bm);
      // the clustered key is the bookmark itself: share it instead of storing a copy
      if (key !== null) ix.insert({ key: key.equals(rec.bm) ? rec.bm : persist(key), bm: rec.bm, rec, ver });
    }
  }

  private removeEntries(rec: Rec, row: Row, ver: 0 | 1): void {
    for (const ix of this.allIndexes()) {
      const key = ix.keyOf(row, rec.bm);
      if (key !== null) ix.remove(key, rec.bm, ver);
    }
  }

  getOrCreateRec(bm: Buffer): Rec {
    const id = bm.toString('latin1');
    let rec = this.recs.get(id);
    if (!rec) {
      rec = { bm: persist(bm), bmId: id, committed: null, pending: null };
      this.recs.set(id, rec);
    }
    return rec;
  }

  getRec(bm: Buffer): Rec | undefined {
    return this.recs.get(bm.toString('latin1'));
  }

  /** Replaces the pending image of a record (or clears it) and keeps the indexes in step. */
  setPending(rec: Rec, next: Pending | null): void {
    if (rec.pending?.row) this.removeEntries(rec, rec.pending.row, 1);
    rec.pending = next;
    if (next?.row) this.addEntries(rec, next.row, 1);
    if (rec.committed === null && rec.pending === null) this.recs.delete(rec.bmId);
  }

  /** Makes the pending image the committed one (level-0 commit). */
  commitPending(rec: Rec): void {
    const p = rec.pending;
    if (!p) return;
    if (rec.committed) this.removeEntries(rec, rec.committed, 0);
    if (p.row) {
      for (const ix of this.allIndexes()) {
        const key = ix.keyOf(p.row, rec.bm);
        if (key === null) continue;
        const e = ix.find(key, rec.bm, 1);
        if (e) e.ver = 0;
      }
    }
    rec.committed = p.row;
    rec.pending = null;
    if (rec.committed === null) this.recs.delete(rec.bmId);
  }

  /** Sets the committed image directly (recovery redo and loading). */
  applyCommitted(bm: Buffer, row: Row | null): void {
    const rec = this.getOrCreateRec(bm);
    if (rec.committed) this.removeEntries(rec, rec.committed, 0);
    rec.committed = row;
    if (row) this.addEntries(rec, row, 0);
    else if (!rec.pending) this.recs.delete(rec.bmId);
  }

  /** Builds an index's entries from the committed images (new index or a freshly loaded table). */
  buildIndex(ix: Index): void {
    const list: Entry[] = [];
    for (const rec of this.recs.values()) {
      if (rec.committed) {
        const key = ix.keyOf(rec.committed, rec.bm);
        if (key !== null) list.push({ key: key.equals(rec.bm) ? rec.bm : persist(key), bm: rec.bm, rec, ver: 0 });
      }
      if (rec.pending?.row) {
        const key = ix.keyOf(rec.pending.row, rec.bm);
        if (key !== null) list.push({ key, bm: rec.bm, rec, ver: 1 });
      }
    }
    list.sort((a, b) => cmpEntry(a, b.key, b.bm, b.ver));
    ix.entries.setAll(list);
  }

  /**
   * Another live record (committed, or pending in any session) that has `key` in a unique index;
   * used for JET_errKeyDuplicate.
   */
  uniqueClash(ix: Index, key: Buffer, self: Rec, sesId: number): boolean {
    let i = ix.lowerBound(key, Buffer.alloc(0), 0);
    for (; i < ix.entries.length; i++) {
      const e = ix.entries.at(i)!;
      if (!e.key.equals(key)) return false;
      if (e.rec === self) continue;
      const p = e.rec.pending;
      if (e.ver === 0 && p && p.owner === sesId) continue; // superseded by my own change
      return true;
    }
    return false;
  }
}
