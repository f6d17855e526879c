// The write side of the transaction log of one instance. Records are appended to an in-memory
// buffer and written + fdatasync'd by flush(); a durable commit flushes, a lazy one leaves its
// record in the buffer (SEMANTICS: JET_bitCommitLazyFlush). When a record does not fit the current
// generation, the log rolls: <base>.log is renamed to its archive name and a fresh, zero-filled
// <base>.log of JET_paramLogFileSize (prepared as <base>tmp.log) takes its place.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, openSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { JET_errLogWriteFail, jetError } from '@winbackup/errors';
import type { JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { fsyncDir, writeAll } from './fsutil.js';
import { archiveLogPath, currentLogName, listArchivedGenerations, tmpLogName } from './logfiles.js';
import { LOG_HEADER_SIZE, RECORD_OVERHEAD, encodeLogHeader, frameRecord } from './logformat.js';
import { lgposAt, logtimeFromMs } from './logtime.js';

export interface LogStreamOptions {
  readonly dir: string;
  readonly base: string;
  readonly cbFile: number;
  readonly signLog: JET_SIGNATURE;
  readonly now: () => number;
}

export class LogStream {
  private fd = -1;
  gen = 0;
  /** Next write offset in the current generation (including buffered records). */
  private pos = LOG_HEADER_SIZE;
  /** Offset up to which the current generation is on disk. */
  private flushedPos = LOG_HEADER_SIZE;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Called after each roll with the generation just archived. */
  onRoll: ((archivedGen: number) => void) | undefined;

  constructor(readonly opts: LogStreamOptions) {}

  get currentPath(): string {
    return join(this.opts.dir, currentLogName(this.opts.base));
  }

  archivePath(gen: number): string {
    return archiveLogPath(this.opts.dir, this.opts.base, gen);
  }

  /** Every generation on disk (archives plus the current one), ascending. */
  generationsOnDisk(): number[] {
    const gens = listArchivedGenerations(this.opts.dir, this.opts.base);
    if (this.fd >= 0) gens.push(this.gen);
    return gens;
  }

  /** Path of a generation, current or archived. */
  pathOf(gen: number): string {
    return gen === this.gen && this.fd >= 0 ? this.currentPath : this.archivePath(gen);
  }

  /** Where the next record will go: the log position a commit is stamped with. */
  get lgposNext(): JET_LGPOS {
    return lgposAt(this.gen, this.pos);
  }

  get hasUnflushed(): boolean {
    return this.pendingBytes > 0;
  }

  /** Bytes appended but not yet written (lazy commits). */
  get unflushedBytes(): number {
    return this.pendingBytes;
  }

  /** Starts a new generation `gen` as the current log (first start, or after recovery). */
  start(gen: number): void {
    this.createCurrent(gen);
  }

  private createCurrent(gen: number): void {
    const { dir, base, cbFile, signLog, now } = this.opts;
    const tmp = join(dir, tmpLogName(base));
    const fd = openSync(tmp, 'w+');
    try {
      writeAll(fd, encodeLogHeader({ lGeneration: gen, signLog, logtimeCreate: logtimeFromMs(now()), cbFile }), 0);
      // preallocate with zeros so commits overwrite blocks in place (fdatasync needs no metadata)
      const zero = Buffer.alloc(Math.min(1 << 20, Math.max(0, cbFile - LOG_HEADER_SIZE)));
      for (let off = LOG_HEADER_SIZE; off < cbFile; off += zero.length) {
        writeAll(fd, zero.subarray(0, Math.min(zero.length, cbFile - off)), off);
      }
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      throw jetError(JET_errLogWriteFail, { context: 'log', cause: e });
    }
    renameSync(tmp, this.currentPath);
    fsyncDir(dir);
    this.fd = fd;
    this.gen = gen;
    this.pos = LOG_HEADER_SIZE;
    this.flushedPos = LOG_HEADER_SIZE;
  }

  /**
   * Appends a record to the buffer; returns its log position. A record that does not fit the rest
   * of the generation starts the next one; one larger than a whole generation is split into
   * fragments so every log file keeps exactly JET_paramLogFileSize bytes.
   */
  append(payload: Buffer): JET_LGPOS {
    const room = (): number => this.opts.cbFile - this.pos - RECORD_OVERHEAD;
    const whole = this.opts.cbFile - LOG_HEADER_SIZE - RECORD_OVERHEAD;
    if (payload.length > room() && (payload.length <= whole || room() < 512) && this.pos > LOG_HEADER_SIZE) this.roll();
    const at = lgposAt(this.gen, this.pos);
    let rest = payload;
    for (;;) {
      const fits = rest.length <= room();
      const part = fits ? rest : rest.subarray(0, room());
      const framed = frameRecord(this.gen, part, !fits);
      this.pending.push(framed);
      this.pendingBytes += framed.length;
      this.pos += framed.length;
      if (fits) return at;
      rest = rest.subarray(part.length);
      this.roll();
    }
  }

  /** Writes buffered records and fdatasyncs the current generation. */
  flush(): void {
    if (this.pendingBytes === 0) return;
    const data = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    try {
      writeAll(this.fd, data, this.flushedPos);
      fdatasyncSync(this.fd);
    } catch (e) {
      throw jetError(JET_errLogWriteFail, { context: 'log flush', cause: e });
    }
    this.flushedPos += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Closes the current generation under its archive name and opens the next one. */
  roll(): void {
    this.flush();
    const old = this.gen;
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.currentPath, this.archivePath(old));
    fsyncDir(this.opts.dir);
    this.createCurrent(old + 1);
    this.onRoll?.(old);
  }

  /** Deletes archived generations below `gen` (circular logging, log truncation). */
  deleteBelow(gen: number): number[] {
    const gone: number[] = [];
    for (const g of listArchivedGenerations(this.opts.dir, this.opts.base)) {
      if (g >= gen || g === this.gen) continue;
      unlinkSync(this.archivePath(g));
      gone.push(g);
    }
    if (gone.length) fsyncDir(this.opts.dir);
    return gone;
  }

  close(): void {
    if (this.fd >= 0) {
      this.flush();
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** Drops the buffered records and closes without writing (abrupt termination after a failure). */
  abandon(): void {
    this.pending = [];
    this.pendingBytes = 0;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  static removeTmp(dir: string, base: string): void {
    const tmp = join(dir, tmpLogName(base));
    if (existsSync(tmp)) rmSync(tmp);
  }
}
