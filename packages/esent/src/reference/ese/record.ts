// ESE record layout (facts from the engine's record code):
//   [fidFixedLastInRec u8][fidVarLastInRec u8][ibEndOfFixedData u16]
//   [fixed values of columns 1..fidFixedLast][null bits: 1 = NULL, one per fixed column]
//   [u16 end offset per variable column 128..fidVarLast, 0x8000 = NULL][variable data]
//   [tagged area: (fid u16, ib u16) per tagged column in fid order, then the values]
// A tagged value may start with a header byte (TAGFLD_HEADER): always on 16/32 KiB pages, on
// smaller pages only when it has flags (then ib carries fExtendedInfo 0x4000).
import { isSmallPage } from './checksum.js';

export const fidFixedLeast = 1;
export const fidVarLeast = 128;
export const fidTaggedLeast = 256;

export const tagLongValue = 0x01;
export const tagCompressed = 0x02;
export const tagSeparated = 0x04;
export const tagMultiValues = 0x08;
export const tagTwoValues = 0x10;
export const tagNull = 0x20;

const fExtendedInfoSmall = 0x4000;

export interface RecordColumn {
  readonly columnid: number;
  /** Fixed columns: their size; other columns: undefined. */
  readonly cbFixed?: number | undefined;
  /** Long value types (LongText/LongBinary) carry the fLongValue flag in their tagged header. */
  readonly longValue: boolean;
}

/** One value of a tagged column: inline bytes (`compressed`: already in compressed form), or a separated long value's LID. */
export type TaggedValue = { readonly inline: Buffer; readonly compressed?: boolean } | { readonly lid: number };

export interface RecordValues {
  readonly fixed: ReadonlyMap<number, Buffer>;
  readonly variable: ReadonlyMap<number, Buffer>;
  readonly tagged: ReadonlyMap<number, readonly TaggedValue[]>;
}

function lidBytes(lid: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(lid);
  return b;
}

function valueBytes(v: TaggedValue): Buffer {
  return 'inline' in v ? v.inline : lidBytes(v.lid);
}

/** The data (after the TAGFLD) of one tagged column: its header byte and value(s). */
function taggedData(col: RecordColumn, values: readonly TaggedValue[]): { header: number; body: Buffer } {
  let header = col.longValue ? tagLongValue : 0;
  if (values.length === 1) {
    const v = values[0]!;
    if ('lid' in v) header |= tagSeparated;
    else if (v.compressed) header |= tagCompressed;
    return { header, body: valueBytes(v) };
  }
  const bodies = values.map(valueBytes);
  const anySeparated = values.some((v) => 'lid' in v);
  if (values.length === 2 && !anySeparated && bodies[0]!.length < 256) {
    return { header: header | tagTwoValues, body: Buffer.concat([Buffer.from([bodies[0]!.length]), bodies[0]!, bodies[1]!]) };
  }
  // multi-values: an offset per value (from the start of this array), 0x8000 = separated
  const offsets = Buffer.alloc(2 * values.length);
  let at = offsets.length;
  values.forEach((v, i) => {
    offsets.writeUInt16LE(at | ('lid' in v ? 0x8000 : 0), 2 * i);
    at += bodies[i]!.length;
  });
  return { header: header | tagMultiValues, body: Buffer.concat([offsets, ...bodies]) };
}

