// Copies one file chunk by chunk into a temporary name beside its final name, fsyncs it, stamps
// the source's modification time, makes it read-only, then renames it into place. The abort
// signal is checked between chunks, so a stop cuts even a very large file promptly; the partial
// temp file is removed (SEMANTICS.md §5). Temp names start with `~fhtmp-` and never carry the
// version stamp, so recovery can tell them from versions.
import { closeSync, constants, fstatSync, fsync, futimesSync, fchmodSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const TEMP_PREFIX = '~fhtmp-';

export class CopyAbortedError extends Error {
  override readonly name = 'CopyAbortedError';
}

export interface CopiedFile {
  readonly size: number;
  readonly mtimeMs: number;
}

export interface CopyOptions {
  readonly signal: AbortSignal;
  readonly chunkSize: number;
  readonly onChunk?: (bytes: number) => void;
  /** Mode of the final file: 0o444 for versions (read-only, as Windows marks them), 0o644 for restores. */
  readonly mode: number;
  /**
   * Takes the removal of a stopped copy's partial file so the stop is not held up by the file
   * system freeing it (ext4 needs ~0.1 s per GiB); without it the removal is awaited here.
   */
  readonly discard?: (remove: () => Promise<void>) => void;
  /** fsync for small copies (default: libuv's thread pool); a FsyncPool lets more wait at once. */
  readonly fsync?: (fd: number) => Promise<void>;
}

async function closeQuietly(fh: FileHandle | undefined): Promise<void> {
  if (fh) await fh.close().catch(() => undefined);
}

const fsyncAsync = promisify(fsync);
const O_SRC = constants.O_RDONLY | constants.O_NOFOLLOW;
const O_TMP = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Files of at most one chunk: the same steps with synchronous calls (each a few microseconds on a
 * cached file), only the fsync waits in the thread pool, so many small copies overlap their fsyncs.
 */
async function copySmall(source: string, destDir: string, destName: string, opts: CopyOptions): Promise<CopiedFile | undefined> {
  const src = openSync(source, O_SRC);
  try {
    const st = fstatSync(src);
    if (!st.isFile()) throw Object.assign(new Error(`${source} is not a regular file`), { code: 'EISDIR' });
    if (st.size > opts.chunkSize) return undefined;
    const buf = Buffer.allocUnsafe(st.size + 1);
    let total = 0;
    for (;;) {
      const n = readSync(src, buf, total, buf.length - total, total);
      if (n === 0) break;
      total += n;
      if (total === buf.length) return undefined; // grew past its size while we read: stream it
    }
    const tmp = join(destDir, TEMP_PREFIX + randomBytes(8).toString('hex'));
    const dst = openSync(tmp, O_TMP, 0o600);
    let open = true;
    try {
      let off = 0;
      while (off < total) off += writeSync(dst, buf, off, total - off);
      opts.onChunk?.(total);
      futimesSync(dst, st.atime, st.mtime);
      fchmodSync(dst, opts.mode);
      await (opts.fsync ?? fsyncAsync)(dst);
      closeSync(dst);
      open = false;
      if (opts.signal.aborted) throw new CopyAbortedError('stopped');
      renameSync(tmp, join(destDir, destName));
    } catch (e) {
      if (open) closeSync(dst);
      unlinkSync(tmp);
      throw e;
    }
    return { size: total, mtimeMs: st.mtimeMs };
  } finally {
    closeSync(src);
  }
}

export async function copyFileDurably(source: string, destDir: string, destName: string, opts: CopyOptions): Promise<CopiedFile> {
  if (opts.signal.aborted) throw new CopyAbortedError('stopped');
  const small = await copySmall(source, destDir, destName, opts);
  if (small) return small;
  const src = await open(source, O_SRC);
  let dst: FileHandle | undefined;
  const tmp = join(destDir, TEMP_PREFIX + randomBytes(8).toString('hex'));
  try {
    const st = await src.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${source} is not a regular file`), { code: 'EISDIR' });
    dst = await open(tmp, O_TMP, 0o600);
    const buf = Buffer.allocUnsafe(Math.min(opts.chunkSize, Math.max(st.size, 1)));
    let total = 0;
    for (;;) {
      if (opts.signal.aborted) throw new CopyAbortedError('stopped');
      const { bytesRead } = await src.read(buf, 0, buf.length, total);
      if (bytesRead === 0) break;
      let off = 0;
      while (off < bytesRead) off += (await dst.write(buf, off, bytesRead - off)).bytesWritten;
      total += bytesRead;
      opts.onChunk?.(total);
    }
    await dst.utimes(st.atime, st.mtime);
    await dst.chmod(opts.mode);
    await dst.sync();
    await dst.close();
    dst = undefined;
    if (opts.signal.aborted) throw new CopyAbortedError('stopped');
    await rename(tmp, join(destDir, destName));
    return { size: total, mtimeMs: st.mtimeMs };
  } catch (e) {
    const d = dst;
    const remove = async (): Promise<void> => {
      await closeQuietly(d);
      await unlink(tmp).catch(() => undefined);
    };
    if (e instanceof CopyAbortedError && opts.discard) opts.discard(remove);
    else await remove();
    throw e;
  } finally {
    await closeQuietly(src);
  }
}
