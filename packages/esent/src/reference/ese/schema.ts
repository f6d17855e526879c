// What the ESE writer lays out and the reader returns: tables with their columns (ESE column
// ids: fixed 1..127, variable 128..255, tagged 256..), indexes and rows.
import {
  JET_bitColumnAutoincrement,
  JET_bitColumnDeleteOnZero,
  JET_bitColumnEscrowUpdate,
  JET_bitColumnFinalize,
  JET_bitColumnMultiValued,
  JET_bitColumnNotNULL,
  JET_bitColumnUserDefinedDefault,
  JET_bitColumnVersion,
  JET_bitIndexCrossProduct,
  JET_bitIndexDisallowNull,
  JET_bitIndexDisallowTruncation,
  JET_bitIndexIgnoreAnyNull,
  JET_bitIndexIgnoreFirstNull,
  JET_bitIndexIgnoreNull,
  JET_bitIndexPrimary,
  JET_bitIndexSortNullsHigh,
  JET_bitIndexUnique,
  JET_coltypLongBinary,
  JET_coltypLongText,
} from '../../api/constants.js';

export interface EseColumn {
  readonly name: string;
  readonly columnid: number;
  readonly coltyp: number;
  /** Code page of text columns (1200 Unicode, 1252 ANSI); 0 for other types. */
  readonly cp: number;
  readonly cbMax: number;
  /** JET_bitColumn* flags. */
  readonly grbit: number;
  readonly defaultValue?: Buffer | null;
}

export interface EseIndexSegment {
  readonly columnid: number;
  readonly descending: boolean;
}

export interface EseIndex {
  readonly name: string;
  /** JET_bitIndex* flags (JET_bitIndexPrimary marks the clustered index). */
  readonly grbit: number;
  readonly segments: readonly EseIndexSegment[];
  readonly lcid?: number;
}

/** One row: columnid -> its values (one for fixed/variable columns, any number for tagged ones). */
export type EseRow = ReadonlyMap<number, readonly Buffer[]>;

export interface EseTable {
  readonly name: string;
  readonly columns: readonly EseColumn[];
  readonly indexes: readonly EseIndex[];
  readonly rows: readonly EseRow[];
}

export function isLongValueType(coltyp: number): boolean {
  return coltyp === JET_coltypLongBinary || coltyp === JET_coltypLongText;
}

export function columnClass(columnid: number): 'fixed' | 'variable' | 'tagged' {
  return columnid < 128 ? 'fixed' : columnid < 256 ? 'variable' : 'tagged';
}

// The catalog keeps the engine's FIELD flags, not the JET_bitColumn grbit.
const FIELD_FLAGS: readonly [number, number][] = [
  [JET_bitColumnNotNULL, 0x0001],
  [JET_bitColumnVersion, 0x0002],
  [JET_bitColumnAutoincrement, 0x0004],
  [JET_bitColumnMultiValued, 0x0008],
  [JET_bitColumnEscrowUpdate, 0x0020],
  [JET_bitColumnFinalize, 0x0040],
  [JET_bitColumnUserDefinedDefault, 0x0080],
  [JET_bitColumnDeleteOnZero, 0x0200],
];
export const ffieldDefault = 0x0010;
/** JET_bitColumnCompressed (esent.h, Windows 7): values are stored compressed when that saves space. */
export const JET_bitColumnCompressed = 0x80000;
export const ffieldCompressed = 0x1000;

export function fieldFlagsOf(col: EseColumn): number {
  let f = 0;
  for (const [bit, ff] of FIELD_FLAGS) if (col.grbit & bit) f |= ff;
  if (col.defaultValue && col.defaultValue.length > 0) f |= ffieldDefault;
  if (col.grbit & JET_bitColumnCompressed) f |= ffieldCompressed;
  return f;
}

export function grbitOfFieldFlags(ffield: number, tagged: boolean, fixed: boolean): number {
  let g = 0;
  for (const [bit, ff] of FIELD_FLAGS) if (ffield & ff) g |= bit;
  if (ffield & ffieldCompressed) g |= JET_bitColumnCompressed;
  if (tagged) g |= 0x2; // JET_bitColumnTagged
  if (fixed) g |= 0x1; // JET_bitColumnFixed
  return g;
}

// ... and the IDB flags for indexes (low 16 bits of the catalog's Flags).
export const fidbUnique = 0x0001;
export const fidbAllowAllNulls = 0x0002;
export const fidbAllowFirstNull = 0x0004;
export const fidbAllowSomeNulls = 0x0008;
export const fidbNoNullSeg = 0x0010;
export const fidbPrimary = 0x0020;
export const fidbMultivalued = 0x0080;
export const fidbLocalizedText = 0x0400;
export const fidbSortNullsHigh = 0x0800;
export const fidbCrossProduct = 0x2000;
export const fidbDisallowTruncation = 0x4000;

export function idbFlagsOf(ix: EseIndex, multivalued: boolean, unicodeText: boolean): number {
  const g = ix.grbit;
  let f = 0;
  if (g & (JET_bitIndexUnique | JET_bitIndexPrimary)) f |= fidbUnique;
  if (!(g & JET_bitIndexIgnoreNull)) f |= fidbAllowAllNulls;
  if (!(g & JET_bitIndexIgnoreFirstNull)) f |= fidbAllowFirstNull;
  if (!(g & JET_bitIndexIgnoreAnyNull)) f |= fidbAllowSomeNulls;
  if (g & JET_bitIndexDisallowNull) f |= fidbNoNullSeg;
  if (g & JET_bitIndexPrimary) f |= fidbPrimary;
  if (multivalued) f |= fidbMultivalued;
  if (unicodeText) f |= fidbLocalizedText;
  if (g & JET_bitIndexSortNullsHigh) f |= fidbSortNullsHigh;
  if (g & JET_bitIndexCrossProduct) f |= fidbCrossProduct;
  if (g & JET_bitIndexDisallowTruncation) f |= fidbDisallowTruncation;
  return f;
}

export function grbitOfIdbFlags(f: number): number {
  let g = 0;
  if (f & fidbPrimary) g |= JET_bitIndexPrimary;
  else if (f & fidbUnique) g |= JET_bitIndexUnique;
  if (!(f & fidbAllowAllNulls)) g |= JET_bitIndexIgnoreNull;
  if (!(f & fidbAllowFirstNull)) g |= JET_bitIndexIgnoreFirstNull;
  if (!(f & fidbAllowSomeNulls)) g |= JET_bitIndexIgnoreAnyNull;
  if (f & fidbNoNullSeg) g |= JET_bitIndexDisallowNull;
  if (f & fidbSortNullsHigh) g |= JET_bitIndexSortNullsHigh;
  if (f & fidbCrossProduct) g |= JET_bitIndexCrossProduct;
  if (f & fidbDisallowTruncation) g |= JET_bitIndexDisallowTruncation;
  return g;
}
