// Schema changes inside an in-place ESE batch: the engine's DDL (CreateTable, AddColumn,
// CreateIndex, DeleteTable: engine/logrecords.ts), applied in the batch's order before its row
// changes, laid out as the writer lays out a whole database:
// - a new tree gets a new objid and a primary extent taken from its parent's space (space.cxx:
//   a table's from the database root, an index's or long-value tree's from its table), its FDP
//   with the space header and its OE and AE pages;
// - catalog records (table, columns, indexes) go into MSysObjects, MSysObjectsShadow and the two
//   catalog indexes (Name, RootObjects); deleting a table removes every record of its objid;
// - an index created over existing records is bulk built, as the engine's index build sorts its
//   entries and appends them (fcreate.cxx ErrFILEIAppendToIndex: fDIRAppend, leaves filled);
// - a deleted table's extents (its own, its indexes' and long-value tree's, which all lie inside
//   its own) go back to the database root's available space, for the next batch to reuse.
// Every refusal is thrown before anything is written, so the file stays byte-identical.
import {
  JET_errCannotDeleteSystemTable,
  JET_errCannotIndex,
  JET_errColumnCannotBeCompressed,
  JET_errColumnDuplicate,
  JET_errColumnNotFound,
  JET_errIndexDuplicate,
  JET_errIndexHasPrimary,
  JET_errIndexInvalidDef,
  JET_errInvalidCodePage,
  JET_errInvalidColumnType,
  JET_errInvalidName,
  JET_errInvalidParameter,
  JET_errKeyDuplicate,
  JET_errMultiValuedColumnMustBeTagged,
  JET_errObjectNotFound,
  JET_errRecordTooBig,
  JET_errTableDuplicate,
  JET_errTableNotEmpty,
  jetError,
} from '@winbackup/errors';
import { JET_bitColumnEscrowUpdate, JET_bitColumnMultiValued, JET_bitIndexPrimary, JET_bitIndexUnique, JET_coltypBinary, JET_coltypLongText, JET_coltypText, JET_cpANSI, JET_cpUnicode } from '../../api/constants.js';
import { fixedSize } from '../isam/coltypes.js';
import { validName } from '../isam/content.js';
import { buildTree } from './btree.js';
import { lvChunkSize, MSO_COLUMNS, pgnoFDPMSO, pgnoFDPMSONameIndex, pgnoFDPMSORootObjectsIndex, pgnoFDPMSOShadow, pgnoSystemRoot } from './catalog.js';
import type { TreeOp } from './cowtree.js';
import { extentNodes, type SpaceMap } from './livespace.js';
import { buildPage, fPageIndex, fPageLeaf, fPageNonUniqueKeys, fPageRoot, fPageSpaceTree, type Node, type ParsedPage, parsePage } from './page.js';
import type { EseDatabaseReader, EseTableInfo } from './reader.js';
import { decodeRecord } from './record.js';
import { fixedCb, keyValues, maxNodeBytes, rowKeys, segmentsOf } from './rows.js';
import { columnClass, type EseColumn, type EseIndex, isLongValueType, JET_bitColumnCompressed } from './schema.js';
import { catalogNodes, type CatalogRow, columnCatalogRow, hasMultiValuedSegment, indexCatalogRow, spaceHeaderBytes, tableCatalogRow, validateTable } from './writer.js';

export type EseSchemaChange =
  | { readonly op: 'createTable'; readonly table: string; readonly columns: readonly EseColumn[]; readonly indexes: readonly EseIndex[]; readonly pages?: number /* initial extent, JET_TABLECREATE.ulPages */ }
  | { readonly op: 'deleteTable'; readonly table: string }
  | { readonly op: 'addColumn'; readonly table: string; readonly column: EseColumn }
  | { readonly op: 'createIndex'; readonly table: string; readonly index: EseIndex };

/** Pages of the smallest tree with its own space trees: FDP, OE, AE (space.hxx cpgMultipleExtentMin). */
export const cpgMultipleExtentMin = 3;
/** Key segments an index may have (JET_ccolKeyMost). */
const ccolKeyMost = 16;
/** The system tables (cat.cxx FCATSystemTable): never deleted. */
const SYSTEM_TABLES = new Set(['msysobjects', 'msysobjectsshadow', 'msysobjids', 'msyslocales']);

