// One backup cycle: scan the scope, compare each file with its newest version (size and
// modification time, standing in for the USN journal; SEMANTICS.md §4 "Change detection"), and
// copy new and changed files as versions. Versions are committed to the catalog in batches, each
// only after its files' renames are durable, so the catalog never names a missing version.
import { lstatSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NewVersionRecord, VersionCatalog } from '../catalog/VersionCatalog.js';
import type { ResolvedScope } from '../config/scope.js';
import { dataRelativeDir, type TargetNamespace } from '../layout/namespace.js';
import { versionFileName } from '../layout/versionName.js';
import { fsyncDir } from '../util/durable.js';
import { isSameOrInside } from '../util/paths.js';
import { CopyAbortedError, copyFileDurably } from './copyFile.js';
import type { CycleReport, FhEvent, SkippedFile } from './events.js';
import { ensureDirBelow, UnsafePathError } from './fsSafe.js';
import type { DirListing, ScanPool } from './scanPool.js';

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
  /** Threads that list folders for the scan. */
  readonly pool: ScanPool;
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
const BATCH_MS = 250;

function skip(list: SkippedFile[], emit: (e: FhEvent) => void, path: string, reason: string, message: string): void {
  const s = { path, reason, message };
  list.push(s);
  emit({ type: 'file-skipped', skipped: s });
}

async function scan(input: CycleInput, skipped: SkippedFile[]): Promise<{ scanned: number; changed: Candidate[] }> {
  const latest = input.catalog.latest();
  const changed: Candidate[] = [];
  let scanned = 0;
  const skipDir = (d: string) => input.skipDirs.some((s) => isSameOrInside(d, s));
  const queue: string[] = [];
  for (const root of input.scope.roots) {
    if (skipDir(root)) continue;
    const st = lstatSync(root, { throwIfNoEntry: false });
    if (st === undefined) continue; // a library folder that does not exist has nothing to protect
    if (!st.isDirectory()) skip(skipped, input.emit, root, st.isSymbolicLink() ? 'reparse-point' : 'not-a-file', 'scope root is not a folder');
    else queue.push(root);
  }
  const handle = (l: DirListing): void => {
    if (l.error !== undefined) {
      skip(skipped, input.emit, l.dir, 'scan-failed', l.error);
      return;
    }
    for (let i = 0; i < l.names.length; i++) {
      const full = join(l.dir, l.names[i]!);
      if (input.scope.isExcluded(full)) continue;
      switch (l.kinds[i]) {
        case 'd':
          if (!skipDir(full)) queue.push(full);
          break;
        case 'f': {
          scanned++;
          const last = latest.get(full);
          if (!last || last.size !== l.sizes[i] || last.mtimeMs !== l.mtimes[i]) changed.push({ path: full });
          break;
        }
        case 'l':
          // Windows skips reparse points; following one could leave the scope.
          skip(skipped, input.emit, full, 'reparse-point', 'symbolic links are not followed');
          break;
        case 'v':
          skip(skipped, input.emit, full, 'vanished', 'deleted during the scan');
          break;
        default:
          skip(skipped, input.emit, full, 'not-a-file', 'devices, sockets and pipes are not backed up');
      }
    }
  };
  // Each thread takes a share of the queued folders; one that finds the queue empty waits until
  // another thread's listing has queued more folders, or everything is done.
  const threads = input.pool.threads;
  let active = 0;
  let wake: (() => void)[] = [];
  const notify = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const slot = async (n: number): Promise<void> => {
    for (;;) {
      if (input.signal.aborted) return;
      if (queue.length === 0) {
        if (active === 0) return;
        await new Promise<void>((r) => wake.push(r));
        continue;
      }
      const batch = queue.splice(0, Math.max(1, Math.min(64, Math.ceil(queue.length / threads))));
      active++;
      let listings: DirListing[];
      try {
        listings = await input.pool.list(n, batch);
      } finally {
        active--;
      }
      for (const l of listings) handle(l);
      notify();
    }
  };
  await Promise.all(Array.from({ length: threads }, (_, n) => slot(n)));
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
  let lastFlush = input.now();
  let flushing: Promise<void> = Promise.resolve();
  // Versions are committed to the catalog in batches (one durable ESE commit each), overlapping
  // the copies that follow; a batch's folders are fsync'd first (and the parents of folders this
  // cycle created), so a row never names a file that a power loss could take back.
  const flush = (): Promise<void> => {
    const rows = pending;
    const dirs = pendingDirs;
    pending = [];
    pendingDirs = new Set();
    lastFlush = input.now();
    flushing = flushing.then(async () => {
      if (rows.length === 0) return;
      await Promise.all([...dirs].map((d) => fsyncDir(d)));
      await input.catalog.add(rows);
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
        destDir = ensureDirBelow(input.ns.dataDir, relDir, verified, (created) => pendingDirs.add(dirname(created)));
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
        if (pending.length >= BATCH_ROWS || input.now() - lastFlush >= BATCH_MS) flush().catch(() => undefined);
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
