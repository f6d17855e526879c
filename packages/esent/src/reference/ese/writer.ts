// Lays out a complete ESE database file from tables, columns, indexes and rows: the header and
// its shadow, the database root with its space trees, the catalog MSysObjects (with its Name and
// RootObjects indexes) and MSysObjectsShadow, and per table its record tree, one tree per
// secondary index and a long-value tree.
import { randomInt } from 'node:crypto';
import type { JET_BKINFO, JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { JET_bitColumnMultiValued, JET_bitIndexIgnoreAnyNull, JET_bitIndexIgnoreFirstNull, JET_bitIndexIgnoreNull, JET_bitIndexPrimary, JET_cpUnicode } from '../../api/constants.js';
import { buildTree } from './btree.js';
import {
  cpgMSOInitial,
  cpgMSOShadowInitial,
  defaultLCMapFlags,
  lcidEnUS,
  lvChunkSize,
  MSO,
  MSO_COLUMNS,
  MSO_ID_INDEX,
  MSO_NAME_INDEX,
  MSO_ROOTOBJECTS_INDEX,
  objidFirstUser,
  objidMSO,
  objidMSONameIndex,
  objidMSORootObjectsIndex,
  objidMSOShadow,
  pgnoFDPMSO,
  pgnoFDPMSONameIndex,
  pgnoFDPMSORootObjectsIndex,
  pgnoFDPMSOShadow,
  sysobjColumn,
  sysobjIndex,
  sysobjLongValue,
  sysobjTable,
} from './catalog.js';
import { encodeHeaderPage, ESE_FORMAT_VERSION, logtimeOf, ESE_WRITE_REVISION, JET_dbstateCleanShutdown, ZERO_BKINFO_ESE } from './header.js';
import { dbkKey, type KeySegment, normalizeKey } from './key.js';
import { buildPage, fPageIndex, fPageLeaf, fPageLongValue, fPageNonUniqueKeys, fPageRoot, fPageSpaceTree, type Node, pageHeaderSize } from './page.js';
import { encodeRecord } from './record.js';
import { encodeRow, fixedCb, keyValues, longValueNodes, primarySegsKey, recordColumns, recordValuesOf, rowKeys, segmentsOf } from './rows.js';
import { compress7Bit } from './compression.js';
import { columnClass, type EseColumn, type EseIndex, type EseRow, type EseTable, fieldFlagsOf, idbFlagsOf, isLongValueType, JET_bitColumnCompressed } from './schema.js';
import { Space } from './space.js';
import { fixedSize } from '../isam/coltypes.js';

export const ESE_PAGE_SIZES = [4096, 8192, 16384, 32768] as const;

export interface EseDatabaseSpec {
  readonly cbPage: number;
  readonly tables: readonly EseTable[];
  /** Injectable clock (ms since the epoch) for the header's times. */
  readonly now?: number;
  readonly signDb?: JET_SIGNATURE;
  readonly signLog?: JET_SIGNATURE;
  readonly lgposConsistent?: JET_LGPOS;
  readonly bkinfoFullPrev?: JET_BKINFO;
  readonly bkinfoIncPrev?: JET_BKINFO;
  readonly genMinRequired?: number;
  readonly genMaxRequired?: number;
}

export { cbLVIntrinsicMost } from './rows.js';
const ulDensityDefault = 80;
const ulDensityLV = 100;

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
function u16(v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v & 0xffff);
  return b;
}

/** A tree root's space header (tag 0 of the FDP): primary extent, parent FDP, flags, OE page. */
export function spaceHeaderBytes(cpgPrimary: number, pgnoParent: number, nonUnique: boolean, pgnoOE: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(cpgPrimary, 0);
  b.writeUInt32LE(pgnoParent, 4);
  b.writeUInt32LE(0x01 | (nonUnique ? 0x02 : 0), 8); // multiple extents (OE/AE trees)
  b.writeUInt32LE(pgnoOE, 12);
  return b;
}

function spaceHeader(s: Space, nonUnique: boolean): Buffer {
  return spaceHeaderBytes(s.cpgPrimary, s.parent?.pgnoFDP ?? 0, nonUnique, s.pgnoOE);
}

function byKey(a: Node, b: Node): number {
  return Buffer.compare(a.key, b.key) || Buffer.compare(a.data, b.data);
}

export interface CatalogRow {
  readonly objidTable: number;
  readonly type: number;
  readonly id: number;
  readonly values: Map<number, Buffer[]>;
}

