// One table in memory: records with a committed image, at most one pending (uncommitted) image
// owned by a session, and older committed images kept for snapshots that still read them, plus
// sorted indexes with an entry per image. A session sees its own pending image, else the newest
// image committed at or before its snapshot; uncommitted changes never leak to other sessions and
// two writers of one record get JET_errWriteConflict.
import { JET_bitIndexIgnoreAnyNull, JET_bitIndexIgnoreFirstNull, JET_bitIndexIgnoreNull, JET_bitIndexPrimary, JET_bitIndexUnique } from '../../api/constants.js';
import { ChunkedList } from './chunkedlist.js';
import { normalizeSegment } from './keys.js';
import { persist } from './slab.js';
import { inMemory, StoredRow } from './storedrow.js';
import { neededBetween, nextVersionTag, snapshotOf } from './versions.js';
import type { ColumnSchema, IndexSchema, Row } from './schema.js';

export interface Pending {
  readonly owner: number;
  /** null: deleted by the owner's transaction. */
  readonly row: Row | null;
}

/** An older committed image (null: the record did not exist / was deleted) and its entry tag. */
export interface OldImage {
  readonly row: Row | null;
  readonly seq: number;
  readonly tag: number;
}

export interface Rec {
  readonly bm: Buffer;
  readonly bmId: string;
  committed: Row | null;
  /** Commit number of `committed` (0: loaded from disk or replayed). */
  seq: number;
  pending: Pending | null;
  /** Older images, oldest first, while a snapshot may read them. */
  old: OldImage[] | null;
}

/** Entry version tags: 0 = latest committed image, 1 = pending image, >= 2 = an OldImage.tag. */
export interface Entry {
  readonly key: Buffer;
  readonly bm: Buffer;
  readonly rec: Rec;
  ver: number;
}

/** Entries are ordered by (key, bookmark); the few versions of one record in a group are unordered. */
function cmpKB(a: Entry, key: Buffer, bm: Buffer): number {
  return Buffer.compare(a.key, key) || Buffer.compare(a.bm, bm);
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
  keyOf(row: Pick<Row, 'get'>, bm: Buffer): Buffer | null {
    if (this.schema.name === null) return bm;
    const segs = this.schema.segments;
    // one segment (the common primary key) needs no list of parts: attach makes a key per record
    let one: Buffer | undefined;
    let parts: Buffer[] | undefined;
    let nulls = 0;
    let firstNull = false;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i]!;
      const col = this.table.columns.get(seg.columnid)!;
      const v = row.get(seg.columnid) ?? col.defaultValue ?? null;
      if (v === null) {
        nulls++;
        if (i === 0) firstNull = true;
      }
      const part = normalizeSegment({ coltyp: col.coltyp, cp: col.cp, desc: seg.desc }, v);
      if (segs.length === 1) one = part;
      else (parts ??= []).push(part);
    }
    const g = this.schema.grbit;
    if (!this.isPrimary) {
      if (g & JET_bitIndexIgnoreAnyNull && nulls > 0) return null;
      if (g & JET_bitIndexIgnoreFirstNull && firstNull) return null;
      if (g & JET_bitIndexIgnoreNull && nulls === segs.length) return null;
    }
    return one ?? Buffer.concat(parts ?? []);
  }

  /** First position of the (key, bm) group, or where it would be. */
  groupStart(key: Buffer, bm: Buffer): number {
    return this.entries.firstWhere((e) => cmpKB(e, key, bm) >= 0);
  }

  /** First position after the (key, bm) group. */
  groupEnd(key: Buffer, bm: Buffer): number {
    return this.entries.firstWhere((e) => cmpKB(e, key, bm) > 0);
  }

  insert(e: Entry): void {
    const n = this.entries.length;
    if (n === 0 || cmpKB(this.entries.at(n - 1)!, e.key, e.bm) < 0) {
      this.entries.insert(n, e);
      return;
    }
    this.entries.insert(this.groupEnd(e.key, e.bm), e);
  }

  private slotOf(key: Buffer, bm: Buffer, ver: number): number {
    for (let i = this.groupStart(key, bm); i < this.entries.length; i++) {
      const e = this.entries.at(i)!;
      if (cmpKB(e, key, bm) !== 0) break;
      if (e.ver === ver) return i;
    }
    return -1;
  }

  remove(key: Buffer, bm: Buffer, ver: number): Entry | undefined {
    const i = this.slotOf(key, bm, ver);
    if (i < 0) return undefined;
    const e = this.entries.at(i)!;
    this.entries.removeAt(i);
    return e;
  }

  find(key: Buffer, bm: Buffer, ver: number): Entry | undefined {
    const i = this.slotOf(key, bm, ver);
    return i < 0 ? undefined : this.entries.at(i);
  }
}

