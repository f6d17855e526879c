// Reads an ESE database file: the header (page 0, or its shadow in page 1 when page 0 is bad),
// every page checksum-verified as it is read (JET_errReadVerifyFailure otherwise), the catalog
// MSysObjects, each table's record tree, secondary index trees and long-value tree.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, JET_errInvalidDatabaseVersion, JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { lvChunkSize, MSO, objidMSO, pgnoFDPMSO, sysobjColumn, sysobjIndex, sysobjLongValue, sysobjTable } from './catalog.js';
import { verifyDataPage } from './checksum.js';
import { CompressedDataError, decompressValue, UnsupportedCompressionError } from './compression.js';
import { decodeHeaderPage, EseHeaderError, ESE_FORMAT_VERSION, type EseHeader } from './header.js';
import { childLineIndex, EsePageFormatError, fPageLeaf, leafLowerBound, type ParsedLine, type ParsedPage, parsePage } from './page.js';
import { decodeRecord, type DecodedRecord, EseRecordFormatError, fidTaggedLeast, type RecordVisitor, scanRecord, tagCompressed, type TaggedValue } from './record.js';
import { columnClass, type EseColumn, type EseIndex, grbitOfFieldFlags, grbitOfIdbFlags } from './schema.js';
import { fixedSize } from '../isam/coltypes.js';

/** Oldest revision read: 0x0b, the first with the new record format and ECC page checksums. */
export const ESE_READ_REVISION_MIN = 0x0b;
/** Newest revision read: 0x122 (Windows 11; the top 4 bits of a page's first free tag are reserved). */
export const ESE_READ_REVISION_MAX = 0x122;

export interface EseTableInfo {
  readonly name: string;
  readonly objid: number;
  readonly pgnoFDP: number;
  readonly columns: EseColumn[];
  readonly indexes: (EseIndex & { readonly objid: number; readonly pgnoFDP: number })[];
  pgnoLV: number;
  /** Bytes per long-value chunk: the table's LVChunkMax, else the page size's default. */
  readonly lvChunkMost: number;
}

/** A record of a table: where it is (leaf page, line) and its decoded columns. */
export interface EseRecordRef {
  readonly pgno: number;
  readonly line: number;
  readonly key: Buffer;
  readonly record: DecodedRecord;
}

const PAGE_CACHE = 64;

export class EseDatabaseReader {
  private readonly cache = new Map<number, ParsedPage>();
  readonly tables = new Map<string, EseTableInfo>();

  private constructor(
    private readonly fd: number,
    private current: EseHeader,
    readonly cpg: number,
    private readonly context: string,
    private readonly cachePages: number,
  ) {}

