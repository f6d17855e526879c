// Serialises a database's content (catalog and committed records) into the byte stream the data
// pages carry, and back. Row images use the same encoding in log records.
import { ByteReader, ByteWriter } from '../storage/codec.js';
import { PackedRow } from './packedrow.js';
import { DatabaseContent } from './content.js';
import type { ColumnSchema, IndexSchema, Row } from './schema.js';
import { Index, Table } from './table.js';

export function writeRow(w: ByteWriter, row: Row): void {
  if (row instanceof PackedRow) {
    w.raw(row.data);
    return;
  }
  w.u32(row.size);
  for (const [id, v] of row) w.u32(id).bytes(v);
}

export function readRow(r: ByteReader): PackedRow {
  const { row, used } = PackedRow.read(r.rest());
  r.pos += used;
  return row;
}

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

export function serializeContent(c: DatabaseContent): Buffer {
  const w = new ByteWriter(1 << 16);
  w.u32(c.tables.size);
  for (const t of c.tables.values()) {
    w.str(t.name).u32(t.nextFixed).u32(t.nextVar).u32(t.nextTagged).f64(t.autoinc).f64(t.seq);
    w.u32(t.columns.size);
    for (const col of t.columns.values()) {
      w.str(col.name).u32(col.columnid).u32(col.coltyp).u32(col.cbMax).u32(col.grbit).u32(col.cp);
      w.u8(col.defaultValue ? 1 : 0);
      if (col.defaultValue) w.bytes(col.defaultValue);
    }
    w.u32(t.indexes.size);
    for (const ix of t.indexes.values()) writeIndexSchema(w, ix.schema);
    let n = 0;
    for (const rec of t.recs.values()) if (rec.committed) n++;
    w.u32(n);
    for (const rec of t.recs.values()) {
      if (!rec.committed) continue;
      w.bytes(rec.bm);
      writeRow(w, rec.committed);
    }
  }
  return w.finish();
}

export function deserializeContent(image: Buffer): DatabaseContent {
  const c = new DatabaseContent();
  if (image.length === 0) return c;
  const r = new ByteReader(image);
  const nt = r.u32();
  for (let i = 0; i < nt; i++) {
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
    const nr = r.u32();
    for (let j = 0; j < nr; j++) {
      const bm = r.bytes();
      const rec = t.getOrCreateRec(bm);
      rec.committed = readRow(r);
    }
    for (const ix of t.allIndexes()) t.buildIndex(ix);
    c.tables.set(t.name.toLowerCase(), t);
  }
  return c;
}