/** What the schema stage of a batch changes, shared with its row stage. */
export interface SchemaBatch {
  readonly cbPage: number;
  readonly reader: EseDatabaseReader;
  /** The tables as the batch leaves them so far, by lower-case name (the reader's, copied before a change). */
  readonly tables: Map<string, EseTableInfo>;
  /** Objids of the tables the batch created (they have no records yet). */
  readonly created: Set<number>;
  page(pgno: number): ParsedPage;
  /** Pages the batch lays out for new trees, parsed, for the tree and space code to read... */
  readonly virtual: Map<number, ParsedPage>;
  /** ...and as bytes: written with the batch's fresh pages unless the batch rewrites them. */
  readonly fresh: Map<number, Buffer>;
  readonly map: SpaceMap;
  /** Node changes per tree root. */
  readonly plan: Map<number, TreeOp[]>;
  nextObjid(): number;
}

export function appendOps(plan: Map<number, TreeOp[]>, pgnoFDP: number, ops: readonly TreeOp[]): void {
  const list = plan.get(pgnoFDP);
  if (list) list.push(...ops);
  else plan.set(pgnoFDP, [...ops]);
}

/** A page of a new tree, laid out now and written with the batch. */
export function putFreshPage(b: SchemaBatch, pgno: number, objid: number, flags: number, external: Buffer | null, nodes: readonly Node[]): void {
  const buf = buildPage(b.cbPage, { pgno, objidFDP: objid, flags, pgnoPrev: 0, pgnoNext: 0, dbtime: 0n, external, nodes: [...nodes] });
  b.fresh.set(pgno, buf);
  b.virtual.set(pgno, parsePage(buf));
}

/**
 * A new, empty tree with a primary extent of `cpg` pages from the space of `pgnoParent`: its
 * root (the FDP, with its space header), its OE listing the extent and its AE the pages after
 * the three. Returns the FDP.
 */
export function createTree(b: SchemaBatch, pgnoParent: number, objid: number, cpg: number, flags: number, nonUnique: boolean): number {
  const fdp = b.map.get(pgnoParent).takeRun(cpg);
  putFreshPage(b, fdp, objid, fPageRoot | fPageLeaf | flags | (nonUnique ? fPageNonUniqueKeys : 0), spaceHeaderBytes(cpg, pgnoParent, nonUnique, fdp + 1), []);
  const space = fPageRoot | fPageLeaf | fPageSpaceTree;
  putFreshPage(b, fdp + 1, objid, space, Buffer.alloc(16), extentNodes([[fdp, fdp + cpg - 1]]));
  putFreshPage(b, fdp + 2, objid, space, Buffer.alloc(16), cpg > cpgMultipleExtentMin ? extentNodes([[fdp + cpgMultipleExtentMin, fdp + cpg - 1]]) : []);
  b.map.get(fdp).dirty = true;
  return fdp;
}

/** The catalog's records as a batch adds and removes them, turned into node changes of its four trees. */
export class CatalogEdits {
  private readonly added = new Map<string, { objidTable: number; row: CatalogRow }>();
  private readonly removed = new Set<number>();

  constructor(private readonly b: SchemaBatch) {}

  add(row: CatalogRow): void {
    this.added.set(`${row.objidTable}/${row.type}/${row.id}`, { objidTable: row.objidTable, row });
  }

  /** Every record of a table: those the batch added are dropped, those in the file deleted. */
  removeTable(objidTable: number, inFile: boolean): void {
    for (const [k, a] of this.added) if (a.objidTable === objidTable) this.added.delete(k);
    if (inFile) this.removed.add(objidTable);
  }

  /** The node changes for MSysObjects, its shadow, and the Name and RootObjects indexes. */
  flush(): void {
    const { b } = this;
    const del = (node: Node): TreeOp => ({ del: true, node });
    const put = (node: Node): TreeOp => ({ del: false, node });
    if (this.removed.size > 0) {
      const sizes = new Map(MSO_COLUMNS.filter((c) => columnClass(c.columnid) === 'fixed').map((c) => [c.columnid, fixedCb(c)]));
      // the records are found by their ObjidTable; the index entries by the bookmark they point at
      const gone = new Set<string>();
      for (const fdp of [pgnoFDPMSO, pgnoFDPMSOShadow]) {
        const ops: TreeOp[] = [];
        for (const { node } of b.reader.walk(fdp)) {
          if (!this.removed.has(decodeRecord(b.cbPage, sizes, node.data).fixed.get(1)?.readUInt32LE(0) ?? -1)) continue;
          gone.add(node.key.toString('latin1'));
          ops.push(del({ key: node.key, data: node.data }));
        }
        appendOps(b.plan, fdp, ops);
      }
      for (const fdp of [pgnoFDPMSONameIndex, pgnoFDPMSORootObjectsIndex]) {
        appendOps(b.plan, fdp, [...b.reader.walk(fdp)].filter(({ node }) => gone.has(node.data.toString('latin1'))).map(({ node }) => del({ key: node.key, data: node.data })));
      }
    }
    for (const { row } of this.added.values()) {
      const n = catalogNodes(b.cbPage, row);
      appendOps(b.plan, pgnoFDPMSO, [put(n.record)]);
      appendOps(b.plan, pgnoFDPMSOShadow, [put(n.record)]);
      appendOps(b.plan, pgnoFDPMSONameIndex, n.name.map(put));
      appendOps(b.plan, pgnoFDPMSORootObjectsIndex, n.rootObjects.map(put));
    }
    this.added.clear();
    this.removed.clear();
  }
}

