// Page-level I/O on an open database file. A data page carries up to (pageSize - PAGE_HEADER)
// payload bytes; a run of contiguous pages carries a longer byte string split across them. Every
// page read is verified (CRC and page number): a bad one is JET_errReadVerifyFailure, as ESE
// reports a page whose checksum fails when it is read (spec: JetAttachDatabase.md, Return Value).
import { closeSync, fdatasyncSync, openSync } from 'node:fs';
import { JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { PAGE_HEADER, pageIsValid, readAt, sealPage, writeHeaderPages, type DbHeader } from './dbfile.js';
import { writeAll } from './fsutil.js';

/** Pages written per system call when a long run is written. */
const WRITE_BATCH_PAGES = 128;

export class PageFile {
  readonly payload: number;
  private closed = false;

  constructor(
    /** Updated when a new file is renamed into place (the descriptor stays valid). */
    public path: string,
    readonly fd: number,
    readonly pageSize: number,
  ) {
    this.payload = pageSize - PAGE_HEADER;
  }

  /** Opens an existing file ('r' read-only, 'r+' read-write) or creates a new one ('w+'). */
  static open(path: string, flags: 'r' | 'r+' | 'w+', pageSize: number): PageFile {
    return new PageFile(path, openSync(path, flags), pageSize);
  }

  /** Pages needed for `cb` payload bytes (at least one). */
  pagesFor(cb: number): number {
    return Math.max(1, Math.ceil(cb / this.payload));
  }

  /** Reads `cpg` pages from `pgno` and returns the first `cb` payload bytes they carry. */
  readRun(pgno: number, cpg: number, cb: number, context: string): Buffer {
    const ps = this.pageSize;
    const raw = readAt(this.fd, cpg * ps, pgno * ps);
    if (raw.length < cpg * ps) throw jetError(JET_errReadVerifyFailure, { context: `${context}: page ${pgno + Math.floor(raw.length / ps)} past the end of the file` });
    const out = Buffer.allocUnsafe(cb);
    let at = 0;
    for (let i = 0; i < cpg && at < cb; i++) {
      const page = raw.subarray(i * ps, (i + 1) * ps);
      if (!pageIsValid(page, pgno + i)) throw jetError(JET_errReadVerifyFailure, { context: `${context}: page ${pgno + i}` });
      const n = Math.min(this.payload, cb - at);
      page.copy(out, at, PAGE_HEADER, PAGE_HEADER + n);
      at += n;
    }
    return out;
  }

  /** Reads one page and returns its whole payload. */
  readPayload(pgno: number, context: string): Buffer {
    return this.readRun(pgno, 1, this.payload, context);
  }

  /** Writes `data` as the payload of the run starting at `pgno` (pages sealed with their numbers). */
  writeRun(pgno: number, data: Uint8Array): void {
    const ps = this.pageSize;
    const cpg = this.pagesFor(data.length);
    for (let first = 0; first < cpg; first += WRITE_BATCH_PAGES) {
      const n = Math.min(WRITE_BATCH_PAGES, cpg - first);
      const batch = Buffer.alloc(n * ps);
      for (let i = 0; i < n; i++) {
        const page = batch.subarray(i * ps, (i + 1) * ps);
        const from = (first + i) * this.payload;
        const chunk = data.subarray(from, Math.min(data.length, from + this.payload));
        page.writeUInt32LE(chunk.length, 8);
        page.set(chunk, PAGE_HEADER);
        sealPage(page, pgno + first + i);
      }
      writeAll(this.fd, batch, (pgno + first) * ps);
    }
  }

  /** Makes the data pages written so far durable (before the header that points at them). */
  sync(): void {
    fdatasyncSync(this.fd);
  }

  /** Rewrites both header pages, each fsync'd. */
  writeHeader(h: DbHeader): void {
    writeHeaderPages(this.fd, h);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
