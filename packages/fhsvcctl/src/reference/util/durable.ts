// Durable file-system steps: write to a temporary name, fsync, rename, fsync the directory, so a
// crash leaves the old or the new file and never a torn one (ARCHITECTURE.md, "Nothing half-written").
import { closeSync, fsync, fsyncSync, openSync, renameSync, writeSync, constants, unlinkSync } from 'node:fs';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const fsyncAsync = promisify(fsync);

/** Opening and closing a folder take microseconds: only the fsync itself waits in the thread pool. */
export async function fsyncDir(dir: string, sync: (fd: number) => Promise<void> = fsyncAsync): Promise<void> {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await sync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `path` with `data` atomically and (unless `durable` is false) durably. Non-durable
 * replacement still never exposes a half-written file to a process crash; after a power loss the
 * file may be the old one or, on some file systems, empty, so only tolerant readers may use it.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, durable = true): void {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    if (durable) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  if (durable) fsyncDirSync(dirname(path));
}