function invalid(context: string, why: string): Error {
  return jetError(JET_errInvalidParameter, { context: `${context}: ${why}` });
}

/** An object name as the engine checks it (util.cxx ErrUTILICheckName): trailing blanks dropped; one byte per character. */
function objectName(name: unknown, context: string): string {
  if (typeof name !== 'string') throw new TypeError(`${context}: a name must be a string`);
  const trimmed = name.replace(/ +$/, '');
  // eslint-disable-next-line no-control-regex
  if (!validName(trimmed) || /[^\x00-\xff]/.test(trimmed)) throw jetError(JET_errInvalidName, { context: `${context}: ${JSON.stringify(name)}` });
  return trimmed;
}

/** A table a change names (system tables are not the batch's to change). */
function tableOf(b: SchemaBatch, name: unknown, context: string): EseTableInfo {
  const key = objectName(name, context).toLowerCase();
  const t = b.tables.get(key);
  if (!t || key.startsWith('msysobjects')) throw jetError(JET_errObjectNotFound, { context });
  // copied before the first change, so the reader's catalog stays as the file has it
  const copy: EseTableInfo = { ...t, columns: [...t.columns], indexes: [...t.indexes] };
  b.tables.set(key, copy);
  return copy;
}

function hasRecords(b: SchemaBatch, t: EseTableInfo): boolean {
  if (b.created.has(t.objid)) return false;
  return !b.reader.walk(t.pgnoFDP).next().done;
}

const COLTYP_MAX = 17; // JET_coltypUnsignedShort, the last type esent.h defines

/** The largest record a page holds with a key of 255 bytes reserved (rec.hxx CbRecordMost, small pages' rule). */
function cbRecordMost(cbPage: number): number {
  return maxNodeBytes(cbPage) - 2 - 257;
}

/**
 * Columns `added` to a table that has `existing`, checked in the order of the engine's
 * ErrFILEIValidateAddColumn (fcreate.cxx): name, type, code page (0 means 1252 for text, and
 * non-text columns keep none), compression only for long values, multi-values only in tagged
 * columns, the fixed data within a record; a duplicate name shows when the catalog record is
 * inserted, so last. Column ids are given, and must fit the format (fixed ids run 1..n).
 */
