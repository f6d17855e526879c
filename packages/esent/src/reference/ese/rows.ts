// How a row becomes ESE records and keys: fixed, variable and tagged values (7-bit compression of a
// single intrinsic value of a compressed column, separated long values by LID), its primary key and
// its keys in each index (one per value of a multi-valued segment). The writer and the in-place
// updater share these, so a row updated later is laid out exactly as one written whole.
import { JET_bitIndexIgnoreAnyNull, JET_bitIndexIgnoreFirstNull, JET_bitIndexIgnoreNull, JET_cpUnicode } from '../../api/constants.js';
import { lvChunkSize } from './catalog.js';
import { compress7Bit } from './compression.js';
import { type KeySegment, normalizeKey } from './key.js';
import type { Node } from './page.js';
import { encodeRecord, type RecordColumn, type RecordValues, type TaggedValue } from './record.js';
import { columnClass, type EseColumn, type EseIndex, type EseRow, isLongValueType, JET_bitColumnCompressed } from './schema.js';
import { fixedSize } from '../isam/coltypes.js';

/** Long values up to this size stay in their record (the engine's cbLVIntrinsicMost). */
export const cbLVIntrinsicMost = 1023;

/** Index key segments of `ix` (column type and code page from the table). */
export function segmentsOf(ix: EseIndex, cols: ReadonlyMap<number, EseColumn>): KeySegment[] {
  return ix.segments.map((s) => {
    const c = cols.get(s.columnid);
    if (!c) throw new RangeError(`index ${ix.name} names column ${s.columnid} the table does not have`);
    return { coltyp: c.coltyp, cp: c.cp, descending: s.descending };
  });
}

/**
 * The values a record's index keys are made from: a column with a default value that the record
 * does not hold (a fixed or variable column past the record's last one, a tagged column it lacks)
 * takes its default, as the engine retrieves it (fldext.cxx: fid > FidFixedLastInRec reads the
 * default record); a NULL inside the record stays NULL. `fidFixedLast`/`fidVarLast` are the
 * record's (a row about to be encoded has the last columns it sets, as encodeRecord lays it out).
 */
export function keyValues(cols: readonly EseColumn[], row: EseRow, fidFixedLast?: number, fidVarLast?: number): EseRow {
  const missing = cols.filter((c) => c.defaultValue && c.defaultValue.length > 0 && !(row.get(c.columnid)?.length));
  if (missing.length === 0) return row;
  let fixedLast = 0;
  let varLast = 127;
  for (const [id, vals] of row) {
    if (vals.length === 0) continue;
    if (id < 128) fixedLast = Math.max(fixedLast, id);
    else if (id < 256) varLast = Math.max(varLast, id);
  }
  const out = new Map(row);
  for (const c of missing) {
    const cls = columnClass(c.columnid);
    if (cls === 'fixed' && c.columnid <= (fidFixedLast ?? fixedLast)) continue;
    if (cls === 'variable' && c.columnid <= (fidVarLast ?? varLast)) continue;
    out.set(c.columnid, [c.defaultValue!]);
  }
  return out;
}

/** The keys of a row in an index: one per value of its first multi-valued segment (none if skipped for NULLs). */
export function rowKeys(ix: EseIndex, segs: readonly KeySegment[], row: EseRow): Buffer[] {
  const firstVals = ix.segments.map((s) => row.get(s.columnid)?.[0] ?? null);
  const nulls = firstVals.map((v) => v === null);
  if (ix.grbit & JET_bitIndexIgnoreNull && nulls.every(Boolean)) return [];
  if (ix.grbit & JET_bitIndexIgnoreAnyNull && nulls.some(Boolean)) return [];
  if (ix.grbit & JET_bitIndexIgnoreFirstNull && nulls[0]) return [];
  const mv = ix.segments.findIndex((s) => (row.get(s.columnid)?.length ?? 0) > 1);
  if (mv < 0) return [normalizeKey(segs, firstVals)];
  const seen = new Set<string>();
  const out: Buffer[] = [];
  for (const v of row.get(ix.segments[mv]!.columnid)!) {
    const vals = firstVals.slice();
    vals[mv] = v;
    const k = normalizeKey(segs, vals);
    if (!seen.has(k.toString('latin1'))) {
      seen.add(k.toString('latin1'));
      out.push(k);
    }
  }
  return out;
}


export function recordColumns(cols: readonly EseColumn[]): RecordColumn[] {
  return cols.map((c) => ({ columnid: c.columnid, cbFixed: columnClass(c.columnid) === 'fixed' ? fixedCb(c) : undefined, longValue: isLongValueType(c.coltyp) }));
}

/** A fixed Text value is padded with spaces to its size (U+0020 for Unicode), Binary with zeros. */
export function fixedCell(c: EseColumn, v: Buffer): Buffer {
  const cb = fixedCb(c);
  if (c.coltyp !== 10 || v.length >= cb) return v;
  const pad = Buffer.from(c.cp === JET_cpUnicode ? ' '.repeat(cb) : ' '.repeat(cb), c.cp === JET_cpUnicode ? 'utf16le' : 'latin1').subarray(0, cb - v.length);
  return Buffer.concat([v, pad]);
}

