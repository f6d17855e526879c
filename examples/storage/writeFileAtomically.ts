// A stream into a file that is either whole or absent: written to a temporary name beside it,
// fsync'd, then renamed; on any error (or an abort) the temporary file is removed.
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Writes `source` to `dest` atomically; resolves with the bytes written. */
export async function writeFileAtomically(source: Readable, dest: string, signal?: AbortSignal): Promise<number> {
  const temp = join(dirname(dest), `.${basename(dest)}.partial-${process.pid}`);
  const out = createWriteStream(temp, { flags: 'wx' });
  try {
    await pipeline(source, out, signal ? { signal } : {});
    const fd = await open(temp, 'r');
    try {
      await fd.sync();
    } finally {
      await fd.close();
    }
    await rename(temp, dest);
    const dir = await open(dirname(dest), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return out.bytesWritten;
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