function checkColumns(existing: readonly EseColumn[], added: readonly EseColumn[], cbPage: number, context: string): EseColumn[] {
  const names = new Set(existing.map((c) => c.name.toLowerCase()));
  const ids = new Set(existing.map((c) => c.columnid));
  let ibFixedEnd = 4 + existing.filter((c) => columnClass(c.columnid) === 'fixed').reduce((n, c) => n + fixedCb(c), 0);
  const out: EseColumn[] = [];
  for (const c of added) {
    if (typeof c !== 'object' || c === null) throw new TypeError(`${context}: a column must be an object`);
    const name = objectName(c.name, `${context}: column`);
    const what = `${context}: column ${name}`;
    for (const f of ['columnid', 'coltyp', 'cp', 'cbMax', 'grbit'] as const) if (!Number.isInteger(c[f]) || c[f] < 0) throw new TypeError(`${what}: ${f} must be a non-negative integer`);
    if (c.defaultValue !== undefined && c.defaultValue !== null && !Buffer.isBuffer(c.defaultValue)) throw new TypeError(`${what}: defaultValue must be a Buffer`);
    if (c.coltyp < 1 || c.coltyp > COLTYP_MAX) throw jetError(JET_errInvalidColumnType, { context: what });
    const text = c.coltyp === JET_coltypText || c.coltyp === JET_coltypLongText;
    const cp = text ? c.cp || JET_cpANSI : 0;
    if (cp !== 0 && cp !== JET_cpANSI && cp !== JET_cpUnicode) throw jetError(JET_errInvalidCodePage, { context: `${what}: code page ${c.cp}` });
    if (c.grbit & JET_bitColumnCompressed && !isLongValueType(c.coltyp)) throw jetError(JET_errColumnCannotBeCompressed, { context: what });
    if (c.columnid < 1 || c.columnid > 0xfffe) throw invalid(what, `column id ${c.columnid} is outside 1..65534`);
    const cls = columnClass(c.columnid);
    if (c.grbit & JET_bitColumnMultiValued && cls !== 'tagged') throw jetError(JET_errMultiValuedColumnMustBeTagged, { context: what });
    if (cls === 'variable' && isLongValueType(c.coltyp)) throw invalid(what, 'a long value column cannot have a variable column id (128..255)');
    if (ids.has(c.columnid)) throw invalid(what, `column id ${c.columnid} is taken`);
    ids.add(c.columnid);
    const col: EseColumn = { ...c, name, cp };
    if (cls === 'fixed') {
      if (fixedSize(c.coltyp) === undefined && !((c.coltyp === JET_coltypBinary || c.coltyp === JET_coltypText) && c.cbMax > 0 && c.cbMax <= 255)) throw invalid(what, `coltyp ${c.coltyp} cannot be fixed (fixed Text and Binary need cbMax 1..255)`);
      ibFixedEnd += fixedCb(col);
      if (ibFixedEnd > cbRecordMost(cbPage)) throw jetError(JET_errRecordTooBig, { context: `${what}: the fixed columns would end at byte ${ibFixedEnd} of a record` });
    }
    if (names.has(name.toLowerCase())) throw jetError(JET_errColumnDuplicate, { context: what });
    names.add(name.toLowerCase());
    out.push(col);
  }
  return out;
}

/** An index over a table's columns: its name, segments and primary flag. */
function checkIndex(t: { readonly columns: readonly EseColumn[]; readonly indexes: readonly EseIndex[] }, ix: EseIndex, context: string): EseIndex {
  if (typeof ix !== 'object' || ix === null || !Array.isArray(ix.segments) || !Number.isInteger(ix.grbit)) throw new TypeError(`${context}: an index needs a name, grbit and segments`);
  const name = objectName(ix.name, `${context}: index`);
  if (t.indexes.some((i) => i.name.toLowerCase() === name.toLowerCase())) throw jetError(JET_errIndexDuplicate, { context: `${context}: index ${name}` });
  if (ix.grbit & JET_bitIndexPrimary && t.indexes.some((i) => i.grbit & JET_bitIndexPrimary)) throw jetError(JET_errIndexHasPrimary, { context: `${context}: index ${name}` });
  if (ix.segments.length === 0 || ix.segments.length > ccolKeyMost) throw jetError(JET_errIndexInvalidDef, { context: `${context}: index ${name} has ${ix.segments.length} key segments (1..${ccolKeyMost})` });
  for (const s of ix.segments) {
    const c = t.columns.find((x) => x.columnid === s.columnid);
    if (!c) throw jetError(JET_errColumnNotFound, { context: `${context}: index ${name}: column ${s.columnid}` });
    // fcreate.cxx: an escrow column cannot be indexed, a multi-valued one not in the primary index
    if (c.grbit & JET_bitColumnEscrowUpdate) throw jetError(JET_errCannotIndex, { context: `${context}: index ${name}: column ${c.name}` });
    if (c.grbit & JET_bitColumnMultiValued && ix.grbit & JET_bitIndexPrimary) throw jetError(JET_errIndexInvalidDef, { context: `${context}: primary index ${name} over multi-valued column ${c.name}` });
  }
  return { ...ix, name };
}

