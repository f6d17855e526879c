// Point-in-time copy of a volume directory into the snapshot store. Files are cloned with
// COPYFILE_FICLONE (a reflink where the file system supports it, a plain copy otherwise), so the
// copy never shares an inode with the source; modes and times are kept, then write bits are
// removed so the snapshot tree is read-only.
import { constants, promises as fsp } from 'node:fs';
import { join } from 'node:path';

export interface TreeCopyOptions {
  /** Checked between files; when it returns true the copy stops with an error. */
  readonly shouldStop?: () => boolean;
  /** Files copied concurrently (libuv's pool does the work). */
  readonly concurrency?: number;
  /** fsync every copied file and directory (persistent snapshots must survive a crash). */
  readonly durable?: boolean;
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await fsp.open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class TreeCopyStopped extends Error {
  constructor() {
    super('tree copy stopped');
  }
}

export interface TreeCopyStats {
  files: number;
  bytes: number;
}

/** Copies `src` into the new directory `dst` (which must not exist) and makes the copy read-only. */
export async function copyTreeReadOnly(src: string, dst: string, options: TreeCopyOptions = {}): Promise<TreeCopyStats> {
  const stop = options.shouldStop ?? (() => false);
  const limit = options.concurrency ?? 32;
  const stats: TreeCopyStats = { files: 0, bytes: 0 };
  // times as seconds with their fraction (a Date would cut them to the ms)
  const dirs: { path: string; mode: number; atime: number; mtime: number }[] = [];
  const files: { from: string; to: string }[] = [];

  const walk = async (from: string, to: string): Promise<void> => {
    if (stop()) throw new TreeCopyStopped();
    const st = await fsp.lstat(from);
    await fsp.mkdir(to);
    dirs.push({ path: to, mode: st.mode & 0o7777, atime: st.atimeMs / 1000, mtime: st.mtimeMs / 1000 });
    for (const e of await fsp.readdir(from, { withFileTypes: true })) {
      const f = join(from, e.name);
      const t = join(to, e.name);
      if (e.isDirectory()) await walk(f, t);
      else if (e.isSymbolicLink()) await fsp.symlink(await fsp.readlink(f), t);
      else if (e.isFile()) files.push({ from: f, to: t });
      // sockets, FIFOs and devices have no content to snapshot
    }
  };
  await walk(src, dst);

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      if (stop()) throw new TreeCopyStopped();
      const job = files[next++]!;
      await fsp.copyFile(job.from, job.to, constants.COPYFILE_FICLONE);
      const st = await fsp.stat(job.from);
      await fsp.utimes(job.to, st.atimeMs / 1000, st.mtimeMs / 1000);
      await fsp.chmod(job.to, st.mode & 0o7555);
      if (options.durable) await fsyncPath(job.to);
      stats.files++;
      stats.bytes += st.size;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, Math.max(1, files.length)) }, worker));
  // deepest first, so a parent's write bit goes last
  for (const d of dirs.reverse()) {
    await fsp.utimes(d.path, d.atime, d.mtime);
    await fsp.chmod(d.path, d.mode & 0o7555);
    if (options.durable) await fsyncPath(d.path);
  }
  return stats;
}

/** Removes a (possibly read-only) tree: directories get their write bit back first. */
export async function removeTree(dir: string): Promise<void> {
  const unlock = async (p: string): Promise<void> => {
    let entries;
    try {
      await fsp.chmod(p, 0o700);
      entries = await fsp.readdir(p, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) await unlock(join(p, e.name));
  };
  await unlock(dir);
  await fsp.rm(dir, { recursive: true, force: true });
}
