// A Readable over one open backup file: each _read is one JetReadFileInstance into a fresh chunk,
// so the engine reads only as fast as the consumer takes chunks (back-pressure), and at most one
// chunk waits in the stream (highWaterMark = one chunk). At EOF the handle is closed before the
// stream ends, so a consumer that saw 'end' may ask for the next file at once.
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { JET_HANDLE } from '../api/handles.js';

/** The calls the readable needs, already bound to the backup (and serialised by it). */
export interface EseFileSource {
  read(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  close(hfFile: JET_HANDLE): Promise<void>;
  /** Called after every chunk with the bytes it added. */
  progress(bytes: number): void;
  /** Why the backup is being aborted, if it is: a failing read then fails with this instead. */
  abortReason(): unknown;
}

/** A file of a streaming backup as a Node Readable; `settled` says how it ended. */
export class EseFileReadable extends Readable {
  readonly #source: EseFileSource;
  readonly #hfFile: JET_HANDLE;
  readonly #chunkSize: number;
  #open = true;
  #atEof = false;
  #started = false;
  /** Resolves once the file was read to its end and closed; rejects if the stream died before. */
  readonly settled: Promise<void>;
  #resolve!: () => void;
  #reject!: (e: unknown) => void;

  constructor(source: EseFileSource, hfFile: JET_HANDLE, chunkSize: number) {
    super({ highWaterMark: chunkSize });
    this.#source = source;
    this.#hfFile = hfFile;
    this.#chunkSize = chunkSize;
    this.settled = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // the backup awaits `settled`; a consumer that never asks for the next file must not see an unhandled rejection
    this.settled.catch(() => undefined);
    // An abort destroys the stream with its reason even when nobody reads it yet: a pipeline started
    // later still rejects with that reason (the stream keeps it as `errored`), and the backup's
    // iterator rejects with it too, so an 'error' nobody listens for must not crash the process.
    this.on('error', () => undefined);
  }

  /** Whether the consumer has started reading (or piping) this file. */
  get started(): boolean {
    return this.#started || this.readableFlowing === true;
  }

  /**
   * Writes the file's bytes into `path` (created or truncated) instead of streaming them: the
   * layer owns the memory, so two buffers are reused for the whole file (a read into one while
   * the other is written), where a Readable must hand out fresh memory per chunk. On a failure the
   * partial file is removed. Not together with reading the stream.
   */
  async saveTo(path: string): Promise<number> {
    if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
    if (this.destroyed) throw (this.#source.abortReason() as Error | undefined) ?? new Error('saveTo() after the stream was destroyed');
    if (this.started) throw new Error('saveTo() after the stream was read');
    this.#started = true;
    const fh = await open(path, 'w');
    const bufs = [Buffer.allocUnsafeSlow(this.#chunkSize), Buffer.allocUnsafeSlow(this.#chunkSize)] as const;
    let writing: Promise<unknown> = Promise.resolve();
    let total = 0;
    try {
      for (let i = 0; ; i++) {
        const buf = i & 1 ? bufs[1] : bufs[0];
        // the write of the other buffer runs meanwhile; this buffer's last write was awaited a turn ago
        const n = await this.#source.read(this.#hfFile, buf, this.#chunkSize);
        await writing;
        if (n === 0) break;
        total += n;
        this.#source.progress(n);
        writing = writeFully(fh, buf, n);
      }
      await fh.close();
      this.#open = false;
      await this.#source.close(this.#hfFile);
      this.#atEof = true;
      this.#resolve();
      this.push(null);
      this.resume();
      return total;
    } catch (e) {
      await writing.catch(() => undefined);
      await fh.close().catch(() => undefined);
      await rm(path, { force: true });
      const reason = this.#reason(e);
      this.destroy(reason);
      throw reason;
    }
  }

  override _read(): void {
    this.#started = true;
    // allocUnsafeSlow: a buffer of its own (byteOffset 0), handed to the consumer as is
    const buf = Buffer.allocUnsafeSlow(this.#chunkSize);
    this.#source.read(this.#hfFile, buf, this.#chunkSize).then(
      async (n) => {
        if (this.destroyed) return;
        if (n > 0) {
          this.#source.progress(n);
          this.push(n === buf.length ? buf : buf.subarray(0, n));
          return;
        }
        this.#open = false;
        await this.#source.close(this.#hfFile);
        this.#atEof = true;
        this.#resolve();
        this.push(null);
      },
      (e: unknown) => this.destroy(this.#reason(e)),
    ).catch((e: unknown) => this.destroy(this.#reason(e)));
  }

  #reason(e: unknown): Error {
    const r = this.#source.abortReason();
    return (r ?? e) as Error;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const done = (): void => {
      if (!this.#atEof) this.#reject(error ?? new Error('the file stream was destroyed before its end'));
      callback(error);
    };
    if (!this.#open) return done();
    this.#open = false;
    // a file closed before EOF does not count as copied (SEMANTICS.md §1 JetCloseFileInstance)
    this.#source.close(this.#hfFile).then(done, done);
  }
}

/** FileHandle.write until all `n` bytes of `buf` are written. */
async function writeFully(fh: import('node:fs/promises').FileHandle, buf: Buffer, n: number): Promise<void> {
  for (let off = 0; off < n; ) off += (await fh.write(buf, off, n - off)).bytesWritten;
}
