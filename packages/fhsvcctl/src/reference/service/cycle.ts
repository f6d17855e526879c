// One backup cycle: scan the scope, compare each file with its newest version (size and
// modification time, standing in for the USN journal; SEMANTICS.md §4 "Change detection"), and
// copy new and changed files as versions. Versions are committed to the catalog in batches, each
// only after its files' renames are durable, so the catalog never names a missing version.
import { lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { NewVersionRecord, VersionCatalog } from '../catalog/VersionCatalog.js';
import type { ResolvedScope } from '../config/scope.js';
import { dataRelativeDir, type TargetNamespace } from '../layout/namespace.js';
import { versionFileName } from '../layout/versionName.js';
import { fsyncDir } from '../util/durable.js';
import { isSameOrInside } from '../util/paths.js';
import { CopyAbortedError, copyFileDurably } from './copyFile.js';
import type { CycleReport, FhEvent, SkippedFile } from './events.js';
import { ensureDirBelow, UnsafePathError } from './fsSafe.js';

export interface CycleInput {
  readonly scope: ResolvedScope;
  readonly ns: TargetNamespace;
  readonly catalog: VersionCatalog;
  readonly backupSetTime: number;
  readonly signal: AbortSignal;
  readonly lowPriorityIo: boolean;
  readonly chunkSize: number;
  /** Folders never scanned (the target, the service's state). */
  readonly skipDirs: readonly string[];
  readonly now: () => number;
  readonly emit: (e: FhEvent) => void;
  /** Called once, before the cycle first writes to the target (the service sets its crash marker). */
  readonly beforeFirstWrite: () => void;
  /** Takes the removal of a stopped copy's partial file (see CopyOptions.discard). */
  readonly discard: (remove: () => Promise<void>) => void;
}

interface Candidate {
  readonly path: string;
}

const BATCH_ROWS = 256;

function skip(list: SkippedFile[], emit: (e: FhEvent) => void, path: string, reason: string, message: string): void {
  const s = { path, reason, message };
  list.push(s);
  emit({ type: 'file-skipped', skipped: s });
}

async function scan(input: CycleInput, skipped: SkippedFile[]): Promise<{ scanned: number; changed: Candidate[] }> {
  const latest = input.catalog.latest();
  const changed: Candidate[] = [];
  let scanned = 0;
  let sinceYield = 0;
  const stack = [...input.scope.roots].reverse();
  while (stack.length) {
    if (input.signal.aborted) break;
    const dir = stack.pop()!;
    if (input.skipDirs.some((d) => isSameOrInside(dir, d))) continue;
    let entries;
    try {
      const st = lstatSync(dir, { throwIfNoEntry: false });
      if (st === undefined) continue; // a library folder that does not exist has nothing to protect
      if (!st.isDirectory()) {
        skip(skipped, input.emit, dir, st.isSymbolicLink() ? 'reparse-point' : 'not-a-file', 'scope root is not a folder');
        continue;
      }
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skip(skipped, input.emit, dir, 'scan-failed', (e as Error).message);
      continue;
    }
    for (const ent of entries) {
      const full = join(dir, ent.name);
      if (input.scope.isExcluded(full)) continue;
      if (ent.isDirectory()) {
        stack.push(full);
      } else if (ent.isSymbolicLink()) {
        // Windows skips reparse points; following one could leave the scope.
        skip(skipped, input.emit, full, 'reparse-point', 'symbolic links are not followed');
      } else if (ent.isFile()) {
        const st = lstatSync(full, { throwIfNoEntry: false });
        if (st === undefined) {
          skip(skipped, input.emit, full, 'vanished', 'deleted during the scan');
          continue;
        }
        scanned++;
        const last = latest.get(full);
        if (!last || last.size !== st.size || last.mtimeMs !== st.mtimeMs) changed.push({ path: full });
      } else {
        skip(skipped, input.emit, full, 'not-a-file', 'devices, sockets and pipes are not backed up');
      }
      if (++sinceYield >= 512) {
        sinceYield = 0;
        await yieldToLoop();
        if (input.signal.aborted) break;
      }
    }
  }
  changed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { scanned, changed };
}

export async function runCycle(input: CycleInput): Promise<CycleReport> {
  const startedAt = input.now();
  const skipped: SkippedFile[] = [];
  const copied: string[] = [];
  input.emit({ type: 'cycle-start', backupSetTime: input.backupSetTime });
  const { scanned, changed } = await scan(input, skipped);
  input.emit({ type: 'scan-complete', scanned, changed: changed.length });

  const verified = new Set<string>();
  let pending: NewVersionRecord[] = [];
  let pendingDirs = new Set<string>();
  let inFlight = 0;
  let flushing: Promise<void> = Promise.resolve();
  // Catalog commits are pipelined with the copies: whenever no commit is in flight, the versions
  // finished so far are committed (their folders fsync'd first, so a row never names a file a
  // power loss could take back).
  const flush = (): Promise<void> => {
    const rows = pending;
    const dirs = pendingDirs;
    pending = [];
    pendingDirs = new Set();
    inFlight++;
    flushing = flushing
      .then(async () => {
        if (rows.length === 0) return;
        await Promise.all([...dirs].map((d) => fsyncDir(d)));
        await input.catalog.add(rows);
      })
      .finally(() => {
        inFlight--;
      });
    return flushing;
  };

  let next = 0;
  if (changed.length > 0 && !input.signal.aborted) input.beforeFirstWrite();
  const worker = async (): Promise<void> => {
    while (next < changed.length && !input.signal.aborted) {
      const c = changed[next++]!;
      const relDir = dataRelativeDir(dirname(c.path));
      let destDir: string;
      try {
        destDir = ensureDirBelow(input.ns.dataDir, relDir, verified);
      } catch (e) {
        skip(skipped, input.emit, c.path, 'unsafe-target-path', (e as Error).message);
        continue;
      }
      const name = versionFileName(basename(c.path), input.backupSetTime);
      try {
        const done = await copyFileDurably(c.path, destDir, name, {
          signal: input.signal,
          chunkSize: input.chunkSize,
          mode: 0o444,
          discard: input.discard,
          onChunk: (bytes) => input.emit({ type: 'copy-progress', sourcePath: c.path, bytes }),
        });
        const storedPath = relDir === '' ? name : `${relDir}/${name}`;
        copied.push(c.path);
        pending.push({ sourcePath: c.path, storedPath, versionTime: input.backupSetTime, size: done.size, mtimeMs: done.mtimeMs });
        pendingDirs.add(destDir);
        input.emit({ type: 'version-created', sourcePath: c.path, storedPath });
        if (pending.length >= BATCH_ROWS || inFlight === 0) flush().catch(() => undefined);
      } catch (e) {
        if (e instanceof CopyAbortedError) break;
        if (e instanceof UnsafePathError) skip(skipped, input.emit, c.path, 'unsafe-target-path', e.message);
        else {
          const code = (e as NodeJS.ErrnoException).code;
          // Unreadable or vanished files are skipped and reported, never fatal (SEMANTICS.md §4).
          skip(skipped, input.emit, c.path, code === 'ENOENT' ? 'vanished' : code === 'ELOOP' ? 'reparse-point' : 'unreadable', (e as Error).message);
        }
      }
    }
  };
  // LowPriorityIo=TRUE disturbs foreground work less: one copy at a time, in path order.
  const concurrency = input.lowPriorityIo ? 1 : 8;
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(changed.length, 1)) }, () => worker()));
  await flush();
  const report: CycleReport = {
    backupSetTime: input.backupSetTime,
    startedAt,
    endedAt: input.now(),
    lowPriorityIo: input.lowPriorityIo,
    scanned,
    changed: changed.length,
    copied,
    skipped,
    stopped: input.signal.aborted,
  };
  return report;
}
