// Read-ahead with verification on a worker thread, for the data pages of a large database stream.
// The worker (verifyworker.ts) reads the next chunks into a small ring of page-aligned shared slots
// and checks every page while the caller writes the chunk it already has; a read here only waits
// for its chunk and copies it out. A bad page is reported by the read whose range holds it, as ESE
// verifies what it streams (JET_errReadVerifyFailure, SEMANTICS.md §1 JetReadFileInstance).
// Lifetime: the worker is unref'd except while a read waits on it (an abandoned backup never keeps
// the process alive), and close() stops it and closes the descriptor once no read is in flight and
// the worker has exited (End or Close during a read lets that read finish, SEMANTICS.md §7).
import { closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { alignedBytes } from './aligned.js';
import { CTL_PER_SLOT, CTL_RELEASED, CTL_SLOT0, CTL_STOP, SLOT_BAD, SLOT_ERRNO, SLOT_READY, VERIFY_WORKER_SOURCE } from './verifyworker.js';

export interface ReadAheadShape {
  /** Bytes per chunk a worker reads and verifies at once (a multiple of the page size). */
  readonly chunk: number;
  /** Chunks in the ring: the one being copied out, the rest read ahead. */
  readonly slots: number;
  /** Worker threads, taking the chunks in turn (at most `slots`). */
  readonly workers: number;
}

type WaitAsync = (a: Int32Array, index: number, value: number) => { async: boolean; value: Promise<string> | string };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export class VerifiedReadAhead {
  private readonly data: Uint8Array;
  private readonly ctl: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly first: number;
  private readonly chunk: number;
  private readonly slots: number;
  private failure: Error | undefined;
  private inflight: Promise<void> | undefined;
  private closed = false;
  private readonly gone = new Set<Worker>();

  /** Streams [start, end) of the file open on fd (start and end on page boundaries). */
  constructor(
    private readonly fd: number,
    private readonly start: number,
    private readonly end: number,
    private readonly pageSize: number,
    shape: ReadAheadShape,
  ) {
    const { chunk, slots } = shape;
    this.chunk = chunk;
    this.slots = slots;
    this.data = alignedBytes(slots * chunk, true);
    this.ctl = new Int32Array(new SharedArrayBuffer((CTL_SLOT0 + slots * CTL_PER_SLOT) * 4));
    this.first = Math.floor(start / chunk);
    const wake = (): void => {
      for (let s = 0; s < slots; s++) Atomics.notify(this.ctl, CTL_SLOT0 + s * CTL_PER_SLOT + SLOT_READY);
    };
    const fail = (e: Error): void => {
      this.failure ??= e;
      wake();
    };
    for (let index = 0; index < Math.min(shape.workers, slots); index++) {
      const w = new Worker(VERIFY_WORKER_SOURCE, {
        eval: true,
        workerData: { fd, data: this.data.buffer, ctl: this.ctl.buffer, start, end, chunk, slots, pageSize, index, stride: Math.min(shape.workers, slots) },
        // the worker allocates next to nothing: keep its heap small
        resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      });
      w.unref();
      w.on('error', fail);
      // a worker ends once it has produced its last chunk (or after a failed read); a read
      // still waiting for one of its chunks then fails instead of waiting forever
      w.on('exit', () => {
        this.gone.add(w);
        wake();
      });
      this.workers.push(w);
    }
  }

  /** Copies [pos, pos + len) into dst[dstOff..); throws JET_errReadVerifyFailure at a bad page. */
  read(dst: Uint8Array, dstOff: number, pos: number, len: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('backup file closed'));
    const p = this.copyOut(dst, dstOff, pos, len);
    this.inflight = p;
    const forget = (): void => {
      if (this.inflight === p) this.inflight = undefined;
    };
    p.then(forget, forget);
    return p;
  }

  private async copyOut(dst: Uint8Array, dstOff: number, pos: number, len: number): Promise<void> {
    const C = this.chunk;
    const ctl = this.ctl;
    let done = 0;
    while (done < len) {
      const at = pos + done;
      const j = Math.floor(at / C) - this.first;
      await this.produced(j);
      const slot = j % this.slots;
      const meta = CTL_SLOT0 + slot * CTL_PER_SLOT;
      const lo = Math.max(this.start, (this.first + j) * C);
      const hi = Math.min(this.end, (this.first + j + 1) * C);
      const n = Math.min(len - done, hi - at);
      const errno = ctl[meta + SLOT_ERRNO]!;
      if (errno !== 0) throw Object.assign(new Error(`backup read failed (errno ${errno})`), { errno });
      const bad = ctl[meta + SLOT_BAD]!;
      if (bad >= 0 && bad * this.pageSize < at + n) throw jetError(JET_errReadVerifyFailure, { context: `JetReadFileInstance: page ${bad}` });
      const from = slot * C + (at - lo);
      dst.set(this.data.subarray(from, from + n), dstOff + done);
      done += n;
      if (at + n === hi) {
        // the slot is free for the chunk SLOTS ahead
        Atomics.store(ctl, CTL_RELEASED, j + 1);
        Atomics.notify(ctl, CTL_RELEASED);
      }
    }
  }

  /** Resolves once chunk j has been read and checked. */
  private async produced(j: number): Promise<void> {
    const ready = CTL_SLOT0 + (j % this.slots) * CTL_PER_SLOT + SLOT_READY;
    const owner = this.workers[j % this.workers.length]!;
    for (;;) {
      const have = Atomics.load(this.ctl, ready);
      if (have === j + 1) return;
      if (this.failure) throw this.failure;
      if (this.gone.has(owner)) throw new Error('backup read-ahead worker exited');
      const w = waitAsync(this.ctl, ready, have);
      if (!w.async) continue;
      // a read waiting on a worker keeps the process alive, as a pending fs read would
      owner.ref();
      try {
        await w.value;
      } finally {
        owner.unref();
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const shutdown = (): void => {
      Atomics.store(this.ctl, CTL_STOP, 1);
      Atomics.notify(this.ctl, CTL_RELEASED);
      void Promise.allSettled(this.workers.map((w) => w.terminate())).then(() => closeSync(this.fd));
    };
    if (this.inflight) void this.inflight.then(shutdown, shutdown);
    else shutdown();
  }
}
