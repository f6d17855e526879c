// Walks folders on every thread of a ScanPool: each thread takes a share of the queued folders;
// one that finds the queue empty waits until another thread's listing has queued more, or all
// are done. Listings reach `visit` on the calling thread, in small batches, while the walk goes on.
import type { DirListing, ListDetail } from './listDir.js';
import type { ScanPool } from './ScanPool.js';

/** Folders listed per message to a scan thread. */
const SCAN_BATCH = 8;

export interface WalkOptions {
  readonly detail?: ListDetail;
  /** Checked before each batch; the walk ends early (without error) once it returns true. */
  readonly shouldStop?: () => boolean;
}

/**
 * Lists `roots`, then every folder that `visit` passes to `descend`. Resolves when nothing is left
 * to list or `shouldStop` said so.
 */
export async function walkTree(
  pool: ScanPool,
  roots: readonly string[],
  visit: (listing: DirListing, descend: (dir: string) => void) => void,
  options: WalkOptions = {},
): Promise<void> {
  const queue = [...roots];
  const descend = (d: string): void => void queue.push(d);
  const stop = options.shouldStop ?? (() => false);
  const threads = pool.threads;
  let active = 0;
  let failed = false;
  let wake: (() => void)[] = [];
  const notify = (): void => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const slot = async (n: number): Promise<void> => {
    for (;;) {
      if (failed || stop()) return;
      if (queue.length === 0) {
        if (active === 0) return;
        await new Promise<void>((r) => wake.push(r));
        continue;
      }
      const batch = queue.splice(0, Math.max(1, Math.min(SCAN_BATCH, Math.ceil(queue.length / threads))));
      active++;
      let listings: DirListing[];
      try {
        listings = await pool.list(n, batch, options.detail);
      } finally {
        active--;
      }
      if (failed) return notify();
      try {
        for (const l of listings) visit(l, descend);
      } catch (e) {
        failed = true; // the other threads stop too
        throw e;
      } finally {
        notify();
      }
    }
  };
  await Promise.all(Array.from({ length: threads }, (_, n) => slot(n)));
}
