// Folder fsyncs started as soon as a name in the folder changes, so that by the time a catalog
// batch needs its folders durable most of them already are. A folder that changes while its
// fsync runs needs another one; settle() waits for an fsync that began after the last change.
import { fsyncDir } from './durable.js';

interface DirState {
  changes: number;
  synced: number;
  running: Promise<void> | undefined;
}

export class DirSyncer {
  private readonly dirs = new Map<string, DirState>();

  /** `sync` makes one folder's entries durable (an fsync of the folder). */
  constructor(private readonly sync: (dir: string) => Promise<void> = fsyncDir) {}

  private state(dir: string): DirState {
    let st = this.dirs.get(dir);
    if (!st) {
      st = { changes: 0, synced: 0, running: undefined };
      this.dirs.set(dir, st);
    }
    return st;
  }

  private start(dir: string, st: DirState): Promise<void> {
    const upTo = st.changes;
    const p = this.sync(dir).then(() => {
      if (upTo > st.synced) st.synced = upTo;
    });
    st.running = p;
    p.then(
      () => {
        if (st.running === p) st.running = undefined;
      },
      () => {
        if (st.running === p) st.running = undefined;
      },
    );
    return p;
  }

  /** A name was added to `dir` (rename, mkdir): start its fsync unless one is already running. */
  changed(dir: string): void {
    const st = this.state(dir);
    st.changes++;
    // A failure here is seen again by settle(), which runs the fsync once more and throws.
    if (!st.running) this.start(dir, st).catch(() => undefined);
  }

  /** Resolves once every change made so far to these folders is durable; rejects if an fsync fails. */
  async settle(dirs: Iterable<string>): Promise<void> {
    await Promise.all(
      [...dirs].map(async (dir) => {
        const st = this.state(dir);
        const target = st.changes;
        while (st.synced < target) await (st.running ?? this.start(dir, st));
      }),
    );
  }
}