function createTable(b: SchemaBatch, catalog: CatalogEdits, ch: Extract<EseSchemaChange, { op: 'createTable' }>, context: string): void {
  const name = objectName(ch.table, context);
  if (b.tables.has(name.toLowerCase())) throw jetError(JET_errTableDuplicate, { context });
  if (!Array.isArray(ch.columns) || !Array.isArray(ch.indexes)) throw new TypeError(`${context}: createTable needs columns and indexes arrays`);
  if (ch.pages !== undefined && (!Number.isInteger(ch.pages) || ch.pages < 0)) throw new TypeError(`${context}: pages must be a non-negative integer`);
  const columns = checkColumns([], ch.columns, b.cbPage, context);
  const indexes: EseIndex[] = [];
  for (const ix of ch.indexes) indexes.push(checkIndex({ columns, indexes }, ix, context));
  try {
    validateTable({ name, columns, indexes, rows: [] });
  } catch (e) {
    if (e instanceof RangeError) throw invalid(context, e.message);
    throw e;
  }
  const secondary = indexes.filter((ix) => !(ix.grbit & JET_bitIndexPrimary));
  // the table's request covers its indexes' initial pages too (fcreate.cxx: ulTotalPagesRequired);
  // JET_TABLECREATE.ulPages only raises it
  const cpg = Math.max(ch.pages ?? 0, cpgMultipleExtentMin * (1 + secondary.length));
  const objid = b.nextObjid();
  const fdp = createTree(b, pgnoSystemRoot, objid, cpg, 0, false);
  catalog.add(tableCatalogRow(objid, name, fdp, cpg));
  let ib = 4;
  for (const c of [...columns].sort((x, y) => x.columnid - y.columnid)) {
    catalog.add(columnCatalogRow(objid, c, ib));
    if (columnClass(c.columnid) === 'fixed') ib += fixedCb(c);
  }
  const cols = new Map(columns.map((c) => [c.columnid, c]));
  const infos: EseTableInfo['indexes'] = [];
  for (const ix of indexes) {
    if (ix.grbit & JET_bitIndexPrimary) {
      catalog.add(indexCatalogRow(objid, objid, fdp, ix, cols, hasMultiValuedSegment(ix, cols)));
      infos.push({ ...ix, objid, pgnoFDP: fdp });
      continue;
    }
    const ixObjid = b.nextObjid();
    const unique = (ix.grbit & JET_bitIndexUnique) !== 0;
    const ixFdp = createTree(b, fdp, ixObjid, cpgMultipleExtentMin, fPageIndex, !unique);
    catalog.add(indexCatalogRow(objid, ixObjid, ixFdp, ix, cols, hasMultiValuedSegment(ix, cols)));
    infos.push({ ...ix, objid: ixObjid, pgnoFDP: ixFdp });
  }
  b.tables.set(name.toLowerCase(), { name, objid, pgnoFDP: fdp, columns, indexes: infos, pgnoLV: 0, lvChunkMost: lvChunkSize(b.cbPage) });
  b.created.add(objid);
}

function addColumn(b: SchemaBatch, catalog: CatalogEdits, ch: Extract<EseSchemaChange, { op: 'addColumn' }>, context: string): void {
  const t = tableOf(b, ch.table, context);
  const [c] = checkColumns(t.columns, [ch.column], b.cbPage, context);
  const fixed = t.columns.filter((x) => columnClass(x.columnid) === 'fixed');
  // fixed columns take the next fixed id, after the last one in every record (the engine assigns fidFixedLast + 1)
  if (columnClass(c!.columnid) === 'fixed' && c!.columnid !== fixed.length + 1) throw invalid(context, `column ${c!.name}: the next fixed column id is ${fixed.length + 1}`);
  try {
    validateTable({ name: t.name, columns: [...t.columns, c!], indexes: [], rows: [] });
  } catch (e) {
    if (e instanceof RangeError) throw invalid(context, e.message);
    throw e;
  }
  // an escrow column needs a table without records (fcreate.cxx ErrFILEAddColumn)
  if (c!.grbit & JET_bitColumnEscrowUpdate && hasRecords(b, t)) throw jetError(JET_errTableNotEmpty, { context });
  // existing records are not rewritten: a fixed column past a record's last one, a variable one
  // past its last, or a missing tagged one is NULL in them, or the column's default (rows.ts keyValues)
  catalog.add(columnCatalogRow(t.objid, c!, 4 + fixed.reduce((n, x) => n + fixedCb(x), 0)));
  t.columns.push(c!);
}

