// ESE key normalization (facts from the engine's field normalization): each segment starts with a
// prefix byte (0x7f data, 0x40 zero-length, 0x00 NULL, 0xc0 NULL sorting high) followed by the
// value in memcmp order; descending segments invert every byte of the segment.
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
  JET_cpUnicode,
} from '../../api/constants.js';

export const bPrefixNull = 0x00;
export const bPrefixZeroLength = 0x40;
export const bPrefixNullHigh = 0xc0;
export const bPrefixData = 0x7f;
/** Legacy maximum key length: indexes created with cbKeyMost 255 (JET_cbKeyMost_OLD). */
export const cbKeyMostOld = 255;

/** Binary values are normalized in 8-byte chunks, each followed by its length (9 if more follow). */
function binaryChunks(v: Buffer): Buffer {
  const n = Math.max(1, Math.ceil(v.length / 8));
  const out = Buffer.alloc(n * 9);
  for (let g = 0; g < n; g++) {
    const chunk = v.subarray(g * 8, g * 8 + 8);
    chunk.copy(out, g * 9);
    out[g * 9 + 8] = g < n - 1 ? 9 : chunk.length;
  }
  return out;
}

function be(v: Buffer): Buffer {
  return Buffer.from(v).reverse();
}

function floatOrder(b: Buffer): Buffer {
  if (b[0]! & 0x80) for (let i = 0; i < b.length; i++) b[i] = ~b[i]! & 0xff;
  else b[0] = b[0]! ^ 0x80;
  return b;
}

/** The normalized bytes (after the prefix) of a non-empty fixed-type value stored little-endian. */
function fixedBody(coltyp: number, v: Buffer): Buffer {
  switch (coltyp) {
    case JET_coltypBit:
      return Buffer.from([v[0] === 0 ? 0x00 : 0xff]);
    case JET_coltypUnsignedByte:
      return Buffer.from([v[0]!]);
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency: {
      const b = be(v);
      b[0] = b[0]! ^ 0x80;
      return b;
    }
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
      return be(v);
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
      return floatOrder(be(v));
    case JET_coltypGUID:
      // the engine's (non-.NET) GUID order: node, clock sequence, then the time fields
      return Buffer.from([10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3].map((i) => v[i]!));
    default:
      throw new RangeError(`coltyp ${coltyp} is not fixed`);
  }
}

/**
 * Text: ASCII code pages are upper-cased up to the first NUL and NUL-terminated, as the engine
 * does. Unicode text on Windows goes through LCMapString sort keys, which only Windows computes;
 * here it is upper-cased (simple case folding) and written as big-endian UTF-16 with a 0x0000
 * terminator, so ASCII-range text orders as Windows orders it but other scripts may not.
 */
function textBody(v: Buffer, cp: number): Buffer {
  if (cp === JET_cpUnicode) {
    let s = v.subarray(0, v.length & ~1).toString('utf16le');
    const nul = s.indexOf('\0');
    if (nul >= 0) s = s.slice(0, nul);
    const le = Buffer.from(s.toUpperCase(), 'utf16le');
    return Buffer.concat([le.swap16(), Buffer.alloc(2)]);
  }
  let n = v.indexOf(0);
  if (n < 0) n = v.length;
  const out = Buffer.alloc(n + 1);
  for (let i = 0; i < n; i++) {
    const c = v[i]!;
    out[i] = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
  }
  return out;
}

export interface KeySegment {
  readonly coltyp: number;
  readonly cp: number;
  readonly descending: boolean;
}

/** One normalized segment for a value (null: the column is NULL). */
export function normalizeSegment(seg: KeySegment, value: Buffer | null, sortNullsHigh = false): Buffer {
  let out: Buffer;
  if (value === null) out = Buffer.from([sortNullsHigh ? bPrefixNullHigh : bPrefixNull]);
  else if (value.length === 0 && (seg.coltyp === JET_coltypText || seg.coltyp === JET_coltypLongText || seg.coltyp === JET_coltypBinary || seg.coltyp === JET_coltypLongBinary)) {
    out = Buffer.from([bPrefixZeroLength]);
  } else {
    let body: Buffer;
    if (seg.coltyp === JET_coltypText || seg.coltyp === JET_coltypLongText) body = textBody(value, seg.cp);
    else if (seg.coltyp === JET_coltypBinary || seg.coltyp === JET_coltypLongBinary) body = binaryChunks(value);
    else body = fixedBody(seg.coltyp, value);
    out = Buffer.concat([Buffer.from([bPrefixData]), body]);
  }
  if (seg.descending) for (let i = 0; i < out.length; i++) out[i] = ~out[i]! & 0xff;
  return out;
}

/** A whole key, truncated at cbKeyMost as the engine truncates. */
export function normalizeKey(segs: readonly KeySegment[], values: readonly (Buffer | null)[], cbKeyMost = cbKeyMostOld): Buffer {
  const key = Buffer.concat(segs.map((s, i) => normalizeSegment(s, values[i] ?? null)));
  return key.length > cbKeyMost ? key.subarray(0, cbKeyMost) : key;
}

/** A sequential table's record key: its DBK, 4 bytes big-endian, starting at 1. */
export function dbkKey(dbk: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(dbk >>> 0);
  return b;
}
