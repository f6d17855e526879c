// Queries over catalog rows: newest version per file, and the version in force at a given time.
import { isSameOrInside } from '../util/paths.js';
import type { VersionRecord } from './VersionCatalog.js';

/** Newest version of each source path. */
export function latestBySource(records: readonly VersionRecord[]): Map<string, VersionRecord> {
  const out = new Map<string, VersionRecord>();
  for (const r of records) {
    const cur = out.get(r.sourcePath);
    if (!cur || r.versionTime > cur.versionTime || (r.versionTime === cur.versionTime && r.id > cur.id)) out.set(r.sourcePath, r);
  }
  return out;
}

/** Versions of `path` (a file, or every file under a folder), oldest first. */
export function versionsUnder(records: readonly VersionRecord[], path: string): VersionRecord[] {
  return records
    .filter((r) => isSameOrInside(r.sourcePath, path))
    .sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : a.versionTime - b.versionTime || a.id - b.id));
}

/** For each file under `path`, the newest version captured at or before `asOfMs`. */
export function versionsAsOf(records: readonly VersionRecord[], path: string, asOfMs: number): VersionRecord[] {
  return [...latestBySource(versionsUnder(records, path).filter((r) => r.versionTime <= asOfMs)).values()].sort((a, b) =>
    a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0,
  );
}
