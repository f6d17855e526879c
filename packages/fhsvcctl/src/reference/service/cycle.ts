// One backup cycle: scan the scope, compare each file with its newest version (size and
// modification time, standing in for the USN journal; SEMANTICS.md §4 "Change detection"), and
// copy new and changed files as versions. Versions are committed to the catalog in batches, each
// only after its files' renames are durable, so the catalog never names a missing version.
import { lstatSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import type { NewVersionRecord, VersionCatalog } from '../catalog/VersionCatalog.js';
import type { ResolvedScope } from '../config/scope.js';
import { dataRelativeDir, type TargetNamespace } from '../layout/namespace.js';
import { versionFileName } from '../layout/versionName.js';
import { DirSyncer } from '../util/DirSyncer.js';
import { fsyncDir } from '../util/durable.js';
import type { FsyncPool } from '../util/FsyncPool.js';
import { isSameOrInside } from '../util/paths.js';
import { CopyAbortedError, copyFileDurably } from './copyFile.js';
import type { CycleReport, FhEvent, SkippedFile } from './events.js';
import { ensureDirBelow, UnsafePathError } from './fsSafe.js';
import { walkTree, type DirListing, type ScanPool } from '@winbackup/tree-scan';

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
  /** More fsyncs in flight for LowPriorityIo=FALSE copies. */
  readonly fsyncPool: FsyncPool;
  readonly emit: (e: FhEvent) => void;
  /**
   * Called once, when the first changed file is taken; no copy starts before it resolves (the
   * service makes its crash marker durable). The scan goes on meanwhile.
   */
  readonly beforeFirstWrite: () => Promise<void>;
  /** Takes the removal of a stopped copy's partial file (see CopyOptions.discard). */
  readonly discard: (remove: () => Promise<void>) => void;
}

interface Candidate {
  readonly path: string;
}

const BATCH_ROWS = 256;
const BATCH_MS = 250;
/** Copies in flight with LowPriorityIo=FALSE. */
const COPY_THREADS = 8;

function skip(list: SkippedFile[], emit: (e: FhEvent) => void, path: string, reason: string, message: string): void {
  const s = { path, reason, message };
  list.push(s);
  emit({ type: 'file-skipped', skipped: s });
}

