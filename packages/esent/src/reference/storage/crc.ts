// Page and record checksums: CRC-32 from node:zlib (no dependency), seeded so that a block copied
// to the wrong place (another page number, another log generation) fails its check too.
import { crc32 } from 'node:zlib';

export function checksum(data: Uint8Array, seed = 0): number {
  return crc32(data, seed) >>> 0;
}