  /** Opens `path` read-only and reads its catalog (`cachePages`: parsed pages kept, the last read). */
  static open(path: string, context: string, cachePages = PAGE_CACHE): EseDatabaseReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      throw jetError(JET_errFileNotFound, { context });
    }
    try {
      const header = readEseHeaderFd(fd, context);
      const size = fstatSync(fd).size;
      const r = new EseDatabaseReader(fd, header, Math.floor(size / header.cbPageSize) - 2, context, cachePages);
      r.readCatalog();
      return r;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  get header(): EseHeader {
    return this.current;
  }

  /** The header as it now is in the file (rewritten in place: the pages did not change). */
  replaceHeader(header: EseHeader): void {
    this.current = header;
  }

  close(): void {
    closeSync(this.fd);
    this.cache.clear();
  }

  get cbPage(): number {
    return this.header.cbPageSize;
  }

  private corrupt(): Error {
    return jetError(JET_errDatabaseCorrupted, { context: this.context });
  }

  /**
   * A page, verified and parsed; a small cache keeps the pages read last (`keep` 'internal': only
   * if it is not a leaf).
   */
  page(pgno: number, keep: true | 'internal' = true): ParsedPage {
    const hit = this.cache.get(pgno);
    if (hit) {
      this.cache.delete(pgno);
      this.cache.set(pgno, hit);
      return hit;
    }
    if (pgno < 1 || pgno > this.cpg) throw this.corrupt();
    const buf = Buffer.alloc(this.cbPage);
    if (readSync(this.fd, buf, 0, this.cbPage, (pgno + 1) * this.cbPage) !== this.cbPage) throw this.corrupt();
    if (verifyDataPage(buf, pgno) !== 'ok') throw jetError(JET_errReadVerifyFailure, { context: this.context });
    let parsed: ParsedPage;
    try {
      parsed = parsePage(buf);
    } catch (e) {
      if (e instanceof EsePageFormatError || e instanceof RangeError) throw this.corrupt();
      throw e;
    }
    if (keep === 'internal' && parsed.flags & fPageLeaf) return parsed;
    this.cache.set(pgno, parsed);
    if (this.cache.size > this.cachePages) this.cache.delete(this.cache.keys().next().value!);
    return parsed;
  }

  /** Verifies the checksum of every written page (never-written pages are zero); returns how many. */
  verifyAllPages(): number {
    const buf = Buffer.alloc(this.cbPage);
    let n = 0;
    for (let pgno = 1; pgno <= this.cpg; pgno++) {
      if (readSync(this.fd, buf, 0, this.cbPage, (pgno + 1) * this.cbPage) !== this.cbPage) throw this.corrupt();
      const v = verifyDataPage(buf, pgno);
      if (v === 'bad') throw jetError(JET_errReadVerifyFailure, { context: this.context });
      if (v === 'ok') n++;
    }
    return n;
  }

  /** The leaf pages of the tree rooted at `pgnoFDP`, in key order (depth first). */
  private *leafPages(pgnoFDP: number, objid?: number, keep: true | 'internal' = true): Generator<{ pgno: number; page: ParsedPage }> {
    const root = this.page(pgnoFDP);
    if (objid !== undefined && root.objidFDP !== objid) throw this.corrupt();
    const stack: { pgno: number; depth: number }[] = [{ pgno: pgnoFDP, depth: 0 }];
    while (stack.length > 0) {
      const { pgno, depth } = stack.pop()!;
      if (depth > 16) throw this.corrupt();
      const p = pgno === pgnoFDP ? root : this.page(pgno, keep);
      if (p.objidFDP !== root.objidFDP) throw this.corrupt();
      if (p.flags & fPageLeaf) {
        yield { pgno, page: p };
        continue;
      }
      for (let i = p.lines.length - 1; i >= 0; i--) {
        const d = p.lines[i]!.data;
        if (d.length < 4) throw this.corrupt();
        stack.push({ pgno: d.readUInt32LE(0), depth: depth + 1 });
      }
    }
  }

  /** Every leaf line of the tree rooted at `pgnoFDP`, in key order, with where it is. */
  *walk(pgnoFDP: number, objid?: number): Generator<{ pgno: number; line: number; node: ParsedLine }> {
    for (const { pgno, page } of this.leafPages(pgnoFDP, objid)) {
      for (let i = 0; i < page.lines.length; i++) {
        const node = page.lines[i]!;
        if (!(node.flags & 0x2)) yield { pgno, line: i, node }; // not deleted (fNDDeleted)
      }
    }
  }

  /**
   * As walk(), calling `visit` for each line (no object per line: attach visits every record);
   * its leaf pages are not cached (a scan of every record would fill the cache with pages no
   * cursor asked for, and a parsed page costs far more than its bytes); internal pages are, as
   * every seek passes them.
   */
  forEachLine(pgnoFDP: number, visit: (pgno: number, line: number, node: ParsedLine) => void): void {
    for (const { pgno, page } of this.leafPages(pgnoFDP, undefined, 'internal')) {
      for (let i = 0; i < page.lines.length; i++) {
        const node = page.lines[i]!;
        if (!(node.flags & 0x2)) visit(pgno, i, node);
      }
    }
  }

  /**
   * Reports a record's columns to `visit` (`fixedSizes`: from fixedSizes()), checking its layout
   * as decode does; tagged values are not split (their structure is checked when the row is read).
   */
  scanRecord(fixedSizes: ReadonlyMap<number, number>, data: Buffer, visit: RecordVisitor): void {
    try {
      scanRecord(this.cbPage, fixedSizes, data, visit);
    } catch (e) {
      if (e instanceof EseRecordFormatError || e instanceof RangeError) throw this.corrupt();
      throw e;
    }
  }

  /** The leaf line with exactly `key` and the ones after it, descending by separators. */
  private *seek(pgnoFDP: number, key: Buffer): Generator<ParsedLine> {
    for (const hit of this.seekAt(pgnoFDP, key)) yield hit.node;
  }

  /** As seek(), with where each line is (leaf page and line number). */
  private *seekAt(pgnoFDP: number, key: Buffer): Generator<{ pgno: number; line: number; node: ParsedLine }> {
    let pgno = pgnoFDP;
    for (let depth = 0; ; depth++) {
      if (depth > 16) throw this.corrupt();
      const p = this.page(pgno);
      if (p.flags & fPageLeaf) {
        let at = leafLowerBound(p.lines, key);
        if (at === p.lines.length) return;
        let cur: ParsedPage = p;
        let curPgno = pgno;
        while (at >= 0) {
          for (; at < cur.lines.length; at++) if (!(cur.lines[at]!.flags & 0x2)) yield { pgno: curPgno, line: at, node: cur.lines[at]! };
          if (cur.pgnoNext === 0) return;
          curPgno = cur.pgnoNext;
          cur = this.page(curPgno);
          at = 0;
        }
        return;
      }
      // a parent line's key bounds its child from above (the last line has no key)
      const child = p.lines[childLineIndex(p.lines, key)];
      if (!child || child.data.length < 4) throw this.corrupt();
      pgno = child.data.readUInt32LE(0);
    }
  }

  private readCatalog(): void {
    const fixedSizes = new Map<number, number>([[1, 4], [2, 2], [3, 4], [4, 4], [5, 4], [6, 4], [7, 4], [8, 1], [9, 2], [10, 4], [11, 2], [12, 4], [13, 8]]);
    const byObjid = new Map<number, EseTableInfo>();
    const rec = new ColumnSpans();
    const u32 = (id: number): number => rec.u32(id);
    for (const { node } of this.walk(pgnoFDPMSO, objidMSO)) {
      rec.reset(node.data);
      this.scanRecord(fixedSizes, node.data, rec);
      const type = rec.u16(MSO.Type);
      const objidTable = u32(MSO.ObjidTable);
      const name = rec.latin1(MSO.Name);
      if (type === sysobjTable) {
        const t: EseTableInfo = { name, objid: objidTable, pgnoFDP: u32(MSO.ColtypOrPgnoFDP), columns: [], indexes: [], pgnoLV: 0, lvChunkMost: u32(MSO.LVChunkMax) || lvChunkSize(this.cbPage) };
        byObjid.set(objidTable, t);
        this.tables.set(name.toLowerCase(), t);
        continue;
      }
      const t = byObjid.get(objidTable);
      if (!t) throw this.corrupt();
      if (type === sysobjColumn) {
        const columnid = u32(MSO.Id);
        const coltyp = u32(MSO.ColtypOrPgnoFDP);
        const cls = columnClass(columnid);
        const def = rec.bytes(MSO.DefaultValue);
        t.columns.push({
          // SpaceUsage: the size of a fixed column (Text/Binary can be fixed too), the maximum of others
          name, columnid, coltyp, cp: u32(MSO.PagesOrLocale), cbMax: u32(MSO.SpaceUsage),
          grbit: grbitOfFieldFlags(u32(MSO.Flags), cls === 'tagged', cls === 'fixed'),
          defaultValue: def && def.length > 0 ? Buffer.from(def) : null,
        });
      } else if (type === sysobjIndex) {
        const flds = rec.bytes(MSO.KeyFldIDs) ?? node.data.subarray(0, 0);
        const segments = [];
        // 4-byte IDXSEGs (flags, reserved, fid) since revision 7; 2-byte fids before
        for (let i = 0; i + 4 <= flds.length; i += 4) segments.push({ columnid: flds.readUInt16LE(i + 2), descending: (flds[i]! & 0x40) !== 0 });
        t.indexes.push({ name, grbit: grbitOfIdbFlags(u32(MSO.Flags) & 0xffff), segments, lcid: u32(MSO.PagesOrLocale), objid: u32(MSO.Id), pgnoFDP: u32(MSO.ColtypOrPgnoFDP) });
      } else if (type === sysobjLongValue) {
        t.pgnoLV = u32(MSO.ColtypOrPgnoFDP);
      }
    }
  }

  private decode(fixedSizes: ReadonlyMap<number, number>, data: Buffer): DecodedRecord {
    try {
      return decodeRecord(this.cbPage, fixedSizes, data);
    } catch (e) {
      if (e instanceof EseRecordFormatError || e instanceof RangeError) throw this.corrupt();
      throw e;
    }
  }

  /** The fixed column sizes of a table (columnid -> bytes). */
  fixedSizes(t: EseTableInfo): Map<number, number> {
    return new Map(t.columns.filter((c) => columnClass(c.columnid) === 'fixed').map((c) => [c.columnid, fixedSize(c.coltyp) ?? c.cbMax]));
  }

  /** Every record of a table in primary-key order. */
  *records(t: EseTableInfo): Generator<EseRecordRef> {
    const sizes = this.fixedSizes(t);
    for (const { pgno, line, node } of this.walk(t.pgnoFDP)) yield { pgno, line, key: node.key, record: this.decode(sizes, node.data) };
  }

  /**
   * The record with exactly `key` in a table's record tree, or undefined; `hint` is where it was
   * last seen (leaf page and line), tried first.
   */
  recordByKey(t: EseTableInfo, key: Buffer, hint?: { pgno: number; line: number }): { pgno: number; line: number; record: DecodedRecord } | undefined {
    if (hint !== undefined && hint.pgno >= 1 && hint.pgno <= this.cpg) {
      const p = this.page(hint.pgno);
      const node = p.lines[hint.line];
      if (p.objidFDP === t.objid && p.flags & fPageLeaf && node && !(node.flags & 0x2) && node.key.equals(key)) return { ...hint, record: this.decode(this.fixedSizes(t), node.data) };
    }
    for (const hit of this.seekAt(t.pgnoFDP, key)) {
      if (!hit.node.key.equals(key)) return undefined;
      return { pgno: hit.pgno, line: hit.line, record: this.decode(this.fixedSizes(t), hit.node.data) };
    }
    return undefined;
  }

  /** The record at a leaf line (as found by records()). */
  recordAt(t: EseTableInfo, pgno: number, line: number): DecodedRecord {
    const node = this.page(pgno).lines[line];
    if (!node) throw this.corrupt();
    return this.decode(this.fixedSizes(t), node.data);
  }

  private unsupported(what: string): Error {
    return jetError(JET_errInvalidDatabaseVersion, { context: `${this.context}: ${what} are not read` });
  }

  private decompress(data: Buffer): Buffer {
    try {
      return decompressValue(data);
    } catch (e) {
      if (e instanceof UnsupportedCompressionError) throw this.unsupported(`column values compressed with ${e.message.split(' (')[0]}`);
      if (e instanceof CompressedDataError) throw this.corrupt();
      throw e;
    }
  }

  /**
   * A separated long value's bytes: its root (references, size) and chunks keyed LID + offset.
   * A chunk shorter than it should be (a full chunk, or what is left of the value) is compressed:
   * the engine keeps no other mark (lv.cxx).
   */
  longValue(t: EseTableInfo, lid: Buffer): Buffer {
    if (t.pgnoLV === 0) throw this.corrupt();
    const key = Buffer.from(lid).reverse(); // the LID is stored little-endian, keyed big-endian
    let size = -1;
    const parts: Buffer[] = [];
    let have = 0;
    for (const node of this.seek(t.pgnoLV, key)) {
      if (size < 0) {
        if (!node.key.equals(key) || node.data.length < 8) throw this.corrupt();
        size = node.data.readUInt32LE(4);
        continue;
      }
      if (node.key.length !== key.length + 4 || !node.key.subarray(0, key.length).equals(key)) break;
      if (node.key.readUInt32BE(key.length) !== have) throw this.corrupt();
      const expected = Math.min(t.lvChunkMost, size - have);
      const chunk = node.data.length < expected ? this.decompress(node.data) : node.data;
      if (chunk.length !== expected && have + chunk.length !== size) throw this.corrupt();
      parts.push(chunk);
      have += chunk.length;
      if (have >= size) break;
    }
    if (size < 0 || have < size) throw this.corrupt();
    return Buffer.concat(parts).subarray(0, size);
  }

  /** The values of a row: columnid -> values, separated long values read from their tree (`only`: just these columns). */
  rowValues(t: EseTableInfo, rec: DecodedRecord, only?: ReadonlySet<number>): Map<number, Buffer[]> {
    const out = new Map<number, Buffer[]>();
    for (const [id, v] of rec.fixed) if (!only || only.has(id)) out.set(id, [v]);
    for (const [id, v] of rec.variable) if (!only || only.has(id)) out.set(id, [v]);
    for (const [id, tv] of rec.tagged) {
      if (only && !only.has(id)) continue;
      // fCompressed covers the first value only (tagfld.hxx: imv 0); separated values are compressed per chunk
      const compressed = (tv.header & tagCompressed) !== 0;
      out.set(id, tv.values.map((v: TaggedValue, i) => ('inline' in v ? (compressed && i === 0 ? this.decompress(v.inline) : v.inline) : this.longValue(t, lidBuffer(v.lid)))));
    }
    return out;
  }
}

