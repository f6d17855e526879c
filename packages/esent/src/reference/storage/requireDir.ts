// A folder the engine needs (system, log, temp, backup, restore paths): present, or created when
// JET_paramCreatePathIfNotExist is set, else the caller's Windows code. The error names the folder
// and carries the file system's own error (ENOENT, ENOTDIR, EACCES) as its cause, so a user sees
// what is missing, not only JET_errInvalidSystemPath.
import { jetError } from '@winbackup/errors';
import { mkdirSync, statSync } from 'node:fs';

export function requireDir(dir: string, create: boolean, code: number, context: string, what = 'folder'): void {
  let cause: unknown;
  try {
    if (statSync(dir).isDirectory()) return;
    cause = Object.assign(new Error(`ENOTDIR: not a directory, stat '${dir}'`), { code: 'ENOTDIR', syscall: 'stat', path: dir });
  } catch (e) {
    cause = e;
  }
  if (create) {
    try {
      mkdirSync(dir, { recursive: true });
      return;
    } catch (e) {
      cause = e;
    }
  }
  throw jetError(code, { context: `${context}: ${what} ${dir}`, cause });
}
