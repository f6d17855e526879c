// Normalized keys: every key segment is turned into bytes whose memcmp order is the order ESE
// sorts that type in (spec: JetMakeKey.md, JET_COLTYP.md "negative values sort before positive").
// Non-null segments start with 0x7F and NULL is 0x00, so NULL sorts first; descending segments
// invert every byte. Variable-length data is cut into 8-byte groups followed by a marker byte so
// that a shorter value sorts before any longer value it prefixes.
import {
  JET_coltypBit,
  JET_coltypCurrency,
  JET_coltypDateTime,
  JET_coltypIEEEDouble,
  JET_coltypIEEESingle,
  JET_coltypLong,
  JET_coltypLongLong,
  JET_coltypShort,
  JET_coltypUnsignedByte,
  JET_coltypUnsignedLong,
  JET_coltypUnsignedShort,
  JET_coltypGUID,
  JET_cpUnicode,
} from '../../api/constants.js';
import { isText } from './coltypes.js';

const PREFIX_NULL = 0x00;
const PREFIX_VALUE = 0x7f;

/** A key to seek to or to bound a range with; `inf` makes it sort after every key it prefixes. */
export interface SearchKey {
  readonly bytes: Buffer;
  readonly inf: boolean;
}

function flipSign(be: Buffer): Buffer {
  be[0] = be[0]! ^ 0x80;
  return be;
}

function floatKey(be: Buffer): Buffer {
  // IEEE order: negative numbers have every bit inverted, positive ones only the sign bit flipped
  if (be[0]! & 0x80) for (let i = 0; i < be.length; i++) be[i] = ~be[i]! & 0xff;
  else be[0] = be[0]! | 0x80;
  return be;
}

function reversed(value: Uint8Array): Buffer {
  return Buffer.from(value).reverse();
}

/** The order-preserving bytes of a fixed-size value (stored little-endian as on Windows). */
function fixedKey(coltyp: number, value: Buffer): Buffer {
  switch (coltyp) {
    case JET_coltypBit:
      return Buffer.from([value[0] ? 0xff : 0x00]);
    case JET_coltypUnsignedByte:
      return Buffer.from([value[0]!]);
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
      return flipSign(reversed(value));
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
      return reversed(value);
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
      return floatKey(reversed(value));
    case JET_coltypGUID:
      // spec: JET_COLTYP.md: GUIDs sort as their standard string form {Data1-Data2-Data3-Data4}, so
      // the little-endian Data1/Data2/Data3 fields are compared most significant byte first
      return Buffer.from([3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15].map((i) => value[i]!));
    default:
      return Buffer.from(value);
  }
}

/**
 * Text sort key (spec: JET_COLTYP.md): only the characters before the first NUL count, case is
 * ignored (NORM_IGNORECASE), and so are width and kana type (NFKC folds full-width forms).
 */
function textKeyBytes(value: Buffer, cp: number): Buffer {
  let s = cp === JET_cpUnicode ? value.toString('utf16le') : value.toString('latin1');
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (cp === JET_cpUnicode) s = s.normalize('NFKC');
  return Buffer.from(s.toLowerCase(), 'utf8');
}

function groups(data: Buffer, partial: boolean): Buffer {
  if (partial) return Buffer.from(data);
  const n = Math.max(1, Math.ceil(data.length / 8));
  const out = Buffer.alloc(n * 9);
  for (let g = 0; g < n; g++) {
    const chunk = data.subarray(g * 8, g * 8 + 8);
    out.set(chunk, g * 9);
    out[g * 9 + 8] = g < n - 1 ? 9 : chunk.length;
  }
  return out;
}

export interface SegmentSpec {
  readonly coltyp: number;
  readonly cp: number;
  readonly desc: boolean;
}

/**
 * Normalizes one key segment. `partial` leaves a variable-length value open-ended (used for the
 * PartialColumn/SubStr limits) so it prefixes every longer value.
 */
export function normalizeSegment(seg: SegmentSpec, value: Buffer | null, partial = false): Buffer {
  let out: Buffer;
  if (value === null) out = Buffer.from([PREFIX_NULL]);
  else {
    const fixed = fixedKeyOrUndefined(seg.coltyp, value);
    const body = fixed ?? groups(isText(seg.coltyp) ? textKeyBytes(value, seg.cp) : value, partial);
    out = Buffer.concat([Buffer.from([PREFIX_VALUE]), body]);
  }
  if (seg.desc) for (let i = 0; i < out.length; i++) out[i] = ~out[i]! & 0xff;
  return out;
}

function fixedKeyOrUndefined(coltyp: number, value: Buffer): Buffer | undefined {
  switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte:
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypGUID:
      return fixedKey(coltyp, value);
    default:
      return undefined;
  }
}

/**
 * Compares an index entry's key with a search key, looking only at the search key's length
 * (ESE compares the shortest of the two, so a key made from fewer columns matches every entry it
 * prefixes). An `inf` search key sorts after every key it prefixes. Returns <0, 0, >0 for entry
 * before / matching / after the search key.
 */
export function compareToSearch(entryKey: Buffer, search: SearchKey): number {
  const sk = search.bytes;
  const n = Math.min(entryKey.length, sk.length);
  const c = Buffer.compare(entryKey.subarray(0, n), sk.subarray(0, n));
  if (c !== 0) return c;
  if (entryKey.length < sk.length) return -1;
  return search.inf ? -1 : 0;
}
