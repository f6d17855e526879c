// Positional reads of a backup file on the libuv thread pool, so a long read does not block the
// event loop (other sessions keep committing while a backup streams). The descriptor is closed
// only once no read is in flight on it: End or Close may come while a read is under way
// (SEMANTICS.md §7), and a read must never land on a closed or reused descriptor.
// (Reading ahead was measured too, with verification on a worker thread: on two shared cores it was
// slower than reading on demand, so chunks are read when asked for.)
import { closeSync, read } from 'node:fs';

function readFully(fd: number, dst: Uint8Array, len: number, pos: number): Promise<number> {
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

  constructor(private readonly fd: number) {}

  /** Reads [pos, pos + len) into dst[0..); returns the bytes read (short only at end of file). */
  readAt(dst: Uint8Array, pos: number, len: number): Promise<number> {
    if (this.closed) return Promise.reject(new Error('backup file closed'));
    const p = readFully(this.fd, dst, len, pos);
    this.inflight.add(p);
    const forget = (): void => {
      this.inflight.delete(p);
    };
    p.then(forget, forget);
    return p;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.inflight.size === 0) closeSync(this.fd);
    else void Promise.allSettled([...this.inflight]).then(() => closeSync(this.fd));
  }
}
