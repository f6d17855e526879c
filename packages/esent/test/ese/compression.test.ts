// Windows 7 column compression, 7-bit schemes: what the engine packs, libesedb unpacks the same.
import { expect, it } from 'vitest';
import { compress7Bit, decompressValue, UnsupportedCompressionError } from '../../src/reference/ese/compression.js';

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
  expect(() => decompressValue(Buffer.from([0x18, 3, 0, 1, 2, 3]))).toThrow(UnsupportedCompressionError);
});