function catalogRow(objidTable: number, type: number, id: number, fields: Record<number, Buffer | undefined>): CatalogRow {
  const values = new Map<number, Buffer[]>([[MSO.ObjidTable, [u32(objidTable)]], [MSO.Type, [u16(type)]], [MSO.Id, [u32(id)]]]);
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) values.set(Number(k), [v]);
  return { objidTable, type, id, values };
}

function latin1(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** The catalog record of a table's long-value tree. */
export function longValueCatalogRow(objidTable: number, objidLV: number, pgnoFDP: number, cpgPrimary: number): CatalogRow {
  return catalogRow(objidTable, sysobjLongValue, objidLV, {
    [MSO.ColtypOrPgnoFDP]: u32(pgnoFDP), [MSO.SpaceUsage]: u32(ulDensityLV), [MSO.Flags]: u32(0), [MSO.PagesOrLocale]: u32(cpgPrimary), [MSO.Name]: latin1('LV'),
  });
}

/** The catalog record of a table (its primary extent of `cpg` pages at `pgnoFDP`). */
export function tableCatalogRow(objidTable: number, name: string, pgnoFDP: number, cpg: number): CatalogRow {
  return catalogRow(objidTable, sysobjTable, objidTable, {
    [MSO.ColtypOrPgnoFDP]: u32(pgnoFDP), [MSO.SpaceUsage]: u32(ulDensityDefault), [MSO.Flags]: u32(0), [MSO.PagesOrLocale]: u32(cpg),
    [MSO.RootFlag]: Buffer.from([0xff]), [MSO.Name]: latin1(name),
  });
}

/** The catalog record of a column; a fixed column sits at `ibRecordOffset` of every record's fixed data. */
export function columnCatalogRow(objidTable: number, c: EseColumn, ibRecordOffset: number): CatalogRow {
  const fixed = columnClass(c.columnid) === 'fixed';
  return catalogRow(objidTable, sysobjColumn, c.columnid, {
    [MSO.ColtypOrPgnoFDP]: u32(c.coltyp), [MSO.SpaceUsage]: u32(fixed ? fixedCb(c) : c.cbMax), [MSO.Flags]: u32(fieldFlagsOf(c)),
    [MSO.PagesOrLocale]: u32(c.cp), [MSO.RecordOffset]: fixed ? u16(ibRecordOffset) : undefined, [MSO.Name]: latin1(c.name),
    [MSO.DefaultValue]: c.defaultValue && c.defaultValue.length > 0 ? c.defaultValue : undefined,
  });
}

/** An index over a JET_bitColumnMultiValued column is flagged multi-valued whatever its rows hold. */
export function hasMultiValuedSegment(ix: EseIndex, cols: ReadonlyMap<number, EseColumn>): boolean {
  return ix.segments.some((s) => ((cols.get(s.columnid)?.grbit ?? 0) & JET_bitColumnMultiValued) !== 0);
}

/** The catalog record of an index (a primary index names its table's objid and FDP). */
export function indexCatalogRow(objidTable: number, objid: number, pgnoFDP: number, ix: EseIndex, cols: ReadonlyMap<number, EseColumn>, multivalued: boolean): CatalogRow {
  const keyFlds = Buffer.alloc(4 * ix.segments.length);
  ix.segments.forEach((s, i) => {
    keyFlds[4 * i] = s.descending ? 0x40 : 0;
    keyFlds.writeUInt16LE(s.columnid, 4 * i + 2);
  });
  const unicode = ix.segments.some((s) => cols.get(s.columnid)?.cp === JET_cpUnicode);
  return catalogRow(objidTable, sysobjIndex, objid, {
    [MSO.ColtypOrPgnoFDP]: u32(pgnoFDP), [MSO.SpaceUsage]: u32(ulDensityDefault), [MSO.Flags]: u32(idbFlagsOf(ix, multivalued, unicode)),
    [MSO.PagesOrLocale]: u32(ix.lcid ?? lcidEnUS), [MSO.LCMapFlags]: u32(defaultLCMapFlags), [MSO.KeyMost]: u16(255),
    [MSO.Name]: latin1(ix.name), [MSO.KeyFldIDs]: keyFlds,
  });
}

const MSO_COLS = new Map(MSO_COLUMNS.map((c) => [c.columnid, c]));
const MSO_REC_COLS = recordColumns(MSO_COLUMNS);

/** A catalog row's nodes: its record (in MSysObjects and MSysObjectsShadow) and its Name and RootObjects index entries. */
export function catalogNodes(cbPage: number, r: CatalogRow): { record: Node; name: Node[]; rootObjects: Node[] } {
  const key = normalizeKey(segmentsOf(MSO_ID_INDEX, MSO_COLS), [r.values.get(MSO.ObjidTable)![0]!, r.values.get(MSO.Type)![0]!, r.values.get(MSO.Id)![0]!]);
  return {
    record: { key, data: encodeRecord(cbPage, MSO_REC_COLS, recordValuesOf(MSO_COLS, r.values, new Map())) },
    name: rowKeys(MSO_NAME_INDEX, segmentsOf(MSO_NAME_INDEX, MSO_COLS), r.values).map((k) => ({ key: k, data: key })),
    rootObjects: rowKeys(MSO_ROOTOBJECTS_INDEX, segmentsOf(MSO_ROOTOBJECTS_INDEX, MSO_COLS), r.values).map((k) => ({ key: k, data: key })),
  };
}

/** The shape rules a table must follow to be written (RangeError naming the rule otherwise). */
export function validateTable(t: EseTable): void {
  const ids = new Set<number>();
  for (const c of t.columns) {
    if (ids.has(c.columnid)) throw new RangeError(`table ${t.name}: column id ${c.columnid} used twice`);
    ids.add(c.columnid);
    const cls = columnClass(c.columnid);
    if (cls === 'fixed' && fixedSize(c.coltyp) === undefined && !((c.coltyp === 9 || c.coltyp === 10) && c.cbMax > 0 && c.cbMax <= 255)) {
      throw new RangeError(`table ${t.name}: column ${c.name} (coltyp ${c.coltyp}) cannot be fixed`);
    }
    if (cls === 'variable' && isLongValueType(c.coltyp)) throw new RangeError(`table ${t.name}: long value column ${c.name} must be tagged`);
  }
  const fixedIds = t.columns.filter((c) => columnClass(c.columnid) === 'fixed').map((c) => c.columnid).sort((a, b) => a - b);
  fixedIds.forEach((id, i) => {
    if (id !== i + 1) throw new RangeError(`table ${t.name}: fixed column ids must run 1..n (missing ${i + 1})`);
  });
  if (t.indexes.filter((i) => i.grbit & JET_bitIndexPrimary).length > 1) throw new RangeError(`table ${t.name}: more than one primary index`);
}

/** Writes a whole database image (header, shadow header and every page) into one buffer. */
export function writeEseDatabase(spec: EseDatabaseSpec): Buffer {
  const { cbPage } = spec;
  if (!(ESE_PAGE_SIZES as readonly number[]).includes(cbPage)) throw new RangeError(`page size ${cbPage} is not one ESE supports (4, 8, 16 or 32 KiB)`);
  const now = spec.now ?? Date.now();
  const dbtime = 1n;
  const pages = new Map<number, Buffer>();
  const emit = (pgno: number, page: Buffer): void => {
    if (pages.has(pgno)) throw new Error(`page ${pgno} written twice`);
    pages.set(pgno, page);
  };
  const root = Space.root(pgnoFDPMSOShadow + cpgMSOShadowInitial - 1);
  const mso = root.child(objidMSO, cpgMSOInitial, pgnoFDPMSO);
  const msoName = mso.child(objidMSONameIndex, 3, pgnoFDPMSONameIndex);
  const msoRoot = mso.child(objidMSORootObjectsIndex, 3, pgnoFDPMSORootObjectsIndex);
  const shadow = root.child(objidMSOShadow, cpgMSOShadowInitial, pgnoFDPMSOShadow);
  const spaces: { space: Space; nonUnique: boolean; flags: number }[] = [
    { space: mso, nonUnique: false, flags: 0 },
    { space: msoName, nonUnique: false, flags: fPageIndex },
    { space: msoRoot, nonUnique: false, flags: fPageIndex },
    { space: shadow, nonUnique: false, flags: 0 },
  ];
  const tree = (space: Space, flags: number, nonUnique: boolean, nodes: Node[]): void => {
    nodes.sort(byKey);
    buildTree({ cbPage, space, flags: flags | (nonUnique ? fPageNonUniqueKeys : 0), spaceHeader: spaceHeader(space, nonUnique), dbtime, emit }, nodes);
  };

  const catalog: CatalogRow[] = [];
  const describe = (objidTable: number, name: string, pgnoFDP: number, cpg: number, cols: readonly EseColumn[]): void => {
    catalog.push(tableCatalogRow(objidTable, name, pgnoFDP, cpg));
    let ib = 4;
    for (const c of [...cols].sort((a, b) => a.columnid - b.columnid)) {
      catalog.push(columnCatalogRow(objidTable, c, ib));
      if (columnClass(c.columnid) === 'fixed') ib += fixedCb(c);
    }
  };
  const describeIndex = (objidTable: number, objid: number, pgnoFDP: number, ix: EseIndex, cols: ReadonlyMap<number, EseColumn>, multivalued: boolean): void =>
    void catalog.push(indexCatalogRow(objidTable, objid, pgnoFDP, ix, cols, multivalued));

  const msoCols = new Map(MSO_COLUMNS.map((c) => [c.columnid, c]));
  describe(objidMSO, 'MSysObjects', pgnoFDPMSO, cpgMSOInitial, MSO_COLUMNS);
  describeIndex(objidMSO, objidMSO, pgnoFDPMSO, MSO_ID_INDEX, msoCols, false);
  describeIndex(objidMSO, objidMSONameIndex, pgnoFDPMSONameIndex, MSO_NAME_INDEX, msoCols, false);
  describeIndex(objidMSO, objidMSORootObjectsIndex, pgnoFDPMSORootObjectsIndex, MSO_ROOTOBJECTS_INDEX, msoCols, false);
  describe(objidMSOShadow, 'MSysObjectsShadow', pgnoFDPMSOShadow, cpgMSOShadowInitial, MSO_COLUMNS);
  describeIndex(objidMSOShadow, objidMSOShadow, pgnoFDPMSOShadow, MSO_ID_INDEX, msoCols, false);

  let objid = objidFirstUser;
  const names = new Set(['MSYSOBJECTS', 'MSYSOBJECTSSHADOW']);
  for (const t of spec.tables) {
    validateTable(t);
    if (names.has(t.name.toUpperCase())) throw new RangeError(`table ${t.name} defined twice`);
    names.add(t.name.toUpperCase());
    const cols = new Map(t.columns.map((c) => [c.columnid, c]));
    const recCols = recordColumns(t.columns);
    const objidTable = objid++;
    const table = root.child(objidTable, 8);
    spaces.push({ space: table, nonUnique: false, flags: 0 });
    describe(objidTable, t.name, table.pgnoFDP, table.cpgPrimary, t.columns);

    const primary = t.indexes.find((i) => i.grbit & JET_bitIndexPrimary);
    const primarySegs = primary ? segmentsOf(primary, cols) : [];
    const lvNodes: Node[] = [];
    let lidNext = 1;
    const separate = (v: Buffer): number => {
      const lid = lidNext++;
      lvNodes.push(...longValueNodes(cbPage, lid, v));
      return lid;
    };
    const records: { key: Buffer; row: EseRow }[] = [];
    const recordNodes: Node[] = [];
    const seenKeys = new Set<string>();
    t.rows.forEach((row, i) => {
      const key = primary ? primarySegsKey(primarySegs, primary, row) : dbkKey(i + 1);
      const id = key.toString('latin1');
      if (seenKeys.has(id)) throw new RangeError(`table ${t.name}: two rows have the same primary key`);
      seenKeys.add(id);
      const rec = encodeRow(cbPage, cols, recCols, row, key.length, separate, t.name);
      recordNodes.push({ key, data: rec });
      records.push({ key, row });
    });

    for (const ix of t.indexes) {
      if (ix === primary) {
        describeIndex(objidTable, objidTable, table.pgnoFDP, ix, cols, false);
        continue;
      }
      const segs = segmentsOf(ix, cols);
      const unique = (ix.grbit & 0x1) !== 0;
      const ixObjid = objid++;
      const ixSpace = table.child(ixObjid, 3);
      spaces.push({ space: ixSpace, nonUnique: !unique, flags: fPageIndex });
      const nodes: Node[] = [];
      let multivalued = false;
      for (const r of records) {
        const keys = rowKeys(ix, segs, keyValues(t.columns, r.row));
        if (keys.length > 1) multivalued = true;
        for (const k of keys) nodes.push({ key: k, data: r.key });
      }
      if (unique) {
        const sorted = [...nodes].sort(byKey);
        for (let i = 1; i < sorted.length; i++) if (sorted[i]!.key.equals(sorted[i - 1]!.key)) throw new RangeError(`table ${t.name}: unique index ${ix.name} has a duplicate key`);
      }
      describeIndex(objidTable, ixObjid, ixSpace.pgnoFDP, ix, cols, multivalued || hasMultiValuedSegment(ix, cols));
      tree(ixSpace, fPageIndex, !unique, nodes);
    }
    if (lvNodes.length > 0) {
      const lvObjid = objid++;
      const lv = table.child(lvObjid, 3);
      spaces.push({ space: lv, nonUnique: false, flags: fPageLongValue });
      catalog.push(longValueCatalogRow(objidTable, lvObjid, lv.pgnoFDP, lv.cpgPrimary));
      tree(lv, fPageLongValue, false, lvNodes);
    }
    tree(table, 0, false, recordNodes);
  }

  // the catalog and its shadow hold the same records; the Name and RootObjects indexes point at them
  const catNodes: Node[] = [];
  const nameNodes: Node[] = [];
  const rootNodes: Node[] = [];
  for (const r of catalog) {
    const n = catalogNodes(cbPage, r);
    catNodes.push(n.record);
    nameNodes.push(...n.name);
    rootNodes.push(...n.rootObjects);
  }
  tree(mso, 0, false, catNodes.slice());
  tree(shadow, 0, false, catNodes.slice());
  tree(msoName, fPageIndex, false, nameNodes);
  tree(msoRoot, fPageIndex, false, rootNodes);

  // the database root's own (empty) tree, then every space's OE and AE trees
  emit(1, buildPage(cbPage, { pgno: 1, objidFDP: 1, flags: fPageRoot | fPageLeaf, pgnoPrev: 0, pgnoNext: 0, dbtime, external: spaceHeader(root, false), nodes: [] }));
  for (const { space } of [{ space: root }, ...spaces]) {
    const ext = (list: [number, number][]): Node[] => list.map(([first, last]) => {
      const k = Buffer.alloc(4);
      k.writeUInt32BE(last);
      return { key: k, data: u32(last - first + 1) };
    });
    const split = Buffer.alloc(16);
    for (const [pgno, list] of [[space.pgnoOE, space.owned], [space.pgnoAE, space.available()]] as const) {
      emit(pgno, buildPage(cbPage, { pgno, objidFDP: space.objid, flags: fPageRoot | fPageLeaf | fPageSpaceTree, pgnoPrev: 0, pgnoNext: 0, dbtime, external: split, nodes: ext(list) }));
    }
  }

  const last = root.owned[root.owned.length - 1]![1];
  const file = Buffer.alloc((last + 2) * cbPage);
  const t = logtimeOf(now);
  const sig = spec.signDb ?? { ulRandom: randomInt(1, 0x7fffffff), logtimeCreate: t, szComputerName: '' };
  const lgpos = spec.lgposConsistent ?? { ib: 0, isec: 0, lGeneration: 0 };
  const header = encodeHeaderPage({
    ulVersion: ESE_FORMAT_VERSION, ulUpdate: ESE_WRITE_REVISION, cbPageSize: cbPage, dbtime, signDb: sig, dbstate: JET_dbstateCleanShutdown,
    lgposConsistent: lgpos, logtimeConsistent: t, logtimeAttach: t, lgposAttach: lgpos, logtimeDetach: t, lgposDetach: lgpos,
    signLog: spec.signLog ?? sig, bkinfoFullPrev: spec.bkinfoFullPrev ?? ZERO_BKINFO_ESE, bkinfoIncPrev: spec.bkinfoIncPrev ?? ZERO_BKINFO_ESE,
    bkinfoFullCur: ZERO_BKINFO_ESE, objidLast: objid - 1, dwMajorVersion: 10, dwMinorVersion: 0, dwBuildNumber: 19041, lSPNumber: 0,
    genMinRequired: spec.genMinRequired ?? 0, genMaxRequired: spec.genMaxRequired ?? 0, ulCreateVersion: ESE_FORMAT_VERSION, ulCreateUpdate: ESE_WRITE_REVISION,
    bkinfoCopyPrev: ZERO_BKINFO_ESE, bkinfoDiffPrev: ZERO_BKINFO_ESE,
  });
  header.copy(file, 0);
  header.copy(file, cbPage);
  for (const [pgno, page] of pages) page.copy(file, (pgno + 1) * cbPage);
  return file;
}