/** Encodes a record; `columns` lists every column of the table. */
export function encodeRecord(cbPage: number, columns: readonly RecordColumn[], values: RecordValues): Buffer {
  const small = isSmallPage(cbPage);
  const fixedCols = columns.filter((c) => c.columnid < fidVarLeast).sort((a, b) => a.columnid - b.columnid);
  let fidFixedLast = 0;
  for (const c of fixedCols) if (values.fixed.has(c.columnid)) fidFixedLast = Math.max(fidFixedLast, c.columnid);
  let fidVarLast = fidVarLeast - 1;
  for (const id of values.variable.keys()) fidVarLast = Math.max(fidVarLast, id);

  const parts: Buffer[] = [];
  // fixed part: every fixed column id up to fidFixedLast takes its place (ids are dense from 1)
  const byId = new Map(fixedCols.map((c) => [c.columnid, c]));
  const nulls = Buffer.alloc(Math.ceil(fidFixedLast / 8));
  for (let fid = 1; fid <= fidFixedLast; fid++) {
    const col = byId.get(fid);
    if (!col) throw new RangeError(`fixed column ${fid} missing from the table (fixed ids must be dense)`);
    const v = values.fixed.get(fid);
    const cell = Buffer.alloc(col.cbFixed!);
    if (v) v.copy(cell, 0, 0, col.cbFixed);
    else nulls[(fid - 1) >> 3] = nulls[(fid - 1) >> 3]! | (1 << ((fid - 1) % 8));
    parts.push(cell);
  }
  parts.push(nulls);
  const fixedLen = 4 + parts.reduce((n, p) => n + p.length, 0);

  const cVar = fidVarLast - fidVarLeast + 1;
  const varOffsets = Buffer.alloc(2 * cVar);
  const varData: Buffer[] = [];
  let end = 0;
  for (let i = 0; i < cVar; i++) {
    const v = values.variable.get(fidVarLeast + i);
    if (v) {
      end += v.length;
      varData.push(v);
      varOffsets.writeUInt16LE(end, 2 * i);
    } else varOffsets.writeUInt16LE(end | 0x8000, 2 * i);
  }

  const taggedIds = [...values.tagged.keys()].filter((id) => (values.tagged.get(id)?.length ?? 0) > 0).sort((a, b) => a - b);
  const colById = new Map(columns.map((c) => [c.columnid, c]));
  const entries = taggedIds.map((id) => {
    const col = colById.get(id);
    if (!col) throw new RangeError(`tagged column ${id} missing from the table`);
    const { header, body } = taggedData(col, values.tagged.get(id)!);
    const withHeader = !small || header !== 0;
    return { id, withHeader, bytes: withHeader ? Buffer.concat([Buffer.from([header]), body]) : body };
  });
  const tagDir = Buffer.alloc(4 * entries.length);
  let ib = tagDir.length;
  entries.forEach((e, i) => {
    tagDir.writeUInt16LE(e.id, 4 * i);
    const limit = small ? 0x1fff : 0x7fff;
    if (ib > limit) throw new RangeError('tagged data too large for a record');
    tagDir.writeUInt16LE(ib | (small && e.withHeader ? fExtendedInfoSmall : 0), 4 * i + 2);
    ib += e.bytes.length;
  });

  const head = Buffer.alloc(4);
  head[0] = fidFixedLast;
  head[1] = fidVarLast;
  head.writeUInt16LE(fixedLen, 2);
  return Buffer.concat([head, ...parts, varOffsets, ...varData, tagDir, ...entries.map((e) => e.bytes)]);
}

export interface DecodedTagged {
  readonly header: number;
  /** Values in itagSequence order; a separated value is its LID. */
  readonly values: readonly TaggedValue[];
}

export interface DecodedRecord {
  /** The last fixed column the record holds (0: none) and the last variable one (127: none). */
  readonly fidFixedLast: number;
  readonly fidVarLast: number;
  readonly fixed: Map<number, Buffer>;
  readonly variable: Map<number, Buffer>;
  readonly tagged: Map<number, DecodedTagged>;
}

export class EseRecordFormatError extends Error {}

function splitTagged(header: number, data: Buffer): TaggedValue[] {
  const one = (b: Buffer, separated: boolean): TaggedValue => (separated ? { lid: b.readUInt32LE(0) } : { inline: b });
  if (header & tagTwoValues) {
    const n = data[0] ?? 0;
    return [{ inline: data.subarray(1, 1 + n) }, { inline: data.subarray(1 + n) }];
  }
  if (header & tagMultiValues) {
    if (data.length < 2) throw new EseRecordFormatError('multi-value array truncated');
    const first = data.readUInt16LE(0) & 0x7fff;
    const count = first / 2;
    const out: TaggedValue[] = [];
    for (let i = 0; i < count; i++) {
      const w = data.readUInt16LE(2 * i);
      const start = w & 0x7fff;
      const stop = i + 1 < count ? data.readUInt16LE(2 * i + 2) & 0x7fff : data.length;
      if (start > stop || stop > data.length) throw new EseRecordFormatError('multi-value offsets out of order');
      out.push(one(data.subarray(start, stop), (w & 0x8000) !== 0));
    }
    return out;
  }
  if (header & tagNull) return [];
  return [one(data, (header & tagSeparated) !== 0)];
}

