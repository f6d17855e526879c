// Updates a clean ESE database file in place, one batch of row changes at a time, writing only the
// pages the batch touches. A batch's inserts, replacements and deletions become node changes in the
// table's record tree (primary-key order), its secondary indexes and its long-value tree; each tree
// is changed copy-on-write (cowtree.ts), the space trees record the pages taken and freed
// (livespace.ts); every page written gets the next dbtime and the header the last one, as the
// engine stamps the pages it dirties (cpage.cxx: dbtimeDirtied) and keeps the highest in the header.
//
// Crash safety, in this order: the fresh pages are written and fsynced (the old state references
// none of them); the pages to overwrite (roots, space trees, relinked leaves, header and shadow)
// go to the double-write file, fsynced; then in place, fsynced; then the double-write file is
// removed. recoverEseUpdate() brings a file cut off anywhere in that sequence back to the old or
// the new state. Schema changes (schemachange.ts) are applied first, in the same batch.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { JET_errDatabaseDirtyShutdown, JET_errInvalidParameter, JET_errKeyDuplicate, JET_errObjectNotFound, JET_errRecordNotFound, jetError } from '@winbackup/errors';
import { JET_bitIndexPrimary, JET_bitIndexUnique } from '../../api/constants.js';
import { type TreeIo, type TreeOp, updateTree } from './cowtree.js';
import { doubleWritePath, encodeDoubleWrite, recoverDoubleWrite, removeDoubleWriteFile, writeDoubleWriteFile, type DoubleWriteRecovery } from './doublewrite.js';
import { encodeHeaderPage, type EseHeader, JET_dbstateCleanShutdown, logtimeOf } from './header.js';
import { readSpaceTree, SpaceMap } from './livespace.js';
import { pgnoFDPMSO, pgnoFDPMSONameIndex, pgnoFDPMSORootObjectsIndex, pgnoFDPMSOShadow } from './catalog.js';
import { childLineIndex, fPageLeaf, fPageLongValue, leafLowerBound, parsePage, type ParsedPage } from './page.js';
import { sealDataPage } from './checksum.js';
import { appendOps, applySchemaChanges, cpgMultipleExtentMin, createTree, type EseSchemaChange, type SchemaBatch } from './schemachange.js';
import { EseDatabaseReader, type EseTableInfo, readEseHeaderFd } from './reader.js';
import { decodeRecord } from './record.js';
import { catalogNodes, longValueCatalogRow } from './writer.js';
import { dbkKey } from './key.js';
import { encodeRow, keyValues, longValueNodes, primarySegsKey, recordColumns, rowKeys, segmentsOf } from './rows.js';
import type { EseRow } from './schema.js';

/** Parsed pages a batch keeps at most (the catalog, the paths and leaves it changes). */
const BATCH_CACHE_PAGES = 8192;

/**
 * One change of a batch. Replace and delete find their record by the row's primary-key columns, or
 * in a table without a primary index (records keyed by DBK) by `bookmark`, the record's key.
 */
export interface EseChange {
  readonly op: 'insert' | 'replace' | 'delete';
  readonly row: EseRow;
  readonly bookmark?: Buffer;
}

export interface EseBatchOptions {
  /** The clock for the header's times (ms since the epoch). */
  readonly now?: number;
  /** Called before every write and fsync of the commit, numbered from 0 (crash tests stop the process there). */
  readonly beforeStep?: (step: number) => void;
}

/** The options of a batch of several tables, with schema changes applied before its row changes. */
export interface EseUpdateOptions extends EseBatchOptions {
  /** Schema changes, in order, in the same crash-safe batch before the row changes (schemachange.ts). */
  readonly schema?: readonly EseSchemaChange[];
  /**
   * The engine's checkpoint (engine/esestore.ts): the file may be in dirty state, and the header
   * fields it gets come from here (state, log positions, backup info) instead of a clean shutdown.
   */
  readonly header?: (old: EseHeader) => Partial<EseHeader>;
}

export interface EseBatchStats {
  /** Pages written at fresh page numbers. */
  readonly cowPages: number;
  /** Pages overwritten in place (through the double-write file), header and shadow included. */
  readonly inPlacePages: number;
  /** The deepest tree the batch changed, in levels (1: the root is a leaf), before the batch. */
  readonly depth: number;
  /** Node insertions and deletions over all trees. */
  readonly treeOps: number;
  /** The database's pages after the batch (the file is (pages + 2) x cbPage bytes). */
  readonly pages: number;
  /** The bookmarks (record keys) of the inserted records, in the order of their changes. */
  readonly inserted: Buffer[];
}