/** The version tag of the image a session sees (-1: none, the record does not exist for it). */
export function visibleVer(rec: Rec, sesId: number): number {
  const p = rec.pending;
  if (p !== null && p.owner === sesId) return p.row ? 1 : -1;
  const t = snapshotOf(sesId);
  if (t === undefined || rec.seq <= t) return rec.committed ? 0 : -1;
  const old = rec.old;
  if (old) {
    for (let i = old.length - 1; i >= 0; i--) {
      const o = old[i]!;
      if (o.seq <= t) return o.row ? o.tag : -1;
    }
  }
  return -1;
}

/** Whether a session sees this index entry. */
export function entryVisible(e: Entry, sesId: number): boolean {
  return e.ver === visibleVer(e.rec, sesId);
}

/** The image of a record a session sees, or null (absent / deleted for it). */
export function rowFor(rec: Rec, sesId: number): Row | null {
  const p = rec.pending;
  if (p !== null && p.owner === sesId) return p.row;
  const t = snapshotOf(sesId);
  if (t === undefined || rec.seq <= t) return rec.committed;
  const old = rec.old;
  if (old) {
    for (let i = old.length - 1; i >= 0; i--) {
      const o = old[i]!;
      if (o.seq <= t) return o.row;
    }
  }
  return null;
}

/**
 * True when an index entry is a version that counts against `self` in a uniqueness check: another
 * record's latest committed image (unless my own pending change supersedes it) or its pending one.
 */
function othersLive(e: Entry, self: Rec, sesId: number): boolean {
  if (e.rec === self || e.ver >= 2) return false;
  const p = e.rec.pending;
  return !(e.ver === 0 && p && p.owner === sesId);
}

/** Tables holding older images, pruned when snapshots end. */
const versionedTables = new Set<Table>();

