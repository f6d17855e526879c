// The directory of a database: its catalog (tables, columns, indexes) and, per table, where each
// committed record lives in the file plus the entries of every secondary index. Attaching reads
// only the directory; record images stay on their pages until a cursor reads them. The directory
// is rewritten by every checkpoint (engine/dbstore.ts), the record pages only when they changed.
import { ByteReader, ByteWriter } from '../storage/codec.js';
import { DatabaseContent } from './content.js';
import type { ColumnSchema, IndexSchema, Row } from './schema.js';
import { persist } from './slab.js';
import { Index, Table, type Entry, type Rec } from './table.js';

const DIR_MAGIC = 0x52494445; // "EDIR"

/** Where a record image is: first page, offset in that page's payload, length. */
export interface RowRef {
  readonly pgno: number;
  readonly off: number;
  readonly cb: number;
}

/** Thrown for a directory whose structure does not add up; the caller reports JET_errDatabaseCorrupted. */
export class DirectoryCorruptError extends Error {}

function writeIndexSchema(w: ByteWriter, s: IndexSchema): void {
  w.str(s.name ?? '').u32(s.grbit).str(s.szKey).u32(s.density).u32(s.segments.length);
  for (const seg of s.segments) w.u32(seg.columnid).u8(seg.desc ? 1 : 0);
}

function readIndexSchema(r: ByteReader): IndexSchema {
  const name = r.str();
  const grbit = r.u32();
  const szKey = r.str();
  const density = r.u32();
  const n = r.u32();
  const segments = [];
  for (let i = 0; i < n; i++) segments.push({ columnid: r.u32(), desc: r.u8() === 1 });
  return { name: name === '' ? null : name, grbit, szKey, density, segments };
}

function writeTableSchema(w: ByteWriter, t: Table): void {
  w.str(t.name).u32(t.nextFixed).u32(t.nextVar).u32(t.nextTagged).f64(t.autoinc).f64(t.seq);
  w.u32(t.columns.size);
  for (const col of t.columns.values()) {
    w.str(col.name).u32(col.columnid).u32(col.coltyp).u32(col.cbMax).u32(col.grbit).u32(col.cp);
    w.u8(col.defaultValue ? 1 : 0);
    if (col.defaultValue) w.bytes(col.defaultValue);
  }
  w.u32(t.indexes.size);
  for (const ix of t.indexes.values()) writeIndexSchema(w, ix.schema);
}

function readTableSchema(r: ByteReader): Table {
  const t = new Table(r.str());
  t.nextFixed = r.u32();
  t.nextVar = r.u32();
  t.nextTagged = r.u32();
  t.autoinc = r.f64();
  t.seq = r.f64();
  const nc = r.u32();
  for (let j = 0; j < nc; j++) {
    const name = r.str();
    const columnid = r.u32();
    const coltyp = r.u32();
    const cbMax = r.u32();
    const grbit = r.u32();
    const cp = r.u32();
    const defaultValue = r.u8() === 1 ? Buffer.from(r.bytes()) : null;
    const col: ColumnSchema = { name, columnid, coltyp, cbMax, grbit, cp, defaultValue };
    t.columns.set(columnid, col);
    t.columnsByName.set(name.toLowerCase(), col);
  }
  const ni = r.u32();
  for (let j = 0; j < ni; j++) {
    const ix = new Index(readIndexSchema(r), t);
    t.indexes.set(ix.schema.name!.toLowerCase(), ix);
    if (ix.isPrimary) t.clustered = ix;
  }
  return t;
}

/**
 * Writes the directory of `c`. `place` returns where a record's committed image is stored,
 * writing it first when it is not on a page yet. Records go in clustered-key order and each
 * secondary index lists its entries in key order, so loading needs no sort and no row reads.
 */
export function serializeDirectory(c: DatabaseContent, place: (rec: Rec, row: Row) => RowRef): Buffer {
  const w = new ByteWriter(1 << 16);
  w.u32(DIR_MAGIC).u32(c.tables.size);
  for (const t of c.tables.values()) {
    writeTableSchema(w, t);
    const ordinal = new Map<Rec, number>();
    const recs: Rec[] = [];
    for (const e of t.clustered.entries.values()) {
      if (e.ver !== 0) continue;
      ordinal.set(e.rec, recs.length);
      recs.push(e.rec);
    }
    w.u32(recs.length);
    for (const rec of recs) {
      const ref = place(rec, rec.committed!);
      w.bytes(rec.bm).u32(ref.pgno).u32(ref.off).u32(ref.cb);
    }
    for (const ix of t.allIndexes()) {
      if (ix === t.clustered) continue;
      let n = 0;
      for (const e of ix.entries.values()) if (e.ver === 0) n++;
      w.u32(n);
      for (const e of ix.entries.values()) if (e.ver === 0) w.u32(ordinal.get(e.rec)!).bytes(e.key);
    }
  }
  return w.finish();
}

/** Rebuilds the content from a directory; `rowAt` makes the (lazy) image of a stored record. */
export function deserializeDirectory(buf: Buffer, rowAt: (ref: RowRef) => Row): DatabaseContent {
  const c = new DatabaseContent();
  const r = new ByteReader(buf);
  if (r.u32() !== DIR_MAGIC) throw new DirectoryCorruptError('bad directory magic');
  const nt = r.u32();
  for (let i = 0; i < nt; i++) {
    const t = readTableSchema(r);
    const nr = r.u32();
    const recs: Rec[] = [];
    const clustered: Entry[] = [];
    for (let j = 0; j < nr; j++) {
      const rec = t.getOrCreateRec(r.bytes());
      rec.committed = rowAt({ pgno: r.u32(), off: r.u32(), cb: r.u32() });
      recs.push(rec);
      clustered.push({ key: rec.bm, bm: rec.bm, rec, ver: 0 });
    }
    t.clustered.entries.setAll(clustered);
    for (const ix of t.allIndexes()) {
      if (ix === t.clustered) continue;
      const n = r.u32();
      const list: Entry[] = [];
      for (let j = 0; j < n; j++) {
        const rec = recs[r.u32()];
        if (!rec) throw new DirectoryCorruptError('index entry names no record');
        const key = r.bytes();
        list.push({ key: key.equals(rec.bm) ? rec.bm : persist(key), bm: rec.bm, rec, ver: 0 });
      }
      ix.entries.setAll(list);
    }
    c.tables.set(t.name.toLowerCase(), t);
  }
  return c;
}
