// Where things live on the target: <target>/FileHistory/<user>/<computer>/{Configuration,Data}.
// SEMANTICS.md §4 ("Folder layout"). Windows writes Data\<drive letter>\<path>; on POSIX the
// absolute source path minus its leading separator takes that place.
import { join, sep } from 'node:path';
import { hresultError, E_INVALIDARG } from '@winbackup/errors';

export interface TargetNamespace {
  /** <target>/FileHistory/<user>/<computer> */
  readonly root: string;
  readonly configurationDir: string;
  readonly dataDir: string;
}

export function targetNamespace(targetDir: string, user: string, computer: string): TargetNamespace {
  const root = join(targetDir, 'FileHistory', user, computer);
  return { root, configurationDir: join(root, 'Configuration'), dataDir: join(root, 'Data') };
}

/** Checks that a user or computer name is one path component (no separator, no dot names). */
export function isSafeComponent(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && !name.includes('\0');
}

/** Splits a '/'-separated relative path, refusing anything that could leave its root. */
export function safeSegments(rel: string, context: string): string[] {
  const segs = rel.split('/');
  if (rel.length === 0 || rel.startsWith('/') || rel.includes('\0') || rel.includes('\\')) {
    throw hresultError(E_INVALIDARG, { context: `${context}: unsafe relative path ${JSON.stringify(rel)}` });
  }
  for (const s of segs) {
    if (s === '' || s === '.' || s === '..') {
      throw hresultError(E_INVALIDARG, { context: `${context}: unsafe relative path ${JSON.stringify(rel)}` });
    }
  }
  return segs;
}

/** The '/'-separated path under Data for an absolute source path. */
export function dataRelativeDir(sourceDir: string): string {
  return sourceDir.split(sep).filter((s) => s !== '').join('/');
}
