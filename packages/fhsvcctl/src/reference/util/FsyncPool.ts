// More fsyncs in flight than libuv's four pool threads allow. An fsync mostly waits for the disk,
// and the journal commits many waiting fsyncs together, so a batch of small versions becomes
// durable sooner when more of their fsyncs wait at once. Extra threads each run one blocking
// fsync at a time on a descriptor this thread opened (descriptors are per process).
import { fsync } from 'node:fs';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';

const fsyncAsync = promisify(fsync);
/** libuv's default thread pool size: fsyncs up to this many go there. */
const UV_SLOTS = 4;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
parentPort.on('message', (m) => {
  try { fs.fsyncSync(m.fd); parentPort.postMessage({ id: m.id }); }
  catch (e) { parentPort.postMessage({ id: m.id, code: e && e.code, message: String(e && e.message || e) }); }
});
`;

interface Slot {
  readonly worker: Worker;
  queued: number;
}

type Reply = { id: number; code?: string; message?: string };

export class FsyncPool {
  private slots: Slot[] | undefined;
  private failed = false;
  private uvInFlight = 0;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void; fd: number }>();

  constructor(private readonly extraThreads: number) {}

  private start(): Slot[] | undefined {
    if (this.slots || this.failed || this.extraThreads === 0) return this.slots;
    try {
      this.slots = Array.from({ length: this.extraThreads }, () => {
        const worker = new Worker(WORKER_SOURCE, { eval: true });
        const slot: Slot = { worker, queued: 0 };
        worker.on('message', (m: Reply) => {
          if (--slot.queued === 0) worker.unref();
          const p = this.waiting.get(m.id);
          this.waiting.delete(m.id);
          if (!p) return;
          if (m.message === undefined) p.resolve();
          else p.reject(Object.assign(new Error(m.message), { code: m.code }));
        });
        worker.on('error', () => this.fail());
        // an idle pool never keeps the process alive (a waiting fsync does, as a libuv one would);
        // unref after the listeners: on Node 20 a 'message' listener attached after unref() refs
        // the worker's port again
        worker.unref();
        return slot;
      });
    } catch {
      this.failed = true;
      this.slots = undefined;
    }
    return this.slots;
  }

  /** A thread died: what it had not answered is fsync'd again through libuv. */
  private fail(): void {
    this.failed = true;
    const slots = this.slots;
    this.slots = undefined;
    const left = [...this.waiting.values()];
    this.waiting.clear();
    for (const p of left) fsyncAsync(p.fd).then(p.resolve, p.reject);
    for (const s of slots ?? []) void s.worker.terminate();
  }

  /** fsync(fd): on a libuv thread while one is free, else on the least busy extra thread. */
  fsync(fd: number): Promise<void> {
    const slots = this.start();
    if (this.uvInFlight < UV_SLOTS || !slots) {
      this.uvInFlight++;
      return fsyncAsync(fd).finally(() => {
        this.uvInFlight--;
      });
    }
    let best = slots[0]!;
    for (const s of slots) if (s.queued < best.queued) best = s;
    if (best.queued++ === 0) best.worker.ref();
    return new Promise<void>((resolve, reject) => {
      const id = ++this.seq;
      this.waiting.set(id, { resolve, reject, fd });
      best.worker.postMessage({ id, fd });
    });
  }

  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = undefined;
    await Promise.all((slots ?? []).map((s) => s.worker.terminate()));
  }
}