function createIndex(b: SchemaBatch, catalog: CatalogEdits, ch: Extract<EseSchemaChange, { op: 'createIndex' }>, context: string): void {
  const t = tableOf(b, ch.table, context);
  const ix = checkIndex(t, ch.index, context);
  const cols = new Map(t.columns.map((c) => [c.columnid, c]));
  if (ix.grbit & JET_bitIndexPrimary) {
    // the primary index lives in the table's own tree: only an empty table takes one (fcreate.cxx ErrFILECreateIndex)
    if (hasRecords(b, t)) throw jetError(JET_errTableNotEmpty, { context: `${context}: primary index ${ix.name}` });
    catalog.add(indexCatalogRow(t.objid, t.objid, t.pgnoFDP, ix, cols, hasMultiValuedSegment(ix, cols)));
    t.indexes.push({ ...ix, objid: t.objid, pgnoFDP: t.pgnoFDP });
    return;
  }
  // the entries of the existing records, sorted as the engine's sort hands them to the build
  const segs = segmentsOf(ix, cols);
  const only = new Set(ix.segments.map((s) => s.columnid));
  const nodes: Node[] = [];
  let multivalued = hasMultiValuedSegment(ix, cols);
  if (!b.created.has(t.objid)) {
    for (const rec of b.reader.records(t)) {
      const keys = rowKeys(ix, segs, keyValues(t.columns, b.reader.rowValues(t, rec.record, only), rec.record.fidFixedLast, rec.record.fidVarLast));
      if (keys.length > 1) multivalued = true;
      for (const key of keys) nodes.push({ key, data: rec.key });
    }
  }
  const unique = (ix.grbit & JET_bitIndexUnique) !== 0;
  nodes.sort((x, y) => Buffer.compare(x.key, y.key) || Buffer.compare(x.data, y.data));
  if (unique) for (let i = 1; i < nodes.length; i++) if (nodes[i]!.key.equals(nodes[i - 1]!.key)) throw jetError(JET_errKeyDuplicate, { context: `${context}: unique index ${ix.name}` });
  const objid = b.nextObjid();
  const fdp = createTree(b, t.pgnoFDP, objid, cpgMultipleExtentMin, fPageIndex, !unique);
  if (nodes.length > 0) {
    const space = b.map.get(fdp);
    const flags = fPageIndex | (unique ? 0 : fPageNonUniqueKeys);
    buildTree({
      cbPage: b.cbPage, space: { pgnoFDP: fdp, objid, takePage: () => space.alloc() }, flags, spaceHeader: b.virtual.get(fdp)!.external, dbtime: 0n,
      emit: (pgno, buf) => {
        b.fresh.set(pgno, buf);
        b.virtual.set(pgno, parsePage(buf));
      },
    }, nodes);
  }
  catalog.add(indexCatalogRow(t.objid, objid, fdp, ix, cols, multivalued));
  t.indexes.push({ ...ix, objid, pgnoFDP: fdp });
}

function deleteTable(b: SchemaBatch, catalog: CatalogEdits, ch: Extract<EseSchemaChange, { op: 'deleteTable' }>, context: string): void {
  const key = objectName(ch.table, context).toLowerCase();
  if (SYSTEM_TABLES.has(key)) throw jetError(JET_errCannotDeleteSystemTable, { context });
  const t = tableOf(b, ch.table, context);
  const header = b.page(t.pgnoFDP).external;
  if (header.length < 16 || !(header.readUInt32LE(8) & 0x01)) throw invalid(context, 'the table keeps its space in its root page (single extent), which this module does not free');
  if (header.readUInt32LE(4) !== pgnoSystemRoot) throw invalid(context, `the table's space belongs to page ${header.readUInt32LE(4)}, not the database root`);
  b.map.freeTree(t.pgnoFDP);
  for (const fdp of [t.pgnoFDP, t.pgnoLV, ...t.indexes.map((i) => i.pgnoFDP)]) b.plan.delete(fdp);
  catalog.removeTable(t.objid, !b.created.has(t.objid));
  b.tables.delete(key);
}

/** Applies `changes` in order to the batch (tables, catalog node changes, new trees, freed space). */
export function applySchemaChanges(b: SchemaBatch, changes: readonly EseSchemaChange[], path: string): void {
  if (!Array.isArray(changes)) throw new TypeError('schema must be an array of schema changes');
  const catalog = new CatalogEdits(b);
  changes.forEach((ch, i) => {
    if (typeof ch !== 'object' || ch === null) throw new TypeError(`schema change ${i} must be an object`);
    const context = `${path}: schema change ${i} (${String(ch.op)} ${String(ch.table)})`;
    switch (ch.op) {
      case 'createTable': return createTable(b, catalog, ch, context);
      case 'addColumn': return addColumn(b, catalog, ch, context);
      case 'createIndex': return createIndex(b, catalog, ch, context);
      case 'deleteTable': return deleteTable(b, catalog, ch, context);
      default: throw invalid(context, `unknown schema change ${String((ch as { op: unknown }).op)}`);
    }
  });
  catalog.flush();
}