/** Where a record's fixed and variable columns are (a catalog row is read without decoding it into maps). */
class ColumnSpans implements RecordVisitor {
  private data: Buffer | undefined;
  // by columnid (1..255): start and end in the record, -1: null or absent
  private readonly start = new Int32Array(fidTaggedLeast).fill(-1);
  private readonly end = new Int32Array(fidTaggedLeast);

  reset(data: Buffer): void {
    this.data = data;
    this.start.fill(-1);
  }

  fixed(fid: number, start: number, end: number): void {
    this.start[fid] = start;
    this.end[fid] = end;
  }

  variable(fid: number, start: number, end: number): void {
    this.start[fid] = start;
    this.end[fid] = end;
  }

  tagged(): void {}

  private at(fid: number, cb: number): number {
    const at = this.start[fid]!;
    return at >= 0 && this.end[fid]! - at >= cb ? at : -1;
  }

  u32(fid: number): number {
    const at = this.at(fid, 4);
    return at < 0 ? 0 : this.data!.readUInt32LE(at);
  }

  u16(fid: number): number | undefined {
    const at = this.at(fid, 2);
    return at < 0 ? undefined : this.data!.readUInt16LE(at);
  }

  bytes(fid: number): Buffer | undefined {
    const at = this.start[fid]!;
    return at < 0 ? undefined : this.data!.subarray(at, this.end[fid]);
  }

