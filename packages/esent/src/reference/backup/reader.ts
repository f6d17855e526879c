// Positional reads of a backup file on the libuv thread pool, so a long read does not block the
// event loop (other sessions keep committing while a backup streams). The descriptor is closed
// only once no read is in flight on it: End or Close may come while a read is under way
// (SEMANTICS.md §7), and a read must never land on a closed or reused descriptor.
// Reads land in a page-aligned bounce buffer and are copied to the caller's buffer: on the AMD
// machines we measured, the kernel's copy into a buffer that is 16 bytes off a 32-byte boundary
// (where Node's large Buffer.alloc blocks happen to start) runs about 4x slower than into a
// page-aligned one, and the extra user-space copy costs far less than that difference.
import { closeSync, read } from 'node:fs';
import { alignedBytes } from '../../memory/aligned.js';

/** Largest piece read through the bounce buffer at once. */
const BOUNCE = 1 << 20;

/** Reads [pos, pos + len) into dst[0..) on the thread pool; short only at end of file. */
export function readFully(fd: number, dst: Uint8Array, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const step = (): void => {
      read(fd, dst, got, len - got, pos + got, (err, n) => {
        if (err) return reject(err);
        got += n;
        if (n === 0 || got >= len) resolve(got);
        else step();
      });
    };
    if (len === 0) resolve(0);
    else step();
  });
}

export class ChunkReader {
  private readonly inflight = new Set<Promise<number>>();
  private closed = false;
  private bounce: Uint8Array | undefined;

  constructor(private readonly fd: number) {}

  /** Reads [pos, pos + len) into dst[dstOff..); returns the bytes read (short only at end of file). */
  readAt(dst: Uint8Array, pos: number, len: number, dstOff = 0): Promise<number> {
    if (this.closed) return Promise.reject(new Error('backup file closed'));
    const p = this.readVia(dst, pos, len, dstOff);
    this.inflight.add(p);
    const forget = (): void => {
      this.inflight.delete(p);
    };
    p.then(forget, forget);
    return p;
  }

  private async readVia(dst: Uint8Array, pos: number, len: number, dstOff: number): Promise<number> {
    // one read at a time per reader (the streaming state machine queues them), so one bounce buffer
    const b = (this.bounce ??= alignedBytes(Math.min(BOUNCE, Math.max(len, 1))));
    let done = 0;
    while (done < len) {
      const want = Math.min(b.length, len - done);
      const got = await readFully(this.fd, b, want, pos + done);
      dst.set(b.subarray(0, got), dstOff + done);
      done += got;
      if (got < want) break;
    }
    return done;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.bounce = undefined;
    if (this.inflight.size === 0) closeSync(this.fd);
    else void Promise.allSettled([...this.inflight]).then(() => closeSync(this.fd));
  }
}
