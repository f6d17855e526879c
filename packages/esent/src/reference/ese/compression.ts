// Column compression of Windows 7+ (facts from the engine's compression code): a compressed value
// starts with a signature byte, the scheme in its top 5 bits. 7-bit ASCII (1) and 7-bit Unicode
// (2) pack each character's low 7 bits LSB-first, the low 3 bits of the signature giving the
// bits used in the last byte minus one. XPRESS (3) is [0x18][u16 uncompressed size] and the
// engine's LZ77 stream (its "direct2" coding). XPRESS9/10, LZ4 and later schemes are not decoded.

export const COMPRESS_7BITASCII = 1;
export const COMPRESS_7BITUNICODE = 2;
export const COMPRESS_XPRESS = 3;

export class UnsupportedCompressionError extends Error {}

function unpack7(data: Buffer, wide: boolean): Buffer {
  if (data.length < 2) throw new UnsupportedCompressionError('7-bit value shorter than its header');
  const cbitFinal = (data[0]! & 0x7) + 1;
  const count = Math.floor(((data.length - 2) * 8 + cbitFinal) / 7);
  const out = Buffer.alloc(wide ? count * 2 : count);
  let ib = 1;
  let ibit = 0;
  for (let i = 0; i < count; i++) {
    const w = data[ib]! | ((data[ib + 1] ?? 0) << 8);
    const c = (w >> ibit) & 0x7f;
    out[wide ? 2 * i : i] = c;
    ibit += 7;
    if (ibit >= 8) {
      ibit %= 8;
      ib++;
    }
  }
  return out;
}

/** Packs `count` 7-bit characters (`at(i)`) LSB-first under the scheme's signature byte. */
function pack7(count: number, at: (i: number) => number, scheme: number): Buffer {
  const bits = count * 7;
  const out = Buffer.alloc(1 + Math.ceil(bits / 8));
  for (let i = 0; i < count; i++) {
    const bit = i * 7;
    const byte = 1 + (bit >> 3);
    const shift = bit & 7;
    const v = at(i);
    out[byte] = out[byte]! | ((v << shift) & 0xff);
    if (shift > 1) out[byte + 1] = v >> (8 - shift);
  }
  out[0] = (scheme << 3) | ((bits - 1) % 8);
  return out;
}

/**
 * The engine's 7-bit compression of a value when it applies and saves space: bytes all below 0x80
 * (ASCII), or for Unicode text UTF-16 code units all below 0x80; otherwise null (stored as is).
 */
export function compress7Bit(data: Buffer, unicode: boolean): Buffer | null {
  if (data.length === 0) return null;
  if (unicode) {
    if (data.length % 2 !== 0) return null;
    for (let i = 0; i < data.length; i += 2) if (data[i + 1] !== 0 || data[i]! >= 0x80) return null;
    const n = data.length / 2;
    if (1 + Math.ceil((n * 7) / 8) >= data.length) return null;
    return pack7(n, (i) => data[2 * i]!, COMPRESS_7BITUNICODE);
  }
  for (let i = 0; i < data.length; i++) if (data[i]! >= 0x80) return null;
  if (1 + Math.ceil((data.length * 7) / 8) >= data.length) return null;
  return pack7(data.length, (i) => data[i]!, COMPRESS_7BITASCII);
}

/** The uncompressed bytes of a value stored with the fCompressed flag. */
export function decompressValue(data: Buffer): Buffer {
  const scheme = (data[0] ?? 0) >> 3;
  if (scheme === COMPRESS_7BITASCII) return unpack7(data, false);
  if (scheme === COMPRESS_7BITUNICODE) return unpack7(data, true);
  if (scheme === COMPRESS_XPRESS) {
    if (data.length < 3) throw new UnsupportedCompressionError('XPRESS value shorter than its header');
    return xpressDecode(data.subarray(3), data.readUInt16LE(1));
  }
  throw new UnsupportedCompressionError(`compression scheme ${scheme} (XPRESS and later) is not decoded`);
}

export class CompressedDataError extends Error {}

/**
 * The engine's XPRESS LZ77 stream: 32-bit flag words read most significant bit first (0: a literal
 * byte, 1: a match); a match is a 16-bit word, offset (w >> 3) + 1 back, length (w & 7) + 3; a
 * length field of 7 continues in a half byte (two matches share one byte, low half first), 15
 * there in a byte, 255 there in a 16-bit word holding the length less 3.
 */
export function xpressDecode(src: Buffer, size: number): Buffer {
  const out = Buffer.alloc(size);
  let ip = 0;
  let op = 0;
  let flags = 0;
  let nflags = 0;
  let halfAt = -1;
  const need = (n: number): void => {
    if (ip + n > src.length) throw new CompressedDataError('XPRESS stream ends early');
  };
  while (op < size) {
    if (nflags === 0) {
      need(4);
      flags = src.readUInt32LE(ip);
      ip += 4;
      nflags = 32;
    }
    nflags--;
    if (((flags >>> nflags) & 1) === 0) {
      need(1);
      out[op++] = src[ip++]!;
      continue;
    }
    need(2);
    const w = src.readUInt16LE(ip);
    ip += 2;
    const offset = (w >> 3) + 1;
    let len = w & 7;
    if (len === 7) {
      if (halfAt < 0) {
        need(1);
        halfAt = ip;
        len = src[ip++]! & 15;
      } else {
        len = src[halfAt]! >> 4;
        halfAt = -1;
      }
      if (len === 15) {
        need(1);
        len = src[ip++]!;
        if (len === 255) {
          need(2);
          len = src.readUInt16LE(ip) - 7;
          ip += 2;
          if (len < 255 + 15) throw new CompressedDataError('XPRESS length out of range');
        } else len += 15;
      }
      len += 7;
    }
    len += 3;
    if (offset > op) throw new CompressedDataError('XPRESS match before the start');
    const end = Math.min(size, op + len);
    for (; op < end; op++) out[op] = out[op - offset]!;
  }
  return out;
}
