// The catalog MSysObjects (and its copy MSysObjectsShadow) as the engine defines it: fixed
// columns 1..12, variable 128..137, tagged 256..261, one record per table, column, index and
// long-value tree, keyed by (ObjidTable, Type, Id). Fixed objids and root pages: the database
// root is objid 1 at page 1, MSysObjects objid 2 at page 4 (its Name index objid 4 at page 7,
// RootObjects objid 5 at page 10), MSysObjectsShadow objid 3 at page 24.
import {
  JET_bitColumnNotNULL,
  JET_bitColumnTagged,
  JET_bitIndexDisallowNull,
  JET_bitIndexIgnoreFirstNull,
  JET_bitIndexPrimary,
  JET_bitIndexUnique,
  JET_coltypBinary,
  JET_coltypBit,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_coltypShort,
  JET_coltypText,
  JET_coltypUnsignedShort,
  JET_cpANSI,
} from '../../api/constants.js';
import type { EseColumn, EseIndex } from './schema.js';

export const sysobjTable = 1;
export const sysobjColumn = 2;
export const sysobjIndex = 3;
export const sysobjLongValue = 4;

export const objidSystemRoot = 1;
export const objidMSO = 2;
export const objidMSOShadow = 3;
export const objidMSONameIndex = 4;
export const objidMSORootObjectsIndex = 5;
export const objidFirstUser = 6;

export const pgnoSystemRoot = 1;
export const pgnoFDPMSO = 4;
export const pgnoFDPMSONameIndex = 7;
export const pgnoFDPMSORootObjectsIndex = 10;
export const pgnoFDPMSOShadow = 24;
export const cpgMSOInitial = 20;
export const cpgMSOShadowInitial = 5;

export const MSO = {
  ObjidTable: 1,
  Type: 2,
  Id: 3,
  ColtypOrPgnoFDP: 4,
  SpaceUsage: 5,
  Flags: 6,
  PagesOrLocale: 7,
  RootFlag: 8,
  RecordOffset: 9,
  LCMapFlags: 10,
  KeyMost: 11,
  LVChunkMax: 12,
  Name: 128,
  Stats: 129,
  TemplateTable: 130,
  DefaultValue: 131,
  KeyFldIDs: 132,
  VarSegMac: 133,
  ConditionalColumns: 134,
  TupleLimits: 135,
  Version: 136,
  SortID: 137,
  CallbackData: 256,
  CallbackDependencies: 257,
  SeparateLV: 258,
  SpaceHints: 259,
  SpaceDeferredLVHints: 260,
  LocaleName: 261,
} as const;

const col = (name: string, columnid: number, coltyp: number, grbit = 0): EseColumn => ({
  name,
  columnid,
  coltyp,
  cp: coltyp === JET_coltypText ? JET_cpANSI : 0,
  cbMax: coltyp === JET_coltypText || coltyp === JET_coltypBinary ? 255 : 0,
  grbit,
});

export const MSO_COLUMNS: readonly EseColumn[] = [
  col('ObjidTable', MSO.ObjidTable, JET_coltypLong, JET_bitColumnNotNULL),
  col('Type', MSO.Type, JET_coltypShort, JET_bitColumnNotNULL),
  col('Id', MSO.Id, JET_coltypLong, JET_bitColumnNotNULL),
  col('ColtypOrPgnoFDP', MSO.ColtypOrPgnoFDP, JET_coltypLong, JET_bitColumnNotNULL),
  col('SpaceUsage', MSO.SpaceUsage, JET_coltypLong, JET_bitColumnNotNULL),
  col('Flags', MSO.Flags, JET_coltypLong, JET_bitColumnNotNULL),
  col('PagesOrLocale', MSO.PagesOrLocale, JET_coltypLong, JET_bitColumnNotNULL),
  col('RootFlag', MSO.RootFlag, JET_coltypBit),
  col('RecordOffset', MSO.RecordOffset, JET_coltypShort),
  col('LCMapFlags', MSO.LCMapFlags, JET_coltypLong),
  col('KeyMost', MSO.KeyMost, JET_coltypUnsignedShort),
  col('LVChunkMax', MSO.LVChunkMax, JET_coltypLong),
  col('Name', MSO.Name, JET_coltypText, JET_bitColumnNotNULL),
  col('Stats', MSO.Stats, JET_coltypBinary),
  col('TemplateTable', MSO.TemplateTable, JET_coltypText),
  col('DefaultValue', MSO.DefaultValue, JET_coltypBinary),
  col('KeyFldIDs', MSO.KeyFldIDs, JET_coltypBinary),
  col('VarSegMac', MSO.VarSegMac, JET_coltypBinary),
  col('ConditionalColumns', MSO.ConditionalColumns, JET_coltypBinary),
  col('TupleLimits', MSO.TupleLimits, JET_coltypBinary),
  col('Version', MSO.Version, JET_coltypBinary),
  col('SortID', MSO.SortID, JET_coltypBinary),
  col('CallbackData', MSO.CallbackData, JET_coltypLongBinary, JET_bitColumnTagged),
  col('CallbackDependencies', MSO.CallbackDependencies, JET_coltypLongBinary, JET_bitColumnTagged),
  col('SeparateLV', MSO.SeparateLV, JET_coltypLongBinary, JET_bitColumnTagged),
  col('SpaceHints', MSO.SpaceHints, JET_coltypLongBinary, JET_bitColumnTagged),
  col('SpaceDeferredLVHints', MSO.SpaceDeferredLVHints, JET_coltypLongBinary, JET_bitColumnTagged),
  col('LocaleName', MSO.LocaleName, JET_coltypLongBinary, JET_bitColumnTagged),
];

const seg = (columnid: number) => ({ columnid, descending: false });
export const MSO_ID_INDEX: EseIndex = {
  name: 'Id',
  grbit: JET_bitIndexPrimary | JET_bitIndexDisallowNull,
  segments: [seg(MSO.ObjidTable), seg(MSO.Type), seg(MSO.Id)],
};
export const MSO_NAME_INDEX: EseIndex = {
  name: 'Name',
  grbit: JET_bitIndexUnique | JET_bitIndexDisallowNull,
  segments: [seg(MSO.ObjidTable), seg(MSO.Type), seg(MSO.Name)],
};
export const MSO_ROOTOBJECTS_INDEX: EseIndex = {
  name: 'RootObjects',
  grbit: JET_bitIndexUnique | JET_bitIndexIgnoreFirstNull,
  segments: [seg(MSO.RootFlag), seg(MSO.Name)],
};

/** LCMapString flags of ESE's default Unicode normalization (NORM_IGNORECASE|KANATYPE|WIDTH, LCMAP_SORTKEY). */
export const defaultLCMapFlags = 0x00030401;
export const lcidEnUS = 0x0409;
/** LV chunk size: the page less its overheads on <= 8 KiB pages; fixed values for 16/32 KiB. */
export function lvChunkSize(cbPage: number): number {
  if (cbPage <= 8192) return cbPage - 82;
  return cbPage === 32768 ? 8150 : 4050;
}
