// Windows 7 column compression, 7-bit schemes: what the engine packs, libesedb unpacks the same.
import { expect, it } from 'vitest';
import { compress7Bit, CompressedDataError, decompressValue, UnsupportedCompressionError, xpressDecode } from '../../src/reference/ese/compression.js';

it('packs 7-bit ASCII and Unicode LSB-first under a signature byte and unpacks them', () => {
  // 16 characters in 112 bits: signature (1 << 3) | (111 % 8), then 'a' | 'b' << 7 | 'c' << 14 ...
  const p = compress7Bit(Buffer.from('abcdefghijklmnop'), false)!;
  expect(p.length).toBe(15);
  expect([...p.subarray(0, 3)]).toEqual([0x0f, 0x61, 0xf1]);
  // no gain, no compression: 3 characters would take 4 bytes
  expect(compress7Bit(Buffer.from('abc'), false)).toBeNull();
  for (const s of ['', 'a', 'hello world', 'x'.repeat(1000)]) {
    const ascii = Buffer.from(s, 'latin1');
    const packed = compress7Bit(ascii, false);
    if (packed) expect(decompressValue(packed)).toEqual(ascii);
    const wide = Buffer.from(s, 'utf16le');
    const packedWide = compress7Bit(wide, true);
    if (packedWide) {
      expect(packedWide[0]! >> 3).toBe(2);
      expect(decompressValue(packedWide)).toEqual(wide);
    }
  }
  expect(compress7Bit(Buffer.from('é', 'latin1'), false)).toBeNull();
  expect(compress7Bit(Buffer.from('ü', 'utf16le'), true)).toBeNull();
  expect(() => decompressValue(Buffer.from([0x28, 3, 0, 1, 2, 3]))).toThrow(UnsupportedCompressionError); // XPRESS9
});

it('decodes the XPRESS LZ77 stream: flag words MSB first, 3-bit lengths continued in half bytes, bytes and words', () => {
  // three literals, then offset 3 length 6: flags 0b0001 << 28
  expect(xpressDecode(Buffer.from([0, 0, 0, 0x10, 0x61, 0x62, 0x63, 0x13, 0x00]), 9).toString()).toBe('abcabcabc');
  // one literal, then offset 1 length 40 (7 + half byte 15 + byte 15 + 3), then length 12 (7 + the other half byte 2 + 3)
  const s = Buffer.from([0, 0, 0, 0x60, 0x61, 0x07, 0x00, 0x2f, 0x0f, 0x07, 0x00]);
  expect(xpressDecode(s, 53).toString()).toBe('a'.repeat(53));
  // a 16-bit length: 300 + 3
  expect(xpressDecode(Buffer.from([0, 0, 0, 0x40, 0x7a, 0x07, 0x00, 0x0f, 0xff, 0x2c, 0x01]), 304).toString()).toBe('z'.repeat(304));
  // wrapped: [0x18][u16 size] then the stream
  expect(decompressValue(Buffer.from([0x18, 9, 0, 0, 0, 0, 0x10, 0x61, 0x62, 0x63, 0x13, 0x00])).toString()).toBe('abcabcabc');
  expect(() => xpressDecode(Buffer.from([0, 0, 0, 0x80, 0x13, 0x00]), 9)).toThrow(CompressedDataError); // a match before any output
  expect(() => xpressDecode(Buffer.from([0, 0, 0, 0, 0x61]), 9)).toThrow(CompressedDataError); // ends early
});
