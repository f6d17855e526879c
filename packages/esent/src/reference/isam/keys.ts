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

// spec: JET_COLTYP.md: GUIDs sort as their standard string form {Data1-Data2-Data3-Data4}, so
// the little-endian Data1/Data2/Data3 fields are compared most significant byte first
const GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * A non-null fixed-size value's segment (stored little-endian as on Windows): the value prefix,
 * then bytes in sort order, built in one buffer (attach makes a key for every record); undefined
 * for a type that is not fixed-size.
 */
function fixedSegment(coltyp: number, value: Buffer): Buffer | undefined {
  let out: Buffer;
  switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte:
      out = Buffer.allocUnsafe(2);
      out[1] = coltyp === JET_coltypBit ? (value[0] ? 0xff : 0x00) : (value[0] ?? 0);
      break;
    case JET_coltypGUID:
      out = Buffer.allocUnsafe(17);
      for (let i = 0; i < 16; i++) out[1 + i] = value[GUID_ORDER[i]!] ?? 0;
      break;
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime: {
      const n = value.length;
      out = Buffer.allocUnsafe(1 + n);
      for (let i = 0; i < n; i++) out[1 + i] = value[n - 1 - i]!; // big-endian: most significant byte first
      if (n === 0) break;
      if (coltyp === JET_coltypUnsignedShort || coltyp === JET_coltypUnsignedLong) break;
      if (coltyp === JET_coltypIEEESingle || coltyp === JET_coltypIEEEDouble || coltyp === JET_coltypDateTime) {
        // IEEE order: negative numbers have every bit inverted, positive ones only the sign bit flipped
        if (out[1]! & 0x80) for (let i = 1; i <= n; i++) out[i] = ~out[i]! & 0xff;
        else out[1] = out[1]! | 0x80;
      } else out[1] = out[1]! ^ 0x80; // two's complement: flipping the sign bit orders negatives first
      break;
    }
    default:
      return undefined;
  }
  out[0] = PREFIX_VALUE;
  return out;
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
  else out = fixedSegment(seg.coltyp, value) ?? Buffer.concat([Buffer.from([PREFIX_VALUE]), groups(isText(seg.coltyp) ? textKeyBytes(value, seg.cp) : value, partial)]);
  if (seg.desc) for (let i = 0; i < out.length; i++) out[i] = ~out[i]! & 0xff;
  return out;
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