/** Drops older images no open snapshot can read any more (after a transaction ends). */
export function pruneVersions(): void {
  for (const t of versionedTables) if (t.prune()) versionedTables.delete(t);
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
  /**
   * Records whose image in the database file was replaced or deleted in memory since the last
   * checkpoint: bookmark id -> the record's key in the file (engine/esestore.ts writes them).
   */
  readonly displaced = new Map<string, Buffer>();

  constructor(public name: string) {
    this.clustered = new Index({ name: null, grbit: JET_bitIndexPrimary, segments: [], szKey: '', density: 100 }, this);
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

  /** Records that hold older images. */
  private readonly versioned = new Set<Rec>();

  /**
   * The key of `row` in `ix`. The clustered key is the bookmark itself (an insert derives the
   * bookmark from it and JET_errRecordPrimaryChanged keeps it so), which spares reading a stored row.
   */
  private keyIn(ix: Index, rec: Rec, row: Row): Buffer | null {
    return ix === this.clustered ? rec.bm : ix.keyOf(row, rec.bm);
  }

  private addEntries(rec: Rec, row: Row, ver: number): void {
    for (const ix of this.allIndexes()) {
      const key = this.keyIn(ix, rec, row);
      // a clustered entry shares the bookmark instead of storing a copy of it
      if (key !== null) ix.insert({ key: key === rec.bm ? rec.bm : persist(key), bm: rec.bm, rec, ver });
    }
  }

  private removeEntries(rec: Rec, row: Row, ver: number): void {
    for (const ix of this.allIndexes()) {
      const key = this.keyIn(ix, rec, row);
      if (key !== null) ix.remove(key, rec.bm, ver);
    }
  }

  getOrCreateRec(bm: Buffer): Rec {
    const id = bm.toString('latin1');
    let rec = this.recs.get(id);
    if (!rec) {
      rec = { bm: persist(bm), bmId: id, committed: null, seq: 0, pending: null, old: null };
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
    this.forgetIfGone(rec);
  }

  /** Notes the file's copy of a record before its committed image changes. */
  private displace(rec: Rec): void {
    const c = rec.committed;
    if (c instanceof StoredRow && c.diskKey !== undefined && !this.displaced.has(rec.bmId)) this.displaced.set(rec.bmId, c.diskKey);
  }

  private forgetIfGone(rec: Rec): void {
    if (rec.committed === null && rec.pending === null && !rec.old) this.recs.delete(rec.bmId);
  }

  private setVersionTag(rec: Rec, row: Row, from: number, to: number): void {
    for (const ix of this.allIndexes()) {
      const key = this.keyIn(ix, rec, row);
      if (key === null) continue;
      const e = ix.find(key, rec.bm, from);
      if (e) e.ver = to;
    }
  }

  /**
   * Makes the pending image the committed one (level-0 commit number `seq`). The image it replaces
   * is kept as an older image while an open snapshot may still read it.
   */
  commitPending(rec: Rec, seq: number): void {
    const p = rec.pending;
    if (!p) return;
    const hadImage = rec.committed !== null || rec.old !== null;
    if (hadImage && neededBetween(rec.seq, seq)) {
      const tag = nextVersionTag();
      if (rec.committed) this.setVersionTag(rec, rec.committed, 0, tag);
      // an image a snapshot keeps must not read pages a later checkpoint may reuse
      (rec.old ??= []).push({ row: inMemory(rec.committed), seq: rec.seq, tag });
      this.versioned.add(rec);
      versionedTables.add(this);
    } else if (rec.committed) this.removeEntries(rec, rec.committed, 0);
    if (p.row) this.setVersionTag(rec, p.row, 1, 0);
    this.displace(rec);
    rec.committed = p.row;
    rec.seq = seq;
    rec.pending = null;
    this.forgetIfGone(rec);
  }

  /** Drops older images nobody can read; returns true when none are left in the table. */
  prune(): boolean {
    for (const rec of this.versioned) {
      const old = rec.old!;
      const keep: OldImage[] = [];
      for (let i = 0; i < old.length; i++) {
        const o = old[i]!;
        const until = i + 1 < old.length ? old[i + 1]!.seq : rec.seq;
        if (neededBetween(o.seq, until)) keep.push(o);
        else if (o.row) this.removeEntries(rec, o.row, o.tag);
      }
      rec.old = keep.length ? keep : null;
      if (!rec.old) {
        this.versioned.delete(rec);
        this.forgetIfGone(rec);
      }
    }
    return this.versioned.size === 0;
  }

  /** Sets the committed image directly (recovery redo and loading). */
  applyCommitted(bm: Buffer, row: Row | null): void {
    const rec = this.getOrCreateRec(bm);
    if (rec.committed) this.removeEntries(rec, rec.committed, 0);
    this.displace(rec);
    rec.committed = row;
    rec.seq = 0;
    if (row) this.addEntries(rec, row, 0);
    else this.forgetIfGone(rec);
  }

  /** Builds an index's entries from the images in memory (a new index). */
  buildIndex(ix: Index): void {
    const list: Entry[] = [];
    for (const rec of this.recs.values()) {
      if (rec.committed) {
        const key = this.keyIn(ix, rec, rec.committed);
        if (key !== null) list.push({ key: key === rec.bm ? rec.bm : persist(key), bm: rec.bm, rec, ver: 0 });
      }
      if (rec.pending?.row) {
        const key = ix.keyOf(rec.pending.row, rec.bm);
        if (key !== null) list.push({ key, bm: rec.bm, rec, ver: 1 });
      }
      for (const o of rec.old ?? []) {
        if (!o.row) continue;
        const key = ix.keyOf(o.row, rec.bm);
        if (key !== null) list.push({ key, bm: rec.bm, rec, ver: o.tag });
      }
    }
    list.sort((a, b) => cmpKB(a, b.key, b.bm));
    ix.entries.setAll(list);
  }

  /**
   * Another live record (committed, or pending in any session) that has `key` in a unique index;
   * used for JET_errKeyDuplicate.
   */
  /** Drops a record made for an insert that was refused before anything was written to it. */
  forgetUnused(rec: Rec): void {
    if (!rec.committed && !rec.pending) this.recs.delete(rec.bmId);
  }

  uniqueClash(ix: Index, key: Buffer, self: Rec, sesId: number): boolean {
    let i = ix.groupStart(key, Buffer.alloc(0));
    for (; i < ix.entries.length; i++) {
      const e = ix.entries.at(i)!;
      if (!e.key.equals(key)) return false;
      if (othersLive(e, self, sesId)) return true;
    }
    return false;
  }

  /**
   * True when a live version of another record in `ix` has ESE's cut key `mine` (eseKey gives an
   * entry row's key as ESE stores it). Rows whose cut keys are equal sort next to each other in
   * the index (both orders agree on the bytes before the cut), so only the nearest live entries
   * on each side of (key, bm) are compared.
   */
  cutKeyClash(ix: Index, key: Buffer, bm: Buffer, mine: Buffer, self: Rec, sesId: number, eseKey: (row: Row) => Buffer): boolean {
    const at = ix.groupStart(key, bm);
    for (const [from, step] of [[at - 1, -1], [at, 1]] as const) {
      for (let i = from; i >= 0 && i < ix.entries.length; i += step) {
        const e = ix.entries.at(i)!;
        const row = othersLive(e, self, sesId) ? (e.ver === 1 ? (e.rec.pending?.row ?? null) : e.rec.committed) : null;
        if (row === null) continue;
        if (eseKey(row).equals(mine)) return true;
        break;
      }
    }
    return false;
  }
}
