// A Readable over one open backup file: each _read is one JetReadFileInstance into a fresh chunk,
// so the engine reads only as fast as the consumer takes chunks (back-pressure), and at most one
// chunk waits in the stream (highWaterMark = one chunk). At EOF the handle is closed before the
// stream ends, so a consumer that saw 'end' may ask for the next file at once.
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
