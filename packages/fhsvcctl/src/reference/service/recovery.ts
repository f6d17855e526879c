// After a crash (a cycle or a cleanup marker left behind), makes the target and the catalog agree:
// temp files are partial copies and go; a catalog row whose file is missing goes; a version file
// with no row was renamed but never committed, so it goes too and the next cycle copies the file
// again. Symlinks found under Data are not ours and are removed without being followed.
import { lstatSync, readdirSync, unlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TEMP_PREFIX } from './copyFile.js';
import type { VersionCatalog } from '../catalog/VersionCatalog.js';

export interface RecoveryReport {
  readonly tempFilesRemoved: number;
  readonly orphanFilesRemoved: number;
  readonly orphanRowsRemoved: number;
}

/** Every regular file under dataDir as a '/'-separated relative path; temp files and links removed. */
function walkData(dataDir: string, counts: { temp: number; orphan: number }): Set<string> {
  const files = new Set<string>();
  if (!existsSync(dataDir)) return files;
  const stack: [string, string][] = [[dataDir, '']];
  while (stack.length) {
    const [dir, rel] = stack.pop()!;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, ent.name);
      const r = rel === '' ? ent.name : `${rel}/${ent.name}`;
      if (ent.isDirectory()) stack.push([full, r]);
      else if (ent.isFile() && ent.name.startsWith(TEMP_PREFIX)) {
        unlinkSync(full);
        counts.temp++;
      } else if (ent.isFile()) files.add(r);
      else {
        unlinkSync(full);
        counts.orphan++;
      }
    }
  }
  return files;
}

export async function recoverTarget(dataDir: string, catalog: VersionCatalog): Promise<RecoveryReport> {
  const counts = { temp: 0, orphan: 0 };
  const files = walkData(dataDir, counts);
  const rows = catalog.list();
  const known = new Set<string>();
  const missing: number[] = [];
  for (const r of rows) {
    if (files.has(r.storedPath)) known.add(r.storedPath);
    else missing.push(r.id);
  }
  await catalog.remove(missing);
  for (const f of files) {
    if (known.has(f)) continue;
    const full = join(dataDir, ...f.split('/'));
    if (lstatSync(full).isFile()) unlinkSync(full);
    counts.orphan++;
  }
  return { tempFilesRemoved: counts.temp, orphanFilesRemoved: counts.orphan, orphanRowsRemoved: missing.length };
}
