// Checksums of the engine's own files (log records, checkpoint, backup trailer, double-write
// journal; database pages use ESE's own, ese/checksum.ts): CRC-32 from node:zlib (no dependency),
// seeded so that a block copied to the wrong place (another log generation) fails its check too.
import { crc32 } from 'node:zlib';

export function checksum(data: Uint8Array, seed = 0): number {
  return crc32(data, seed) >>> 0;
}
