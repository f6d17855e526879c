// What the store's file system can do, probed once per machine with a scratch file (a free
// temp name in the store, removed at once; a crash leaves a `.tmp-` name the store cleans up).
import { closeSync, constants, copyFileSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';

/** Whether files can be cloned (FICLONE) rather than copied byte by byte. */
export function reflinkSupported(probe: string): boolean {
  const fd = openSync(probe, 'w');
  closeSync(fd);
  try {
    copyFileSync(probe, `${probe}.clone`, constants.COPYFILE_FICLONE_FORCE);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
    rmSync(`${probe}.clone`, { force: true });
  }
}

/**
 * Whether a write that follows a stat always gets a new ctime, even within one clock tick (Linux's
 * multigrain timestamps do this). Where it does not, a same-size write right after the pre-copy's
 * lstat can leave size, mtime and ctime as they were.
 */
export function ctimeTellsWritesApart(probe: string): boolean {
  const fd = openSync(probe, 'w');
  try {
    for (let i = 0; i < 20; i++) {
      const before = fstatSync(fd, { bigint: true }).ctimeNs;
      writeSync(fd, String(i % 10), 0);
      if (fstatSync(fd, { bigint: true }).ctimeNs === before) return false;
    }
    return true;
  } finally {
    closeSync(fd);
    rmSync(probe, { force: true });
  }
}
