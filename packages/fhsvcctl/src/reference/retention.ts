// FhManagew.exe -cleanup <days>: a version goes when it is older than <days> and either a newer
// version of the file exists or the file has left the protection scope; 0 keeps only the newest
// version of each file still in scope. spec: filehistory/fhmanagew-exe.md, SEMANTICS.md §3.
import { existsSync, lstatSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { latestBySource } from './catalog/query.js';
import type { VersionCatalog, VersionRecord } from './catalog/VersionCatalog.js';
import type { ResolvedScope } from './config/scope.js';
import { safeSegments } from './layout/namespace.js';

const DAY_MS = 86_400_000;

export function versionsToClean(records: readonly VersionRecord[], scope: ResolvedScope, days: number, nowMs: number): VersionRecord[] {
  const newest = latestBySource(records);
  const present = new Map<string, boolean>();
  const inScope = (p: string): boolean => {
    let v = present.get(p);
    if (v === undefined) {
      v = scope.contains(p) && existsSync(p);
      present.set(p, v);
    }
    return v;
  };
  return records.filter((r) => {
    const older = days === 0 || nowMs - r.versionTime > days * DAY_MS;
    if (!older) return false;
    return newest.get(r.sourcePath)!.id !== r.id || !inScope(r.sourcePath);
  });
}

/** Removes the rows first (durably), then the files: a crash in between leaves orphan files that recovery removes. */
export async function deleteVersions(catalog: VersionCatalog, dataDir: string, doomed: readonly VersionRecord[]): Promise<void> {
  await catalog.remove(doomed.map((r) => r.id));
  for (const r of doomed) {
    const full = join(dataDir, ...safeSegments(r.storedPath, 'cleanup'));
    const st = lstatSync(full, { throwIfNoEntry: false });
    if (st && (st.isFile() || st.isSymbolicLink())) unlinkSync(full);
  }
}