/** Scans the scope; each new or changed file goes to `found` as soon as its folder is listed. */
async function scan(input: CycleInput, skipped: SkippedFile[], found: (c: Candidate) => void): Promise<{ scanned: number; changed: number }> {
  const latest = input.catalog.latest();
  let changed = 0;
  let scanned = 0;
  const skipDir = (d: string) => input.skipDirs.some((s) => isSameOrInside(d, s));
  const roots: string[] = [];
  for (const root of input.scope.roots) {
    if (skipDir(root)) continue;
    const st = lstatSync(root, { throwIfNoEntry: false });
    if (st === undefined) continue; // a library folder that does not exist has nothing to protect
    if (!st.isDirectory()) skip(skipped, input.emit, root, st.isSymbolicLink() ? 'reparse-point' : 'not-a-file', 'scope root is not a folder');
    else roots.push(root);
  }
  const handle = (l: DirListing, descend: (dir: string) => void): void => {
    if (l.error !== undefined) {
      skip(skipped, input.emit, l.dir, 'scan-failed', l.error);
      return;
    }
    for (let i = 0; i < l.names.length; i++) {
      // Listed folders are canonical and names hold no separator: no need for path.join here.
      const full = l.dir === sep ? sep + l.names[i]! : l.dir + sep + l.names[i]!;
      if (input.scope.isExcluded(full)) continue;
      switch (l.kinds[i]) {
        case 'd':
          if (!skipDir(full)) descend(full);
          break;
        case 'f': {
          scanned++;
          const last = latest.get(full);
          if (!last || last.size !== l.sizes[i] || last.mtimeMs !== l.mtimes[i]) {
            changed++;
            found({ path: full });
          }
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
  // Small batches on every scan thread: listings come back (and their changed files start
  // copying) while the scan goes on.
  await walkTree(input.pool, roots, handle, { shouldStop: () => input.signal.aborted });
  return { scanned, changed };
}

export async function runCycle(input: CycleInput): Promise<CycleReport> {
  const startedAt = input.now();
  const skipped: SkippedFile[] = [];
  const copied: string[] = [];
  input.emit({ type: 'cycle-start', backupSetTime: input.backupSetTime });

  // Files to copy, in the order they are handed out. LowPriorityIo=FALSE copies while the scan
  // goes on, so the copies' fsyncs overlap the scan; TRUE waits for the whole scan and copies one
  // file at a time in path order (less disturbance to foreground work, deterministic order).
  const queue: Candidate[] = [];
  let scanDone = false;
  let wake: (() => void)[] = [];
  const notify = (): void => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };

  const verified = new Set<string>();
  // LowPriorityIo=FALSE lets more fsyncs wait at once (copies and their folders).
  const fsync = input.lowPriorityIo ? undefined : (fd: number) => input.fsyncPool.fsync(fd);
  const dirSync = new DirSyncer(fsync ? (d) => fsyncDir(d, fsync) : undefined);
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
      await dirSync.settle(dirs);
      await input.catalog.add(rows);
    });
    return flushing;
  };

  let marker: Promise<void> | undefined;
  let next = 0;
  const take = async (): Promise<Candidate | undefined> => {
    for (;;) {
      if (input.signal.aborted) return undefined;
      if (next < queue.length) {
        marker ??= input.beforeFirstWrite();
        await marker;
        if (input.signal.aborted || next >= queue.length) continue;
        return queue[next++]!;
      }
      if (scanDone) return undefined;
      await new Promise<void>((r) => wake.push(r));
    }
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      const c = await take();
      if (c === undefined) return;
      const relDir = dataRelativeDir(dirname(c.path));
      let destDir: string;
      try {
        destDir = ensureDirBelow(input.ns.dataDir, relDir, verified, (created) => {
          pendingDirs.add(dirname(created));
          dirSync.changed(dirname(created));
        });
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
          ...(fsync ? { fsync } : {}),
          onChunk: (bytes) => input.emit({ type: 'copy-progress', sourcePath: c.path, bytes }),
        });
        const storedPath = relDir === '' ? name : `${relDir}/${name}`;
        copied.push(c.path);
        pending.push({ sourcePath: c.path, storedPath, versionTime: input.backupSetTime, size: done.size, mtimeMs: done.mtimeMs });
        pendingDirs.add(destDir);
        dirSync.changed(destDir);
        input.emit({ type: 'version-created', sourcePath: c.path, storedPath });
        if (pending.length >= BATCH_ROWS || input.now() - lastFlush >= BATCH_MS) flush().catch(() => undefined);
      } catch (e) {
        if (e instanceof CopyAbortedError) return;
        if (e instanceof UnsafePathError) skip(skipped, input.emit, c.path, 'unsafe-target-path', e.message);
        else {
          const code = (e as NodeJS.ErrnoException).code;
          // Unreadable or vanished files are skipped and reported, never fatal (SEMANTICS.md §4).
          skip(skipped, input.emit, c.path, code === 'ENOENT' ? 'vanished' : code === 'ELOOP' ? 'reparse-point' : 'unreadable', (e as Error).message);
        }
      }
    }
  };

  // A worker fails only if the crash marker cannot be made; the failure is kept (and handled at
  // once, so it is never an unhandled rejection while the scan goes on) and thrown at the end.
  let failure: { error: unknown } | undefined;
  const run = (): Promise<void> =>
    worker().catch((error: unknown) => {
      failure ??= { error };
    });
  const pipelined = !input.lowPriorityIo;
  const workers = pipelined ? Array.from({ length: COPY_THREADS }, run) : [];
  let scanned = 0;
  let changed = 0;
  let scanError: { error: unknown } | undefined;
  try {
    ({ scanned, changed } = await scan(input, skipped, (c) => {
      queue.push(c);
      if (pipelined) notify();
    }));
  } catch (error) {
    // Copies already under way finish and are committed, so the catalog agrees with Data.
    scanError = { error };
    queue.length = next;
  } finally {
    scanDone = true;
    notify();
  }
  if (scanError) {
    await Promise.all(workers);
    await flush();
    throw scanError.error;
  }
  input.emit({ type: 'scan-complete', scanned, changed });
  if (!pipelined) {
    queue.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    workers.push(run());
  }
  await Promise.all(workers);
  await flush();
  if (failure) throw failure.error;
  copied.sort();
  const report: CycleReport = {
    backupSetTime: input.backupSetTime,
    startedAt,
    endedAt: input.now(),
    lowPriorityIo: input.lowPriorityIo,
    scanned,
    changed,
    copied,
    skipped,
    stopped: input.signal.aborted,
  };
  return report;
}