  latin1(fid: number): string {
    const at = this.start[fid]!;
    return at < 0 ? '' : this.data!.toString('latin1', at, this.end[fid]);
  }
}

function lidBuffer(lid: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(lid >>> 0);
  return b;
}

/** Reads and checks the header (the shadow copy when page 0 fails its checksum). */
export function readEseHeaderFd(fd: number, context: string): EseHeader {
  const first = Buffer.alloc(4096);
  readSync(fd, first, 0, 4096, 0);
  let h: EseHeader;
  try {
    h = decodeHeaderPage(first.subarray(0, 4096));
  } catch (e) {
    if (!(e instanceof EseHeaderError)) throw e;
    // the header page is as long as a database page: find the shadow by the recorded page size
    const cb = first.readUInt32LE(236);
    if (![4096, 8192, 16384, 32768].includes(cb)) throw jetError(JET_errDatabaseCorrupted, { context });
    const shadow = Buffer.alloc(cb);
    readSync(fd, shadow, 0, cb, cb);
    try {
      h = decodeHeaderPage(shadow);
    } catch {
      throw jetError(JET_errDatabaseCorrupted, { context });
    }
  }
  if (h.ulVersion !== ESE_FORMAT_VERSION || h.ulUpdate < ESE_READ_REVISION_MIN || h.ulUpdate > ESE_READ_REVISION_MAX) {
    throw jetError(JET_errInvalidDatabaseVersion, { context });
  }
  if (![4096, 8192, 16384, 32768].includes(h.cbPageSize)) throw jetError(JET_errDatabaseCorrupted, { context });
  return h;
}