/**
 * What scanRecord() reports of a record, as offsets into it (no views are made for columns a
 * caller does not want): each non-null fixed and variable column, and each tagged column with its
 * header byte and the bytes after it.
 */
export interface RecordVisitor {
  fixed(fid: number, start: number, end: number): void;
  variable(fid: number, start: number, end: number): void;
  tagged(fid: number, header: number, start: number, end: number): void;
}

/**
 * Walks a record's layout given the fixed column sizes of its table (columnid -> size), checking
 * every offset, and reports its columns to `visit`; returns [fidFixedLast, fidVarLast].
 */
export function scanRecord(cbPage: number, fixedSizes: ReadonlyMap<number, number>, rec: Buffer, visit: RecordVisitor): [number, number] {
  const small = isSmallPage(cbPage);
  if (rec.length < 4) throw new EseRecordFormatError('record shorter than its header');
  const fidFixedLast = rec[0]!;
  const fidVarLast = rec[1]!;
  const ibEndFixed = rec.readUInt16LE(2);
  if (ibEndFixed > rec.length) throw new EseRecordFormatError('fixed data runs past the record');
  let at = 4;
  const nullsAt = ibEndFixed - Math.ceil(fidFixedLast / 8);
  for (let fid = 1; fid <= fidFixedLast; fid++) {
    const cb = fixedSizes.get(fid);
    if (cb === undefined) throw new EseRecordFormatError(`record holds fixed column ${fid} the catalog does not define`);
    const isNull = (rec[nullsAt + ((fid - 1) >> 3)]! >> ((fid - 1) % 8)) & 1;
    if (!isNull && at + cb <= nullsAt) visit.fixed(fid, at, at + cb);
    at += cb;
  }
  if (at !== nullsAt) throw new EseRecordFormatError('fixed column sizes do not match the record');
  const cVar = Math.max(0, fidVarLast - fidVarLeast + 1);
  const varDataAt = ibEndFixed + 2 * cVar;
  if (varDataAt > rec.length) throw new EseRecordFormatError('variable offsets run past the record');
  let prev = 0;
  for (let i = 0; i < cVar; i++) {
    const w = rec.readUInt16LE(ibEndFixed + 2 * i);
    const end = w & 0x7fff;
    if (!(w & 0x8000)) {
      if (varDataAt + end > rec.length || end < prev) throw new EseRecordFormatError('variable column runs past the record');
      visit.variable(fidVarLeast + i, varDataAt + prev, varDataAt + end);
    }
    prev = end;
  }
  const area = varDataAt + prev;
  const cbArea = rec.length - area;
  if (cbArea >= 4) {
    const mask = small ? 0x1fff : 0x7fff;
    const first = rec.readUInt16LE(area + 2) & mask;
    const count = first / 4;
    if (!Number.isInteger(count) || first > cbArea) throw new EseRecordFormatError('tagged directory malformed');
    for (let i = 0; i < count; i++) {
      const fid = rec.readUInt16LE(area + 4 * i);
      const w = rec.readUInt16LE(area + 4 * i + 2);
      let start = w & mask;
      const stop = i + 1 < count ? rec.readUInt16LE(area + 4 * i + 6) & mask : cbArea;
      if (start > stop || stop > cbArea) throw new EseRecordFormatError('tagged offsets out of order');
      let header = 0;
      const hasHeader = !small || (w & fExtendedInfoSmall) !== 0;
      if (hasHeader && stop > start) header = rec[area + start++]!;
      visit.tagged(fid, header, area + start, area + stop);
    }
  }
  return [fidFixedLast, fidVarLast];
}

/** Decodes a record given the fixed column sizes of its table (columnid -> size). */
export function decodeRecord(cbPage: number, fixedSizes: ReadonlyMap<number, number>, rec: Buffer): DecodedRecord {
  const fixed = new Map<number, Buffer>();
  const variable = new Map<number, Buffer>();
  const tagged = new Map<number, DecodedTagged>();
  const [fidFixedLast, fidVarLast] = scanRecord(cbPage, fixedSizes, rec, {
    fixed: (fid, start, end) => fixed.set(fid, rec.subarray(start, end)),
    variable: (fid, start, end) => variable.set(fid, rec.subarray(start, end)),
    tagged: (fid, header, start, end) => tagged.set(fid, { header, values: splitTagged(header, rec.subarray(start, end)) }),
  });
  return { fidFixedLast, fidVarLast, fixed, variable, tagged };
}
