// Sequential reads with one read ahead: while the caller verifies and writes out one chunk, the
// next one is already being read on the libuv thread pool. Backups read files front to back in
// equal chunks (SEMANTICS.md §1 JetReadFileInstance), so the guess is almost always right; a
// wrong guess just reads directly. Memory: one spare buffer of the chunk size.
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

interface Ahead {
  readonly pos: number;
  readonly len: number;
  readonly done: Promise<number>;
}

export class PrefetchReader {
  private spare: Buffer | undefined;
  private ahead: Ahead | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly end: number,
  ) {}

  /** Reads [pos, pos + len) into dst[0..); returns the bytes read (short only at end of file). */
  async readAt(dst: Uint8Array, pos: number, len: number): Promise<number> {
    const a = this.ahead;
    this.ahead = undefined;
    let got: number;
    if (a && a.pos === pos && a.len === len) {
      got = await a.done;
      dst.set(this.spare!.subarray(0, got), 0);
    } else {
      if (a) await a.done.catch(() => 0);
      got = await readFully(this.fd, dst, len, pos);
    }
    const nextPos = pos + got;
    const nextLen = Math.min(len, this.end - nextPos);
    if (!this.closed && got === len && nextLen > 0) {
      if (!this.spare || this.spare.length < nextLen) this.spare = Buffer.allocUnsafe(len);
      this.ahead = { pos: nextPos, len: nextLen, done: readFully(this.fd, this.spare, nextLen, nextPos) };
    }
    return got;
  }

  /** Closes the descriptor once no read is in flight on it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const a = this.ahead;
    this.ahead = undefined;
    if (a) void a.done.then(
      () => closeSync(this.fd),
      () => closeSync(this.fd),
    );
    else closeSync(this.fd);
  }
}
