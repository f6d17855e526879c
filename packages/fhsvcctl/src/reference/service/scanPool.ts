// Listing folders for a cycle on two threads: a scan is one lstat per file, and on a machine with
// more than one core two threads finish it in about half the time (the role the USN journal plays
// on Windows, SEMANTICS.md §4). Workers only read; the cycle decides what to do with each entry.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** One folder's entries: kinds are 'd' folder, 'f' file, 'l' symlink, 'o' other, 'v' vanished. */
export interface DirListing {
  readonly dir: string;
  readonly error?: string;
  readonly names: string[];
  readonly kinds: string;
  readonly sizes: number[];
  readonly mtimes: number[];
}

// The same steps as listDirSync below, as CommonJS source for the workers (no TypeScript loader there).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
function list(dir) {
  const out = { dir, names: [], kinds: '', sizes: [], mtimes: [] };
  let ents;
  try { ents = fs.readdirSync(dir, { withFileTypes: true }); } catch (e) { out.error = String(e && e.message || e); return out; }
  for (const e of ents) {
    let kind = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o';
    let size = 0, mtime = 0;
    if (kind === 'f') {
      const st = fs.lstatSync(path.join(dir, e.name), { throwIfNoEntry: false });
      if (st === undefined) kind = 'v'; else if (!st.isFile()) kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'o';
      else { size = st.size; mtime = st.mtimeMs; }
    }
    out.names.push(e.name); out.kinds += kind; out.sizes.push(size); out.mtimes.push(mtime);
  }
  return out;
}
parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, listings: m.dirs.map(list) }));
`;

export function listDirSync(dir: string): DirListing {
  const names: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  let kinds = '';
  let ents;
  try {
    ents = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return { dir, error: (e as Error).message, names, kinds, sizes, mtimes };
  }
  for (const e of ents) {
    let kind = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o';
    let size = 0;
    let mtime = 0;
    if (kind === 'f') {
      const st = lstatSync(join(dir, e.name), { throwIfNoEntry: false });
      if (st === undefined) kind = 'v';
      else if (!st.isFile()) kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'o';
      else {
        size = st.size;
        mtime = st.mtimeMs;
      }
    }
    names.push(e.name);
    kinds += kind;
    sizes.push(size);
    mtimes.push(mtime);
  }
  return { dir, names, kinds, sizes, mtimes };
}

export class ScanPool {
  private workers: Worker[] | undefined;
  /** Requests each worker has not answered yet: a worker is ref'd while it has any. */
  private readonly pending = new Map<Worker, number>();
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (l: DirListing[]) => void; reject: (e: Error) => void }>();
  private failed = false;

  constructor(private readonly size: number) {}

  private start(): Worker[] | undefined {
    if (this.workers || this.failed || this.size === 0) return this.workers;
    try {
      this.workers = Array.from({ length: this.size }, () => {
        const w = new Worker(WORKER_SOURCE, { eval: true });
        w.on('message', (m: { id: number; listings: DirListing[] }) => {
          this.settled(w);
          const p = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          p?.resolve(m.listings);
        });
        w.on('error', (e) => this.fail(e));
        // an idle pool never keeps the process alive (a waiting listing does); unref after the
        // listeners: on Node 20 a 'message' listener attached after unref() refs the port again
        w.unref();
        return w;
      });
    } catch {
      this.failed = true;
      this.workers = undefined;
    }
    return this.workers;
  }

  private settled(w: Worker): void {
    const n = (this.pending.get(w) ?? 1) - 1;
    this.pending.set(w, n);
    if (n === 0) w.unref();
  }

  private fail(e: Error): void {
    this.failed = true;
    const ws = this.workers;
    this.workers = undefined;
    for (const p of this.waiting.values()) p.reject(e);
    this.waiting.clear();
    for (const w of ws ?? []) void w.terminate();
  }

  /** Lists the folders on worker `slot`, or on this thread when workers are unavailable. */
  list(slot: number, dirs: readonly string[]): Promise<DirListing[]> {
    const ws = this.start();
    const w = ws?.[slot % ws.length];
    if (!w) return Promise.resolve(dirs.map(listDirSync));
    return new Promise((resolve, reject) => {
      const id = ++this.seq;
      this.waiting.set(id, { resolve, reject });
      const n = this.pending.get(w) ?? 0;
      this.pending.set(w, n + 1);
      if (n === 0) w.ref();
      w.postMessage({ id, dirs });
    }).then(
      (l) => l as DirListing[],
      () => dirs.map(listDirSync), // a worker died: finish on this thread
    );
  }

  get threads(): number {
    return Math.max(1, this.start()?.length ?? 1);
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = undefined;
    await Promise.all((ws ?? []).map((w) => w.terminate()));
  }
}
