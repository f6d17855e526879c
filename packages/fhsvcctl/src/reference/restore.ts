// Restore: copies the versions in force at a time back into a folder the caller chooses, byte for
// byte with the original modification time. Only paths derived from the catalog and checked to stay
// below Data are read, and nothing is written outside the destination.
import { join, basename, dirname, relative, sep } from 'node:path';
import { mkdirSync } from 'node:fs';
import { ERROR_NOT_FOUND, HRESULT_FROM_WIN32, hresultError } from '@winbackup/errors';
import { versionsAsOf } from './catalog/query.js';
import type { VersionRecord } from './catalog/VersionCatalog.js';
import { safeSegments } from './layout/namespace.js';
import { copyFileDurably } from './service/copyFile.js';
import { ensureDirBelow } from './service/fsSafe.js';
import { fsyncDir } from './util/durable.js';
import { canonical } from './util/paths.js';

export interface RestoredFile {
  readonly sourcePath: string;
  readonly versionTime: number;
  readonly restoredPath: string;
}

export async function restoreAsOf(
  records: readonly VersionRecord[],
  dataDir: string,
  path: string,
  asOfMs: number,
  destination: string,
  chunkSize: number,
): Promise<RestoredFile[]> {
  const base = canonical(path);
  const chosen = versionsAsOf(records, base, asOfMs);
  if (chosen.length === 0) throw hresultError(HRESULT_FROM_WIN32(ERROR_NOT_FOUND), { context: `restore ${base}` });
  const dest = canonical(destination);
  mkdirSync(dest, { recursive: true });
  const verified = new Set<string>();
  const signal = new AbortController().signal;
  const out: RestoredFile[] = [];
  const touched = new Set<string>();
  // A file restores as <destination>/<name>; a folder as <destination>/<folder name>/...
  const anchor = dirname(base);
  for (const v of chosen) {
    const rel = relative(anchor, v.sourcePath).split(sep).join('/');
    const segs = safeSegments(rel, 'restore');
    const storedSegs = safeSegments(v.storedPath, 'restore');
    const relDir = segs.slice(0, -1).join('/');
    const dir = ensureDirBelow(dest, relDir, verified);
    const from = join(dataDir, ...storedSegs);
    await copyFileDurably(from, dir, segs[segs.length - 1]!, { signal, chunkSize, mode: 0o644 });
    touched.add(dir);
    out.push({ sourcePath: v.sourcePath, versionTime: v.versionTime, restoredPath: join(dir, basename(v.sourcePath)) });
  }
  await Promise.all([...touched].map((d) => fsyncDir(d)));
  return out;
}
