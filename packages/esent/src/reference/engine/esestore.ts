// A database file as the engine keeps it: a real ESE database (ese/writer.ts lays out a new one,
// ese/updater.ts changes it in place, ese/reader.ts reads it), so ESE tooling (libesedb) reads
// what the engine writes, and the engine attaches files Windows wrote.
//
// At attach every record is visited once to make its bookmark and index keys (kept in memory, as
// the engine's directory needs them); record images stay on their pages and are decoded when a
// cursor reads them (EseStoredRow -> loadRow). A checkpoint turns what changed since the last one
// into one crash-safe in-place batch: the schema changes first (tables created or deleted,
// columns and indexes added), then the records inserted, replaced and deleted, with the header
// fields the engine keeps (state, log positions, backup information) in the same batch. The WAL
// rule holds because the caller flushes the log first.
import { existsSync, fsyncSync, openSync, closeSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { JET_errDatabaseCorrupted, JET_errOutOfSequentialIndexValues, JET_errPageSizeMismatch, jetError } from '@winbackup/errors';
import { fixedSize } from '../isam/coltypes.js';
import { DatabaseContent } from '../isam/content.js';
import { packedBytes } from '../isam/image.js';
import { RowBuffer } from '../isam/rowbuffer.js';
import type { ColumnSchema, IndexSchema, Row } from '../isam/schema.js';
import { persist } from '../isam/slab.js';
import { StoredRow, type RowSource } from '../isam/storedrow.js';
import { Index, Table, type Entry, type Rec } from '../isam/table.js';
import type { DbHeader } from '../storage/dbfile.js';
import { fsyncDir } from '../storage/fsutil.js';
import { dbHeaderOfEse } from '../ese/dbheader.js';
import { doubleWritePath } from '../ese/doublewrite.js';
import { decodeHeaderPage, encodeHeaderPage, type EseHeader } from '../ese/header.js';
import { cbKeyMostOld, dbkKey, normalizeKey } from '../ese/key.js';
import { fidTaggedLeast, fidVarLeast, type RecordVisitor } from '../ese/record.js';
import { EseDatabaseReader, type EseTableInfo } from '../ese/reader.js';
import { maxNodeBytes, recordColumns, rowFits, segmentsOf } from '../ese/rows.js';
import type { EseColumn, EseIndex, EseRow } from '../ese/schema.js';
import type { EseSchemaChange } from '../ese/schemachange.js';
import { applyEseUpdate, recoverEseUpdate, type EseChange } from '../ese/updater.js';
import { ESE_PAGE_SIZES, writeEseDatabase } from '../ese/writer.js';

/** Suffix of the file a new database is built in before it is renamed into place. */
export const CREATING_SUFFIX = '.new';
/** Decoded record images kept per database (a cursor reads a record's columns one call at a time), at most this many bytes. */
const IMAGE_CACHE_BYTES = 8 << 20;
/** Parsed pages the reader keeps (per database): 512 KiB of 8 KiB pages. */
const READER_CACHE_PAGES = 64;

export interface OpenedDb {
  readonly store: EseStore;
  readonly header: DbHeader;
  readonly content: DatabaseContent;
}

/** A committed image that lives in the file: the record's key there, and where it was last seen. */
export class EseStoredRow extends StoredRow {
  constructor(
    source: EseStore,
    readonly table: Table,
    key: Buffer,
    pgno: number,
    line: number,
    /** The store's generation the position belongs to (a checkpoint moves records). */
    readonly gen: number,
  ) {
    super(source, pgno, line, 0);
    this.diskKey = key;
  }
}

/** What the file holds of one of the engine's tables, to tell a checkpoint what changed. */
interface DiskTable {
  readonly name: string;
  readonly columns: Set<number>;
  readonly indexes: Set<string>;
  readonly primary: boolean;
}

/** The ESE header fields the engine owns. */
function eseFields(h: DbHeader): Partial<EseHeader> {
  return {
    dbstate: h.dbstate,
    signDb: h.signDb,
    signLog: h.signLog,
    lgposConsistent: h.lgposConsistent,
    logtimeConsistent: h.logtimeConsistent,
    lgposAttach: h.lgposAttach,
    logtimeAttach: h.logtimeAttach,
    lgposDetach: h.lgposDetach,
    logtimeDetach: h.logtimeDetach,
    bkinfoFullPrev: h.bkinfoFullPrev,
    bkinfoIncPrev: h.bkinfoIncPrev,
    bkinfoFullCur: h.bkinfoFullCur,
    genMinRequired: h.genMinRequired,
    genMaxRequired: h.genMaxRequired,
  };
}

function eseColumn(c: ColumnSchema): EseColumn {
  return { name: c.name, columnid: c.columnid, coltyp: c.coltyp, cp: c.cp, cbMax: c.cbMax, grbit: c.grbit, defaultValue: c.defaultValue };
}

function eseIndex(s: IndexSchema): EseIndex {
  return { name: s.name!, grbit: s.grbit, segments: s.segments.map((g) => ({ columnid: g.columnid, descending: g.desc })) };
}

function eseRow(row: Row): EseRow {
  const out = new Map<number, Buffer[]>();
  for (const [id, v] of row) {
    const list = out.get(id);
    if (list) list.push(v);
    else out.set(id, [v]);
  }
  return out;
}

function eseColumns(columns: ReadonlyMap<number, ColumnSchema>): Map<number, EseColumn> {
  const cols = new Map<number, EseColumn>();
  for (const c of columns.values()) cols.set(c.columnid, eseColumn(c));
  return cols;
}

/**
 * The key ESE stores for `row` in index `ix` (normalized, cut at 255 bytes: ese/key.ts), built from
 * the row's first values and its columns' defaults.
 */
export function eseKeyOf(columns: ReadonlyMap<number, ColumnSchema>, ix: IndexSchema, row: Pick<Row, 'get'>): Buffer {
  const eix = eseIndex(ix);
  return normalizeKey(segmentsOf(eix, eseColumns(columns)), eix.segments.map((s) => row.get(s.columnid) ?? columns.get(s.columnid)?.defaultValue ?? null));
}

/**
 * ESE's key of `row` in `ix` when ESE had to cut it at 255 bytes, else null. Only a cut key can
 * make two rows the engine keeps apart equal in the file; a bound over the key columns' bytes
 * (text keys take at most 2 bytes per byte of value) skips the work for every short key.
 */
export function eseKeyIfCut(columns: ReadonlyMap<number, ColumnSchema>, ix: IndexSchema, row: Pick<Row, 'get'>): Buffer | null {
  let bound = 0;
  for (const s of ix.segments) bound += 2 * (row.get(s.columnid)?.length ?? columns.get(s.columnid)?.defaultValue?.length ?? 0) + 8;
  if (bound < cbKeyMostOld) return null;
  const key = eseKeyOf(columns, ix, row);
  return key.length >= cbKeyMostOld ? key : null;
}

/** Bytes of key the cheap record-size bound allows for (JET_cbKeyMost8KBytePage). */
const KEY_BOUND = 2000;

/**
 * The record-size rule behind JET_errRecordTooBig: a row's ESE record (long values separated as
 * the writer does) must fit one page with its key. This bound over the row's bytes (every fixed
 * column, an offset per variable column, a tag, flag and offset per value, the longest key) settles
 * most rows without laying the record out; recordFitsPage decides the others.
 */
export function recordWithinBound(cbPage: number, columns: ReadonlyMap<number, ColumnSchema>, row: Row): boolean {
  let bound = 4 + 32; // record header, and at most 255 fixed columns' null bits
  for (const c of columns.values()) {
    if (c.columnid < fidVarLeast) bound += fixedSize(c.coltyp) ?? c.cbMax;
    else if (c.columnid < fidTaggedLeast) bound += 2;
  }
  for (const [, v] of row) bound += v.length + 7;
  return bound + KEY_BOUND <= maxNodeBytes(cbPage);
}

/** True when the row's record, laid out as the checkpoint will write it, fits one page with a key of `keyLength` bytes. */
export function recordFitsPage(cbPage: number, columns: ReadonlyMap<number, ColumnSchema>, row: Row, keyLength: number): boolean {
  const cols = eseColumns(columns);
  return rowFits(cbPage, cols, recordColumns([...cols.values()]), eseRow(row), keyLength);
}

/** Column values decoded from an ESE record, as the engine's Row. */
/** The key columns of the record being visited at attach: views into its bytes, reused from record to record. */
class KeyColumns implements RecordVisitor, Pick<Row, 'get'> {
  private data: Buffer | undefined;
  // by columnid (fixed and variable columns are 1..255); `set` lists the ones the record filled
  private readonly values: (Buffer | undefined)[] = new Array<Buffer | undefined>(fidTaggedLeast).fill(undefined);
  private readonly set = new Uint8Array(fidTaggedLeast);
  private filled = 0;

  constructor(private readonly want: ReadonlySet<number>) {}

  reset(data: Buffer): void {
    this.data = data;
    for (let i = 0; i < this.filled; i++) this.values[this.set[i]!] = undefined;
    this.filled = 0;
  }

  get(columnid: number): Buffer | undefined {
    return columnid < fidTaggedLeast ? this.values[columnid] : undefined;
  }

  fixed(fid: number, start: number, end: number): void {
    this.keep(fid, start, end);
  }

  variable(fid: number, start: number, end: number): void {
    this.keep(fid, start, end);
  }

  tagged(): void {}

  private keep(fid: number, start: number, end: number): void {
    if (!this.want.has(fid)) return;
    this.values[fid] = this.data!.subarray(start, end);
    this.set[this.filled++] = fid;
  }
}

function rowOf(vals: ReadonlyMap<number, readonly Buffer[]>): RowBuffer {
  const row = new RowBuffer();
  for (const [id, list] of vals) for (const v of list) row.setItag(id, 0, v);
  return row;
}

/** The DBK of a record of a table without a primary index: its bookmark's sequence number. */
function dbkOf(bm: Buffer): Buffer {
  const n = Number(bm.readBigUInt64BE());
  // ESE's sequential index (the DBK of a table without a primary index) is a 32-bit counter
  if (n > 0xffffffff) throw jetError(JET_errOutOfSequentialIndexValues, { context: 'a table without a primary index holds at most 2^32 - 1 records' });
  return dbkKey(n);
}

function szKeyOf(ix: EseIndex, cols: ReadonlyMap<number, ColumnSchema>): string {
  return ix.segments.map((s) => `${s.descending ? '-' : '+'}${cols.get(s.columnid)?.name ?? s.columnid}\0`).join('') + '\0';
}

function byKeyThenBm(a: Entry, b: Entry): number {
  return Buffer.compare(a.key, b.key) || Buffer.compare(a.bm, b.bm);
}

export class EseStore implements RowSource {
  /** True while a backup may be reading the file: checkpoints wait until it ends. */
  holdPages: () => boolean = () => false;
  /** Called before every write and fsync of a checkpoint's batch (tests cut a checkpoint off there). */
  beforeStep: ((step: number) => void) | undefined = undefined;
  private gen = 0;
  private readonly images = new Map<StoredRow, Buffer>();
  private imageBytes = 0;
  private readonly disk = new Map<Table, DiskTable>();

  private constructor(
    readonly path: string,
    private reader: EseDatabaseReader,
    readonly writable: boolean,
  ) {}

  /**
   * Creates (or replaces) the file: an empty ESE database (the catalog and its shadow) with the
   * engine's header fields, built under a temporary name and renamed into place, so a crash leaves
   * either no database or a complete empty one.
   */
  static create(path: string, header: DbHeader, context: string = path): OpenedDb {
    if (!(ESE_PAGE_SIZES as readonly number[]).includes(header.pageSize)) throw jetError(JET_errPageSizeMismatch, { context: `${context}: the ESE format has 4, 8, 16 and 32 KiB pages` });
    const tmp = path + CREATING_SUFFIX;
    const image = writeEseDatabase({ cbPage: header.pageSize, tables: [], now: 0, signDb: header.signDb, signLog: header.signLog });
    const page = encodeHeaderPage({ ...decodeHeaderPage(image.subarray(0, header.pageSize)), ...eseFields(header) });
    page.copy(image, 0);
    page.copy(image, header.pageSize);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, image, 0, image.length, 0);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, path);
    fsyncDir(dirname(path));
    return EseStore.open(path, header.pageSize, true, context);
  }

  /**
   * Opens an ESE database file: its catalog becomes the engine's tables (the catalog tables
   * themselves stay hidden), and every record gets its bookmark and index keys. A batch a crash
   * cut short (its double-write file is left) is finished or undone first.
   */
  static open(path: string, expectedPageSize: number | undefined, writable: boolean, context: string): OpenedDb {
    if (writable && existsSync(doubleWritePath(path))) recoverEseUpdate(path);
    const reader = EseDatabaseReader.open(path, context, READER_CACHE_PAGES);
    try {
      if (expectedPageSize !== undefined && reader.cbPage !== expectedPageSize) throw jetError(JET_errPageSizeMismatch, { context });
      const store = new EseStore(path, reader, writable);
      const content = new DatabaseContent();
      for (const info of reader.tables.values()) {
        if (info.name.startsWith('MSys')) continue; // the catalog and the engine's system tables
        const t = store.buildTable(info, context);
        content.tables.set(info.name.toLowerCase(), t);
      }
      return { store, header: dbHeaderOfEse(reader.header, reader.cpg), content };
    } catch (e) {
      reader.close();
      throw e;
    }
  }

  private buildTable(info: EseTableInfo, context: string): Table {
    const t = new Table(info.name);
    for (const c of info.columns) {
      const col: ColumnSchema = { name: c.name, columnid: c.columnid, coltyp: c.coltyp, cbMax: c.cbMax, grbit: c.grbit, cp: c.cp, defaultValue: c.defaultValue ?? null };
      t.columns.set(c.columnid, col);
      t.columnsByName.set(c.name.toLowerCase(), col);
      if (c.columnid < 128) t.nextFixed = Math.max(t.nextFixed, c.columnid + 1);
      else if (c.columnid < 256) t.nextVar = Math.max(t.nextVar, c.columnid + 1);
      else t.nextTagged = Math.max(t.nextTagged, c.columnid + 1);
    }
    for (const ix of info.indexes) {
      const schema: IndexSchema = { name: ix.name, grbit: ix.grbit, segments: ix.segments.map((s) => ({ columnid: s.columnid, desc: s.descending })), szKey: szKeyOf(ix, t.columns), density: 80 };
      const index = new Index(schema, t);
      t.indexes.set(ix.name.toLowerCase(), index);
      if (index.isPrimary) t.clustered = index;
    }
    const clustered: Entry[] = [];
    const secondary = new Map<Index, Entry[]>();
    for (const ix of t.allIndexes()) if (ix !== t.clustered) secondary.set(ix, []);
    const indexed = new Set(info.indexes.flatMap((ix) => ix.segments.map((s) => s.columnid)));
    const noBookmark = Buffer.alloc(0); // a primary index's key does not end in a bookmark
    const add = (pgno: number, line: number, key: Buffer, values: Pick<Row, 'get'>): void => {
      let bm: Buffer | null;
      if (t.hasExplicitPrimary) bm = t.clustered.keyOf(values, noBookmark);
      else {
        // a table without a primary index is keyed by DBK (4 bytes, big-endian): the bookmark keeps its number
        if (key.length !== 4) throw jetError(JET_errDatabaseCorrupted, { context: `${context}: table ${info.name} has a record key of ${key.length} bytes` });
        t.seq = key.readUInt32BE(0);
        bm = Buffer.alloc(8);
        bm.writeBigUInt64BE(BigInt(t.seq));
      }
      const rec = bm === null ? null : t.getOrCreateRec(bm);
      if (rec === null || rec.committed !== null) throw jetError(JET_errDatabaseCorrupted, { context: `${context}: table ${info.name} has two records with one primary key` });
      // the record's key in the file is its bookmark when the engine wrote it (one copy kept for both)
      rec.committed = new EseStoredRow(this, t, key.equals(rec.bm) ? rec.bm : persist(key), pgno, line, this.gen);
      clustered.push({ key: rec.bm, bm: rec.bm, rec, ver: 0 });
      for (const [ix, list] of secondary) {
        const k = ix.keyOf(values, rec.bm);
        if (k !== null) list.push({ key: persist(k), bm: rec.bm, rec, ver: 0 });
      }
    };
    if ([...indexed].every((id) => id < fidTaggedLeast)) {
      // keys of fixed and variable columns only: read them in place, no decoded record per row
      const sizes = this.reader.fixedSizes(info);
      const cols = new KeyColumns(indexed);
      this.reader.forEachLine(info.pgnoFDP, (pgno, line, node) => {
        cols.reset(node.data);
        this.reader.scanRecord(sizes, node.data, cols);
        add(pgno, line, node.key, cols);
      });
    } else {
      for (const r of this.reader.records(info)) add(r.pgno, r.line, r.key, rowOf(this.reader.rowValues(info, r.record, indexed)));
    }
    t.clustered.entries.setAll(clustered.sort(byKeyThenBm));
    for (const [ix, list] of secondary) ix.entries.setAll(list.sort(byKeyThenBm));
    this.disk.set(t, this.diskTableOf(t));
    return t;
  }

  private diskTableOf(t: Table): DiskTable {
    return { name: t.name, columns: new Set(t.columns.keys()), indexes: new Set(t.indexes.keys()), primary: t.hasExplicitPrimary };
  }

  // ---- reads

  loadRow(row: StoredRow): Buffer {
    const hit = this.images.get(row);
    if (hit) {
      this.images.delete(row);
      this.images.set(row, hit);
      return hit;
    }
    const r = row as EseStoredRow;
    const info = this.reader.tables.get(r.table.name.toLowerCase());
    const found = info && this.reader.recordByKey(info, r.diskKey!, r.gen === this.gen ? { pgno: r.pgno, line: r.off } : undefined);
    if (!info || !found) throw jetError(JET_errDatabaseCorrupted, { context: `${this.path}: a record of table ${r.table.name} is missing` });
    const image = packedBytes(rowOf(this.reader.rowValues(info, found.record)));
    if (image.length > IMAGE_CACHE_BYTES / 4) return image;
    this.images.set(row, image);
    this.imageBytes += image.length;
    for (const [k, v] of this.images) {
      if (this.imageBytes <= IMAGE_CACHE_BYTES) break;
      this.images.delete(k);
      this.imageBytes -= v.length;
    }
    return image;
  }

  // ---- writes

  /**
   * Writes what changed in `content` since the last checkpoint, and `header` (whose state fields
   * the caller has set), as one batch: after a crash the file holds all of it or none of it.
   */
  checkpoint(content: DatabaseContent, header: DbHeader): void {
    if (!this.writable) throw new Error(`${this.path} is attached read-only`);
    const schema: EseSchemaChange[] = [];
    const parts: { table: string; changes: EseChange[]; inserts: Rec[]; replaced: Rec[]; t: Table }[] = [];
    for (const [t, d] of this.disk) {
      if (content.tables.get(d.name.toLowerCase()) !== t) schema.push({ op: 'deleteTable', table: d.name });
    }
    for (const t of content.tables.values()) {
      const d = this.disk.get(t);
      // a primary index is only added to an empty table: the file's records of it are all deleted
      // by now, so the table is laid out again (the engine's own rule keeps this cheap)
      const fresh = d === undefined || (t.hasExplicitPrimary && !d.primary);
      if (d !== undefined && fresh) schema.push({ op: 'deleteTable', table: d.name });
      if (fresh) {
        schema.push({ op: 'createTable', table: t.name, columns: [...t.columns.values()].sort((a, b) => a.columnid - b.columnid).map(eseColumn), indexes: [...t.indexes.values()].map((ix) => eseIndex(ix.schema)) });
      } else {
        for (const c of [...t.columns.values()].sort((a, b) => a.columnid - b.columnid)) if (!d.columns.has(c.columnid)) schema.push({ op: 'addColumn', table: t.name, column: eseColumn(c) });
        for (const [name, ix] of t.indexes) if (!d.indexes.has(name)) schema.push({ op: 'createIndex', table: t.name, index: eseIndex(ix.schema) });
      }
      const part = { table: t.name, changes: [] as EseChange[], inserts: [] as Rec[], replaced: [] as Rec[], t };
      const dbk = !t.hasExplicitPrimary;
      for (const rec of t.recs.values()) {
        const c = rec.committed;
        if (c === null || (c instanceof EseStoredRow && c.source === this)) continue;
        const was = fresh ? undefined : t.displaced.get(rec.bmId);
        if (was !== undefined) {
          part.changes.push({ op: 'replace', row: eseRow(c), bookmark: was });
          part.replaced.push(rec);
        } else {
          part.changes.push(dbk ? { op: 'insert', row: eseRow(c), bookmark: dbkOf(rec.bm) } : { op: 'insert', row: eseRow(c) });
          part.inserts.push(rec);
        }
      }
      if (!fresh) {
        for (const [bmId, key] of t.displaced) {
          const rec = t.recs.get(bmId);
          if (rec === undefined || rec.committed === null) part.changes.push({ op: 'delete', row: new Map(), bookmark: key });
        }
      }
      if (part.changes.length > 0) parts.push(part);
    }
    if (schema.length === 0 && parts.length === 0) {
      this.writeHeader(header);
      return;
    }
    const result = applyEseUpdate(this.path, parts.map((p) => ({ table: p.table, changes: p.changes })), {
      schema,
      header: () => eseFields(header),
      ...(this.beforeStep ? { beforeStep: this.beforeStep } : {}),
    });
    this.reopen();
    header.cpgData = this.reader.cpg;
    // the images now live in the file: drop the in-memory copies (nothing ran in between)
    parts.forEach((p, i) => {
      const keys = result.inserted[i]!;
      p.inserts.forEach((rec, j) => void (rec.committed = new EseStoredRow(this, p.t, persist(keys[j]!), 0, 0, -1)));
      for (const rec of p.replaced) rec.committed = new EseStoredRow(this, p.t, p.t.displaced.get(rec.bmId)!, 0, 0, -1);
    });
    for (const t of content.tables.values()) {
      t.displaced.clear();
      this.disk.set(t, this.diskTableOf(t));
    }
    for (const t of [...this.disk.keys()]) if (content.tables.get(t.name.toLowerCase()) !== t) this.disk.delete(t);
  }

  /** The file changed: read its catalog again, forget the pages and images read before. */
  private reopen(): void {
    this.reader.close();
    this.images.clear();
    this.imageBytes = 0;
    this.gen++;
    this.reader = EseDatabaseReader.open(this.path, this.path, READER_CACHE_PAGES);
  }

  /**
   * Rewrites the header pages only (state and backup information): page 0, then its shadow, each
   * fsync'd, so a torn write leaves the other copy for the reader.
   */
  writeHeader(header: DbHeader): void {
    if (!this.writable) return;
    const page = encodeHeaderPage({ ...this.reader.header, ...eseFields(header) });
    const fd = openSync(this.path, 'r+');
    try {
      for (const at of [0, header.pageSize]) {
        writeSync(fd, page, 0, page.length, at);
        fsyncSync(fd);
      }
    } finally {
      closeSync(fd);
    }
    // no page changed: the reader keeps its pages and every record's position stays good
    this.reader.replaceHeader(decodeHeaderPage(page));
  }

  /** Verifies every written page's checksum (JET_errReadVerifyFailure on a bad one); returns how many. */
  verifyUsedPages(): number {
    return this.reader.verifyAllPages();
  }

  close(): void {
    this.images.clear();
    this.imageBytes = 0;
    this.reader.close();
  }
}

/** Opens a database read-only and verifies every written page (crash tests): the pages checked. */
export function verifyDatabaseFile(path: string): number {
  const { store } = EseStore.open(path, undefined, false, 'verify');
  try {
    return store.verifyUsedPages();
  } finally {
    store.close();
  }
}
