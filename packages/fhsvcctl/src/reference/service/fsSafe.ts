// Creating folders below a root without ever following a symlink, so no write can leave the root
// (issue 6 "Security": nothing is written outside the target, no path escapes it).
import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { safeSegments } from '../layout/namespace.js';

export class UnsafePathError extends Error {
  override readonly name = 'UnsafePathError';
}

/**
 * Makes `root/<rel>` exist as real directories and returns its path. Each component is lstat'd;
 * a symlink or a non-directory in the way is refused. `verified` caches checked folders;
 * `onCreated` hears of each folder made here.
 */
export function ensureDirBelow(root: string, rel: string, verified: Set<string>, onCreated?: (dir: string) => void): string {
  let p = root;
  if (rel === '') return p;
  for (const seg of safeSegments(rel, 'ensureDirBelow')) {
    p = join(p, seg);
    if (verified.has(p)) continue;
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (st === undefined) {
      try {
        mkdirSync(p, { mode: 0o755 });
        // A new folder's name lives in its parent: the caller fsyncs the parent before trusting it.
        onCreated?.(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const again = lstatSync(p);
        if (!again.isDirectory()) throw new UnsafePathError(`${p} is not a directory`);
      }
    } else if (!st.isDirectory()) {
      throw new UnsafePathError(`${p} is ${st.isSymbolicLink() ? 'a symlink' : 'not a directory'}; refusing to write through it`);
    }
    verified.add(p);
  }
  return p;
}