/** Bytes a fixed column takes in every record: its type's size, or cbMax for fixed Text/Binary. */
export function fixedCb(c: EseColumn): number {
  return fixedSize(c.coltyp) ?? c.cbMax;
}

export function recordValuesOf(cols: ReadonlyMap<number, EseColumn>, row: EseRow, separated: ReadonlyMap<string, number>): RecordValues {
  const fixed = new Map<number, Buffer>();
  const variable = new Map<number, Buffer>();
  const tagged = new Map<number, TaggedValue[]>();
  for (const [id, vals] of row) {
    if (!cols.has(id)) throw new RangeError(`row sets column ${id} the table does not have`);
    if (vals.length === 0) continue;
    const cls = columnClass(id);
    if (cls === 'fixed') fixed.set(id, fixedCell(cols.get(id)!, vals[0]!));
    else if (cls === 'variable') variable.set(id, vals[0]!);
    else {
      const col = cols.get(id)!;
      // 7-bit compression of a single intrinsic value of a JET_bitColumnCompressed column
      const packed = vals.length === 1 && col.grbit & JET_bitColumnCompressed && !separated.has(`${id}/0`) ? compress7Bit(vals[0]!, col.cp === JET_cpUnicode) : null;
      tagged.set(id, vals.map((v, i) => {
        const lid = separated.get(`${id}/${i}`);
        if (lid !== undefined) return { lid };
        return packed ? { inline: packed, compressed: true } : { inline: v };
      }));
    }
  }
  return { fixed, variable, tagged };
}

export function primarySegsKey(segs: readonly KeySegment[], ix: EseIndex, row: EseRow): Buffer {
  return normalizeKey(segs, ix.segments.map((s) => row.get(s.columnid)?.[0] ?? null));
}

/** The nodes of one separated long value in its table's LV tree: the root (references 1, size), then chunks keyed LID + offset. */
export function longValueNodes(cbPage: number, lid: number, v: Buffer): Node[] {
  const chunk = lvChunkSize(cbPage);
  const k = Buffer.alloc(4);
  k.writeUInt32BE(lid);
  const rootData = Buffer.alloc(8);
  rootData.writeUInt32LE(1, 0); // references
  rootData.writeUInt32LE(v.length, 4);
  const out: Node[] = [{ key: k, data: rootData }];
  for (let off = 0; off < v.length || (off === 0 && v.length === 0); off += chunk) {
    const ck = Buffer.alloc(8);
    ck.writeUInt32BE(lid, 0);
    ck.writeUInt32BE(off, 4);
    out.push({ key: ck, data: Buffer.from(v.subarray(off, off + chunk)) });
    if (v.length === 0) break;
  }
  return out;
}

/** The largest node (key + data) a page of `cbPage` bytes holds. */
export function maxNodeBytes(cbPage: number): number {
  return cbPage - (cbPage <= 8192 ? 40 : 80) - 4 - 4 - 2;
}

/**
 * A row's record: long values intrinsic up to cbLVIntrinsicMost, separated (`separate` stores one
 * and returns its LID) beyond that or, largest first, while the record is too big for its page.
 */
export function encodeRow(cbPage: number, cols: ReadonlyMap<number, EseColumn>, recCols: readonly RecordColumn[], row: EseRow, keyLength: number, separate: (v: Buffer) => number, tableName: string): Buffer {
  const rec = rowRecord(cbPage, cols, recCols, row, keyLength, separate);
  if (rec === null) throw new RangeError(`table ${tableName}: a record does not fit a ${cbPage}-byte page`);
  return rec;
}

/** True when the row's record, with its key, fits a page (long values separated as encodeRow does). */
export function rowFits(cbPage: number, cols: ReadonlyMap<number, EseColumn>, recCols: readonly RecordColumn[], row: EseRow, keyLength: number): boolean {
  return rowRecord(cbPage, cols, recCols, row, keyLength, () => 1) !== null;
}

function rowRecord(cbPage: number, cols: ReadonlyMap<number, EseColumn>, recCols: readonly RecordColumn[], row: EseRow, keyLength: number, separate: (v: Buffer) => number): Buffer | null {
  const maxNode = maxNodeBytes(cbPage);
  const separated = new Map<string, number>();
  const lvCandidates: { slot: string; v: Buffer }[] = [];
  for (const [cid, vals] of row) {
    const c = cols.get(cid);
    if (c && isLongValueType(c.coltyp)) vals.forEach((v, j) => lvCandidates.push({ slot: `${cid}/${j}`, v }));
  }
  for (const { slot, v } of lvCandidates) if (v.length > cbLVIntrinsicMost) separated.set(slot, separate(v));
  let rec = encodeRecord(cbPage, recCols, recordValuesOf(cols, row, separated));
  const rest = lvCandidates.filter((c) => !separated.has(c.slot)).sort((a, b) => b.v.length - a.v.length);
  while (rec.length + keyLength > maxNode && rest.length > 0) {
    const c = rest.shift()!;
    separated.set(c.slot, separate(c.v));
    rec = encodeRecord(cbPage, recCols, recordValuesOf(cols, row, separated));
  }
  return rec.length + keyLength > maxNode ? null : rec;
}
