// Read-ahead with verification shared with a worker thread, for the data pages of a large database
// stream. The worker (verifyworker.ts) reads the next chunks into a small ring of page-aligned
// shared slots and checks their pages while the caller writes the chunk it already has; a read
// here takes its chunk once every page of it is checked, claiming any read or check the worker has
// not started yet rather than waiting for it (so the worker's start-up, tens of milliseconds, and
// any time the worker is behind are not lost). A bad page is reported by the read whose range
// holds it, as ESE verifies what it streams (JET_errReadVerifyFailure, SEMANTICS.md §1).
// Lifetime: the worker is unref'd except while a read waits on it (an abandoned backup never keeps
// the process alive), and close() stops it and closes the descriptor once no read is in flight and
// the worker has exited (End or Close during a read lets that read finish, SEMANTICS.md §7).
import { closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { alignedBytes } from '../../memory/aligned.js';
import { firstBadPage } from './pageverify.js';
import { readFully } from './reader.js';
import {
  CTL_PER_SLOT,
  CTL_RELEASED,
  CTL_SLOT0,
  CTL_STOP,
  CTL_WANT,
  MAX_UNITS,
  SLOT_BYTES,
  SLOT_CLAIM,
  SLOT_DONE_UNITS,
  SLOT_ERRNO,
  SLOT_NEXT_UNIT,
  SLOT_READ,
  SLOT_SHORT,
  SLOT_UNIT_BAD,
  SLOT_VERIFIED,
  UNIT_TAG_MASK,
  VERIFY_WORKER_SOURCE,
} from './verifyworker.js';

export interface ReadAheadShape {
  /** Bytes per chunk read at once (a multiple of the page size). */
  readonly chunk: number;
  /** Chunks in the ring: the one being copied out, the rest read ahead. */
  readonly slots: number;
  /** The calling thread takes reads and checks the worker has not started (false: it only waits). */
  readonly callerHelps: boolean;
}

/** Pages checked per claim: small enough to share a chunk, large enough to keep claims rare. */
const UNIT_BYTES = 128 * 1024;

export class VerifiedReadAhead {
  private readonly data: Uint8Array;
  private readonly ctl: Int32Array;
  private readonly worker: Worker;
  private readonly first: number;
  private readonly chunk: number;
  private readonly slots: number;
  private readonly unitPages: number;
  private readonly callerHelps: boolean;
  private failure: Error | undefined;
  private gone = false;
  private inflight: Promise<void> | undefined;
  /** Resolves the wait of the calling thread (a message from the worker, or its end). */
  private wake: (() => void) | undefined;
  private closed = false;

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
    this.callerHelps = shape.callerHelps;
    const chunkPages = chunk / pageSize;
    this.unitPages = Math.max(1, Math.floor(UNIT_BYTES / pageSize), Math.ceil(chunkPages / MAX_UNITS));
    this.data = alignedBytes(slots * chunk, true);
    this.ctl = new Int32Array(new SharedArrayBuffer((CTL_SLOT0 + slots * CTL_PER_SLOT) * 4));
    this.first = Math.floor(start / chunk);
    this.worker = new Worker(VERIFY_WORKER_SOURCE, {
      eval: true,
      workerData: { fd, data: this.data.buffer, ctl: this.ctl.buffer, start, end, chunk, slots, pageSize, unitPages: this.unitPages },
      // the worker allocates next to nothing: keep its heap small
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.worker.on('message', () => this.wakeUp());
    this.worker.on('error', (e: Error) => {
      this.failure ??= e;
      this.wakeUp();
    });
    // the worker ends once it has read its last chunk (or after a failed read); a read still
    // waiting on it then takes the work over or fails instead of waiting forever
    this.worker.on('exit', () => {
      this.gone = true;
      this.wakeUp();
    });
    this.worker.unref();
  }

  private wakeUp(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private meta(j: number): number {
    return CTL_SLOT0 + (j % this.slots) * CTL_PER_SLOT;
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
      await this.verified(j);
      const meta = this.meta(j);
      const lo = Math.max(this.start, (this.first + j) * C);
      const hi = Math.min(this.end, (this.first + j + 1) * C);
      const n = Math.min(len - done, hi - at);
      const errno = ctl[meta + SLOT_ERRNO]!;
      if (errno !== 0) throw Object.assign(new Error(`backup read failed (errno ${errno})`), { errno });
      const bad = this.firstBad(meta);
      if (bad >= 0 && bad * this.pageSize < at + n) throw jetError(JET_errReadVerifyFailure, { context: `JetReadFileInstance: page ${bad}` });
      const from = (j % this.slots) * C + (at - lo);
      dst.set(this.data.subarray(from, from + n), dstOff + done);
      done += n;
      if (at + n === hi) {
        // the slot is free for the chunk `slots` ahead
        Atomics.store(ctl, CTL_RELEASED, j + 1);
        Atomics.notify(ctl, CTL_RELEASED);
      }
    }
  }

  /** The first bad page of a checked chunk: a failed check, else the first page a short read missed. */
  private firstBad(meta: number): number {
    const units = this.units(meta);
    for (let u = 0; u < units; u++) {
      const b = this.ctl[meta + SLOT_UNIT_BAD + u]!;
      if (b >= 0) return b;
    }
    return this.ctl[meta + SLOT_SHORT]!;
  }

  private units(meta: number): number {
    return Math.ceil(Math.floor(this.ctl[meta + SLOT_BYTES]! / this.pageSize) / this.unitPages);
  }

  /** Resolves once chunk j is in its slot and every page of it is checked. */
  private async verified(j: number): Promise<void> {
    const ctl = this.ctl;
    const meta = this.meta(j);
    for (;;) {
      const v = Atomics.load(ctl, meta + SLOT_VERIFIED);
      if (v === j + 1) return;
      if (this.failure) throw this.failure;
      // one load of the read flag serves the check and the wait: a wait on a value loaded later
      // could start after the worker's read (and its wake-up) and then wait for a change that never
      // comes, the ring full behind this very chunk
      const read = Atomics.load(ctl, meta + SLOT_READ);
      if (read === j + 1) {
        if (this.callerHelps || this.gone) this.checkUnits(j);
        if (Atomics.load(ctl, meta + SLOT_VERIFIED) === j + 1) return;
        // the worker is checking the last units
        await this.wait(meta + SLOT_VERIFIED, v);
        continue;
      }
      const prev = j >= this.slots ? j - this.slots + 1 : 0;
      if ((this.callerHelps || this.gone) && Atomics.compareExchange(ctl, meta + SLOT_CLAIM, prev, j + 1) === prev) {
        await this.readChunk(j);
        continue;
      }
      await this.wait(meta + SLOT_READ, read);
    }
  }

  /** Waits for the worker's next step if ctl[index] is still value; a waiting read keeps the process alive. */
  private async wait(index: number, value: number): Promise<void> {
    const ctl = this.ctl;
    if (Atomics.load(ctl, index) !== value) return;
    if (this.gone) throw new Error('backup read-ahead worker exited');
    const woken = new Promise<void>((resolve) => (this.wake = resolve));
    // the worker swaps the flag back and posts a message after its next step; check again after
    // setting it, so a step taken in between is not missed (a spare message is harmless)
    Atomics.store(ctl, CTL_WANT, 1);
    if (Atomics.load(ctl, index) !== value) {
      this.wake = undefined;
      return;
    }
    this.worker.ref();
    try {
      await woken;
    } finally {
      this.worker.unref();
    }
  }

  /** Reads chunk j into its slot on the thread pool (the read claimed by this thread). */
  private async readChunk(j: number): Promise<void> {
    const ctl = this.ctl;
    const meta = this.meta(j);
    const lo = Math.max(this.start, (this.first + j) * this.chunk);
    const hi = Math.min(this.end, (this.first + j + 1) * this.chunk);
    const slot = this.data.subarray((j % this.slots) * this.chunk, (j % this.slots) * this.chunk + (hi - lo));
    let got = 0;
    let errno = 0;
    try {
      got = await readFully(this.fd, slot, hi - lo, lo);
    } catch (e) {
      const n = (e as NodeJS.ErrnoException).errno;
      errno = typeof n === 'number' && n !== 0 ? n : -5;
    }
    const units = errno === 0 ? Math.ceil(Math.floor(got / this.pageSize) / this.unitPages) : 0;
    ctl[meta + SLOT_BYTES] = errno === 0 ? got : 0;
    ctl[meta + SLOT_ERRNO] = errno;
    ctl[meta + SLOT_SHORT] = got < hi - lo ? Math.floor((lo + got) / this.pageSize) : -1;
    ctl[meta + SLOT_DONE_UNITS] = 0;
    Atomics.store(ctl, meta + SLOT_NEXT_UNIT, (j & UNIT_TAG_MASK) * MAX_UNITS);
    Atomics.store(ctl, meta + SLOT_READ, j + 1);
    if (units === 0) Atomics.store(ctl, meta + SLOT_VERIFIED, j + 1);
  }

  /** Checks the units of chunk j no thread has claimed yet. */
  private checkUnits(j: number): void {
    const ctl = this.ctl;
    const meta = this.meta(j);
    const ps = this.pageSize;
    const lo = Math.max(this.start, (this.first + j) * this.chunk);
    const pages = Math.floor(ctl[meta + SLOT_BYTES]! / ps);
    const units = Math.ceil(pages / this.unitPages);
    const tag = (j & UNIT_TAG_MASK) * MAX_UNITS;
    for (;;) {
      const v = Atomics.load(ctl, meta + SLOT_NEXT_UNIT);
      const u = v - tag;
      if (u < 0 || u >= units) return;
      if (Atomics.compareExchange(ctl, meta + SLOT_NEXT_UNIT, v, v + 1) !== v) continue;
      const p0 = u * this.unitPages;
      const count = Math.min(pages, p0 + this.unitPages) - p0;
      const at = (j % this.slots) * this.chunk + p0 * ps;
      ctl[meta + SLOT_UNIT_BAD + u] = firstBadPage(this.data.subarray(at, at + count * ps), count * ps, ps, lo / ps + p0);
      if (Atomics.add(ctl, meta + SLOT_DONE_UNITS, 1) + 1 === units) Atomics.store(ctl, meta + SLOT_VERIFIED, j + 1);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const shutdown = (): void => {
      Atomics.store(this.ctl, CTL_STOP, 1);
      Atomics.notify(this.ctl, CTL_RELEASED);
      void this.worker.terminate().then(
        () => closeSync(this.fd),
        () => closeSync(this.fd),
      );
    };
    if (this.inflight) void this.inflight.then(shutdown, shutdown);
    else shutdown();
  }
}