function be32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
}

/** The last page the database root owns (its OE tree's last extent): where the file ends. */
function lastOwnedPage(page: (pgno: number) => ParsedPage): number {
  return readSpaceTree(page, page(1).external.readUInt32LE(12)).extents.reduce((m, [, last]) => Math.max(m, last), 0);
}

/**
 * Brings a database cut off mid-batch back to a committed state: a whole double-write file is
 * replayed (the new state), a torn one dropped (the old state); then the file is cut back to the
 * pages its root owns (a batch cut off before its in-place writes may have grown it).
 */
export function recoverEseUpdate(path: string): DoubleWriteRecovery {
  const result = recoverDoubleWrite(path);
  const fd = openSync(path, 'r+');
  try {
    const cbPage = readEseHeaderFd(fd, path).cbPageSize;
    const page = (pgno: number): ParsedPage => {
      const b = Buffer.alloc(cbPage);
      readSync(fd, b, 0, cbPage, (pgno + 1) * cbPage);
      return parsePage(b);
    };
    const bytes = (lastOwnedPage(page) + 2) * cbPage;
    if (fstatSync(fd).size > bytes) {
      ftruncateSync(fd, bytes);
      fsyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
  return result;
}

/** Applies `changes` to table `tableName` of the clean database at `path`, as one crash-safe batch. */
export function applyEseBatch(path: string, tableName: string, changes: readonly EseChange[], options: EseBatchOptions = {}): EseBatchStats {
  const { inserted, ...stats } = applyEseUpdate(path, [{ table: tableName, changes }], options);
  return { ...stats, inserted: inserted[0]! };
}

/** One table's part of a batch. */
export interface EseTableChanges {
  readonly table: string;
  readonly changes: readonly EseChange[];
}

/**
 * Applies the changes of several tables as one crash-safe batch (all of them or none, as a
 * checkpoint needs); `inserted` holds each part's new bookmarks. A table named twice is
 * JET_errInvalidParameter; any refused change leaves the file as it was.
 */
export function applyEseUpdate(path: string, parts: readonly EseTableChanges[], options: EseUpdateOptions = {}): Omit<EseBatchStats, 'inserted'> & { readonly inserted: Buffer[][] } {
  let context = path;
  if (existsSync(doubleWritePath(path))) recoverEseUpdate(path);
  // a batch reads each page it changes several times (lookups, then each tree op's descent)
  const reader = EseDatabaseReader.open(path, context, BATCH_CACHE_PAGES);
  let fd = -1;
  try {
    if (options.header === undefined && reader.header.dbstate !== JET_dbstateCleanShutdown) throw jetError(JET_errDatabaseDirtyShutdown, { context });
    const cbPage = reader.cbPage;
    const virtual = new Map<number, ParsedPage>();
    const page = (pgno: number): ParsedPage => virtual.get(pgno) ?? reader.page(pgno);
    let objidLast = reader.header.objidLast;
    const batch: SchemaBatch = {
      cbPage, reader, tables: new Map(reader.tables), created: new Set(), page, virtual, fresh: new Map(),
      map: new SpaceMap(page, lastOwnedPage(page)), plan: new Map(), nextObjid: () => ++objidLast,
    };
    const { plan, map, fresh } = batch;
    // the schema first, in order: row parts may name a table it creates or changes
    if (options.schema !== undefined) applySchemaChanges(batch, options.schema, path);
    const inserted: Buffer[][] = [];
    const newTrees: { t: EseTableInfo; ops: TreeOp[] }[] = [];
    const named = new Set<string>();
    for (const part of parts) {
      context = `${path}: ${part.table}`;
      const t = batch.tables.get(String(part.table).toLowerCase());
      if (!t || t.name.toLowerCase().startsWith('msysobjects')) throw jetError(JET_errObjectNotFound, { context });
      if (named.has(t.name.toLowerCase())) throw jetError(JET_errInvalidParameter, { context: `${context}: named twice in one batch` });
      named.add(t.name.toLowerCase());
      const p = planBatch(reader, page, t, part.changes, context);
      for (const [fdp, ops] of p.plan) appendOps(plan, fdp, ops);
      inserted.push(p.inserted);
      if (p.newLongValues.length > 0) newTrees.push({ t, ops: p.newLongValues });
    }
    context = path;
    fd = openSync(path, 'r+');
    let dbtimeLast = reader.header.dbtime;
    const dbtime = (): bigint => ++dbtimeLast;
    for (const { t, ops } of newTrees) createLongValueTree(batch, t, ops);
    const cow = new Map<number, Buffer>();
    const inPlace = new Map<number, Buffer>();
    const raw = (pgno: number): Buffer => {
      const laidOut = fresh.get(pgno);
      if (laidOut) return laidOut;
      const b = Buffer.alloc(cbPage);
      readSync(fd, b, 0, cbPage, (pgno + 1) * cbPage);
      return b;
    };
    let depth = 0;
    let treeOps = 0;
    for (const [pgnoFDP, ops] of plan) {
      if (ops.length === 0) continue;
      depth = Math.max(depth, treeDepth(page, pgnoFDP));
      treeOps += ops.length;
      const io: TreeIo = { cbPage, dbtime, page, raw, space: map.get(pgnoFDP), cow, inPlace };
      updateTree(io, pgnoFDP, ops);
    }
    map.encode(cbPage, dbtime, cow, inPlace);
    // the new trees' pages the batch did not rewrite (empty roots, space trees, bulk-built indexes)
    for (const [pgno, buf] of fresh) {
      if (cow.has(pgno) || inPlace.has(pgno)) continue;
      buf.writeBigUInt64LE(dbtime(), 8);
      sealDataPage(buf, pgno);
      cow.set(pgno, buf);
    }
    for (const pgno of cow.keys()) if (inPlace.has(pgno)) throw new Error(`page ${pgno} written both fresh and in place`);

    const now = logtimeOf(options.now ?? Date.now());
    const fields = options.header ? options.header(reader.header) : { dbstate: JET_dbstateCleanShutdown, logtimeConsistent: now, logtimeDetach: now };
    const header = encodeHeaderPage({ ...reader.header, ...fields, dbtime: dbtimeLast, objidLast });
    const fileBytes = (map.lastPgno + 2) * cbPage;
    const staged = new Map<number, Buffer>([...[...inPlace].sort((a, b) => a[0] - b[0]).map(([pgno, b]) => [pgno + 1, b] as [number, Buffer]), [0, header], [1, header]]);

    let step = 0;
    const before = (): void => options.beforeStep?.(step++);
    for (const pgno of [...cow.keys()].sort((a, b) => a - b)) {
      before();
      writeSync(fd, cow.get(pgno)!, 0, cbPage, (pgno + 1) * cbPage);
    }
    if (fstatSync(fd).size < fileBytes) {
      before();
      ftruncateSync(fd, fileBytes);
    }
    before();
    fsyncSync(fd);
    writeDoubleWriteFile(path, encodeDoubleWrite(cbPage, fileBytes, staged), before);
    for (const [index, buf] of staged) {
      if (index < 2) continue;
      before();
      writeSync(fd, buf, 0, cbPage, index * cbPage);
    }
    before();
    writeSync(fd, header, 0, cbPage, 0);
    before();
    writeSync(fd, header, 0, cbPage, cbPage);
    before();
    fsyncSync(fd);
    before();
    removeDoubleWriteFile(path);
    return { cowPages: cow.size, inPlacePages: staged.size, depth, treeOps, pages: map.lastPgno, inserted };
  } finally {
    if (fd >= 0) closeSync(fd);
    reader.close();
  }
}

function treeDepth(page: (pgno: number) => ParsedPage, pgnoFDP: number): number {
  let n = 1;
  for (let p = page(pgnoFDP); !(p.flags & fPageLeaf); n++) {
    const last = p.lines[p.lines.length - 1];
    if (!last || n > 16) break;
    p = page(last.data.readUInt32LE(0));
  }
  return n;
}

/** The node's data in a unique tree, or null (a descent by separators, as the reader seeks). */
function lookup(page: (pgno: number) => ParsedPage, pgnoFDP: number, key: Buffer): Buffer | null {
  let p = page(pgnoFDP);
  for (let depth = 0; !(p.flags & fPageLeaf); depth++) {
    const child = p.lines[childLineIndex(p.lines, key)];
    if (!child || depth > 16) return null;
    p = page(child.data.readUInt32LE(0));
  }
  for (let at = leafLowerBound(p.lines, key); at < p.lines.length && p.lines[at]!.key.equals(key); at++) {
    if (!(p.lines[at]!.flags & 0x2)) return p.lines[at]!.data;
  }
  return null;
}

/** The first 4 bytes (big-endian) of a tree's last key, 0 when it is empty: the highest LID of a long-value tree, the highest DBK of a sequential table. */
function lastKey32(page: (pgno: number) => ParsedPage, pgnoFDP: number): number {
  let p = page(pgnoFDP);
  for (let depth = 0; !(p.flags & fPageLeaf) && depth <= 16; depth++) p = page(p.lines[p.lines.length - 1]!.data.readUInt32LE(0));
  const last = p.lines[p.lines.length - 1];
  return last ? last.key.readUInt32BE(0) : 0;
}

/** The node changes of a batch, per tree root: the record tree, each secondary index, the LV tree. */
function planBatch(reader: EseDatabaseReader, page: (pgno: number) => ParsedPage, t: EseTableInfo, changes: readonly EseChange[], context: string): { plan: Map<number, TreeOp[]>; newLongValues: TreeOp[]; inserted: Buffer[] } {
  const cbPage = reader.cbPage;
  const primary = t.indexes.find((ix) => ix.grbit & JET_bitIndexPrimary);
  const cols = new Map(t.columns.map((c) => [c.columnid, c]));
  const recCols = recordColumns(t.columns);
  const primarySegs = primary ? segmentsOf(primary, cols) : [];
  // without a primary index records are keyed by DBK: inserts take the next after the highest
  let dbkLast = primary ? 0 : lastKey32(page, t.pgnoFDP);
  const inserted: Buffer[] = [];
  const keyOf = (ch: EseChange): Buffer => {
    // the engine names every record it changes by the key it read or gave it (an insert into a
    // table without a primary index brings the DBK it assigned)
    if (ch.bookmark !== undefined && (ch.op !== 'insert' || !primary)) {
      if (!Buffer.isBuffer(ch.bookmark) || (!primary && ch.bookmark.length !== 4)) throw new TypeError(`${context}: a bookmark must be a Buffer (4 bytes, the DBK, in a table without a primary index)`);
      if (!primary) dbkLast = Math.max(dbkLast, ch.bookmark.readUInt32BE(0));
      return Buffer.from(ch.bookmark);
    }
    if (primary) return primarySegsKey(primarySegs, primary, ch.row);
    if (ch.op === 'insert') return dbkKey(++dbkLast);
    if (!Buffer.isBuffer(ch.bookmark)) throw jetError(JET_errInvalidParameter, { context: `${context}: a ${ch.op} in a table without a primary index needs the record's bookmark` });
    return Buffer.from(ch.bookmark);
  };
  const secondaries = t.indexes.filter((ix) => ix !== primary).map((ix) => ({ ix, segs: segmentsOf(ix, cols), ops: [] as TreeOp[], unique: (ix.grbit & JET_bitIndexUnique) !== 0 }));
  const indexCols = new Set(secondaries.flatMap((s) => s.ix.segments.map((g) => g.columnid)));

  const original = new Map<string, { key: Buffer; data: Buffer | null }>();
  const final = new Map<string, EseRow | null>();
  for (const ch of changes) {
    if (!(ch.row instanceof Map)) throw new TypeError('a change needs its row as a Map of column id to values');
    const key = keyOf(ch);
    if (ch.op === 'insert') inserted.push(key);
    const id = key.toString('latin1');
    if (!original.has(id)) original.set(id, { key, data: lookup(page, t.pgnoFDP, key) });
    const exists = final.has(id) ? final.get(id) !== null : original.get(id)!.data !== null;
    if (ch.op === 'insert') {
      if (exists) throw jetError(JET_errKeyDuplicate, { context });
      final.set(id, ch.row);
    } else if (ch.op === 'replace' || ch.op === 'delete') {
      if (!exists) throw jetError(JET_errRecordNotFound, { context });
      final.set(id, ch.op === 'replace' ? ch.row : null);
    } else throw jetError(JET_errInvalidParameter, { context: `${context}: unknown change ${String((ch as { op: unknown }).op)}` });
  }

  const recordOps: TreeOp[] = [];
  const lvOps: TreeOp[] = [];
  // a table without a long-value tree gets one for its first separated value (LIDs from 1)
  let lidNext = t.pgnoLV ? lastKey32(page, t.pgnoLV) + 1 : 1;
  const separate = (v: Buffer): number => {
    const lid = lidNext++;
    for (const node of longValueNodes(cbPage, lid, v)) lvOps.push({ del: false, node });
    return lid;
  };
  const sizes = reader.fixedSizes(t);
  for (const [id, row] of final) {
    const { key, data } = original.get(id)!;
    if (data) {
      const rec = decodeRecord(cbPage, sizes, data);
      const oldValues = keyValues(t.columns, reader.rowValues(t, rec, indexCols), rec.fidFixedLast, rec.fidVarLast);
      for (const s of secondaries) for (const k of rowKeys(s.ix, s.segs, oldValues)) s.ops.push({ del: true, node: { key: k, data: key } });
      for (const tv of rec.tagged.values()) {
        for (const v of tv.values) {
          if (!('lid' in v)) continue;
          const lvKey = be32(v.lid);
          const root = lookup(page, t.pgnoLV, lvKey);
          if (!root || root.length < 8) throw new RangeError(`${context}: long value ${v.lid} is missing`);
          const size = root.readUInt32LE(4);
          lvOps.push({ del: true, node: { key: lvKey, data: Buffer.alloc(0) } });
          for (let off = 0; off < size || off === 0; off += t.lvChunkMost) {
            const ck = Buffer.alloc(8);
            ck.writeUInt32BE(v.lid, 0);
            ck.writeUInt32BE(off, 4);
            lvOps.push({ del: true, node: { key: ck, data: Buffer.alloc(0) } });
            if (size === 0) break;
          }
        }
      }
      if (!row) recordOps.push({ del: true, node: { key, data: Buffer.alloc(0) } });
    }
    if (row) {
      recordOps.push({ del: false, node: { key, data: encodeRow(cbPage, cols, recCols, row, key.length, separate, t.name) } });
      const newValues = keyValues(t.columns, row);
      for (const s of secondaries) for (const k of rowKeys(s.ix, s.segs, newValues)) s.ops.push({ del: false, node: { key: k, data: key } });
    }
  }
  for (const s of secondaries) if (s.unique) checkUnique(page, s.ix.pgnoFDP, s.ops, context);
  const plan = new Map<number, TreeOp[]>([[t.pgnoFDP, recordOps]]);
  for (const s of secondaries) plan.set(s.ix.pgnoFDP, s.ops);
  if (t.pgnoLV) plan.set(t.pgnoLV, lvOps);
  return { plan, newLongValues: t.pgnoLV ? [] : lvOps, inserted };
}

/**
 * Creates a table's long-value tree inside the batch, as the writer lays it out: a primary extent
 * of 3 pages from the table's space (root, OE, AE; fresh pages), a new objid, and its catalog
 * record in MSysObjects, MSysObjectsShadow and the Name index.
 */
function createLongValueTree(b: SchemaBatch, t: EseTableInfo, lvOps: TreeOp[]): void {
  const objidLV = b.nextObjid();
  const fdp = createTree(b, t.pgnoFDP, objidLV, cpgMultipleExtentMin, fPageLongValue, false);
  appendOps(b.plan, fdp, lvOps);
  const n = catalogNodes(b.cbPage, longValueCatalogRow(t.objid, objidLV, fdp, cpgMultipleExtentMin));
  const put = (node: { key: Buffer; data: Buffer }): TreeOp => ({ del: false, node });
  appendOps(b.plan, pgnoFDPMSO, [put(n.record)]);
  appendOps(b.plan, pgnoFDPMSOShadow, [put(n.record)]);
  appendOps(b.plan, pgnoFDPMSONameIndex, n.name.map(put));
  appendOps(b.plan, pgnoFDPMSORootObjectsIndex, n.rootObjects.map(put));
}

/** A unique index refuses a key another record keeps (JET_errKeyDuplicate). */
function checkUnique(page: (pgno: number) => ParsedPage, pgnoFDP: number, ops: readonly TreeOp[], context: string): void {
  const deleted = new Set(ops.filter((o) => o.del).map((o) => o.node.key.toString('latin1')));
  const put = new Set<string>();
  for (const o of ops) {
    if (o.del) continue;
    const k = o.node.key.toString('latin1');
    if (put.has(k) || (!deleted.has(k) && lookup(page, pgnoFDP, o.node.key) !== null)) throw jetError(JET_errKeyDuplicate, { context });
    put.add(k);
  }
}

