// A Readable over one open backup file: each _read is one JetReadFileInstance, so the engine reads
// only as fast as the consumer takes chunks (back-pressure), and at most one chunk waits in the
// stream (highWaterMark = one chunk). JetReadFileInstance needs page-aligned memory (spec:
// JetReadFileInstance.md: "aligned with a memory page boundary ... VirtualAlloc"), which a Node
// Buffer is not, so reads land in the backup's page-aligned buffer and each chunk is copied out into
// a fresh Buffer the consumer may keep (as ManagedEsent does). At EOF the handle is closed before
// the stream ends, so a consumer that saw 'end' may ask for the next file at once.
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { JET_HANDLE } from '../api/handles.js';

/** The calls the readable needs, already bound to the backup (and serialised by it). */
export interface EseFileSource {
  read(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  /** Page-aligned buffers of the chunk size, kept by the backup: `n` of them (1 for the stream, 2 for saveTo). */
  alignedBuffers(n: 1 | 2): readonly Uint8Array[];
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
   * layer owns the memory, so two page-aligned buffers are reused for the whole file (a read into
   * one while the other is written), where a Readable must copy each chunk into fresh memory. On a
   * failure the partial file is removed. Not together with reading the stream.
   */
  async saveTo(path: string): Promise<number> {
    if (typeof path !== 'string' || path === '') throw new TypeError('path must be a non-empty string');
    if (this.destroyed) throw (this.#source.abortReason() as Error | undefined) ?? new Error('saveTo() after the stream was destroyed');
    if (this.started) throw new Error('saveTo() after the stream was read');
    this.#started = true;
    const fh = await open(path, 'w');
    const [b0, b1] = this.#source.alignedBuffers(2);
    const bufs = [b0!, b1!] as const;
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
    const [aligned] = this.#source.alignedBuffers(1);
    this.#source.read(this.#hfFile, aligned!, this.#chunkSize).then(
      async (n) => {
        if (this.destroyed) return;
        if (n > 0) {
          // a chunk of its own: the consumer may keep it while the aligned buffer takes the next read
          const chunk = Buffer.allocUnsafeSlow(n);
          chunk.set(aligned!.subarray(0, n));
          this.#source.progress(n);
          this.push(chunk);
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
async function writeFully(fh: import('node:fs/promises').FileHandle, buf: Uint8Array, n: number): Promise<void> {
  for (let off = 0; off < n; ) off += (await fh.write(buf, off, n - off)).bytesWritten;
}
