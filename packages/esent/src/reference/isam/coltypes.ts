// Column type facts (spec: JET_COLTYP.md, JetAddColumn.md): fixed sizes, maximum lengths and
// which types are long values. Values are stored as the exact bytes the caller set.
import {
  JET_coltypBinary,
  JET_coltypBit,
  JET_coltypCurrency,
  JET_coltypDateTime,
  JET_coltypGUID,
  JET_coltypIEEEDouble,
  JET_coltypIEEESingle,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_coltypLongLong,
  JET_coltypLongText,
  JET_coltypShort,
  JET_coltypText,
  JET_coltypUnsignedByte,
  JET_coltypUnsignedLong,
  JET_coltypUnsignedShort,
} from '../../api/constants.js';

const FIXED_SIZE = new Map<number, number>([
  [JET_coltypBit, 1],
  [JET_coltypUnsignedByte, 1],
  [JET_coltypShort, 2],
  [JET_coltypUnsignedShort, 2],
  [JET_coltypLong, 4],
  [JET_coltypUnsignedLong, 4],
  [JET_coltypIEEESingle, 4],
  [JET_coltypCurrency, 8],
  [JET_coltypIEEEDouble, 8],
  [JET_coltypDateTime, 8],
  [JET_coltypLongLong, 8],
  [JET_coltypGUID, 16],
]);

/** Fixed byte size of a type, or undefined for Text/Binary/long values. */
export function fixedSize(coltyp: number): number | undefined {
  return FIXED_SIZE.get(coltyp);
}

export function isValidColtyp(coltyp: number): boolean {
  return FIXED_SIZE.has(coltyp) || isVariable(coltyp) || isLongValue(coltyp);
}

export function isVariable(coltyp: number): boolean {
  return coltyp === JET_coltypBinary || coltyp === JET_coltypText;
}

export function isLongValue(coltyp: number): boolean {
  return coltyp === JET_coltypLongBinary || coltyp === JET_coltypLongText;
}

export function isText(coltyp: number): boolean {
  return coltyp === JET_coltypText || coltyp === JET_coltypLongText;
}

/** Text and Binary hold at most 255 bytes (JET_cbColumnMost). */
export const JET_cbColumnMost = 255;
/** Long values: 2 GiB - 1 in ESE; we bound them by what a Buffer holds. */
export const JET_cbLVColumnMost = 0x7fffffff;
