// A database as a backup streams it (SEMANTICS.md §1 JetOpenFileInstance/JetReadFileInstance):
// the file's header and data pages, each checksum verified as it passes (JET_errReadVerifyFailure),
// then one trailer page. The engine updates a database file in place: a checkpoint writes new data
// pages into pages no header references, then rewrites the header pages 0 and 1; while a backup
// stream is open it only appends pages past the end the file had at open. So JetOpenFileInstance
// captures the bytes of pages 0 and 1 and fixes the stream size from that header (all in one
// synchronous step, no checkpoint in between); the stream sends those copies for pages 0 and 1 and
// reads the data pages below that size from the file later, when they can no longer change. The
// log copied afterwards brings the image forward. A real ESE file streams the same way, its pages
// verified by ESE's own checksums (pageverify.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { readFileHeaderFd, type DbHeader } from '../storage/dbfile.js';
import type { BackupFile } from './backupfile.js';
import { firstBadPage } from './pageverify.js';
import { VerifiedReadAhead, type ReadAheadShape } from './readahead.js';
import { ChunkReader } from './reader.js';
import { encodeTrailer, type BackupTrailer } from './trailer.js';

/** Where the data pages come from: [pos, pos + len) copied to dst[dstOff..), verified. */
interface DataPages {
  read(dst: Uint8Array, dstOff: number, pos: number, len: number): Promise<void>;
  close(): void;
}

/**
 * How database streams read. From `readAheadMinBytes` of data pages on, a worker thread reads
 * ahead and verifies with the calling thread (readahead.ts); below it, starting the worker costs
 * more than it saves, and pages are read on demand and checked on the calling thread. Tests shrink
 * these to cover the read-ahead path (ring wrap, chunk edges) with small databases.
 */
export const streamTuning: { readAheadMinBytes: number } & ReadAheadShape = {
  readAheadMinBytes: 16 << 20,
  chunk: 1 << 20,
  slots: 4,
  callerHelps: true,
};

/** On-demand reads (thread pool) verified on the calling thread. */
class OnDemandPages implements DataPages {
  private readonly reader: ChunkReader;

  constructor(
    fd: number,
    private readonly pageSize: number,
  ) {
    this.reader = new ChunkReader(fd);
  }

  async read(dst: Uint8Array, dstOff: number, pos: number, len: number): Promise<void> {
    const got = await this.reader.readAt(dst, pos, len, dstOff);
    if (got < len) throw jetError(JET_errReadVerifyFailure, { context: 'JetReadFileInstance: short database file' });
    const bad = firstBadPage(dst.subarray(dstOff), len, this.pageSize, pos / this.pageSize);
    if (bad >= 0) throw jetError(JET_errReadVerifyFailure, { context: `JetReadFileInstance: page ${bad}` });
  }

  close(): void {
    this.reader.close();
  }
}

export class DatabaseStream implements BackupFile {
  readonly kind = 'database';
  position = 0;
  readonly size: number;
  readonly header: DbHeader;
  /** Pages 0 and 1 as they were at open. */
  private readonly headerPages: Buffer;
  private readonly pages: DataPages;
  private readonly filePages: number;

  constructor(
    readonly path: string,
    private readonly trailer: (header: DbHeader) => BackupTrailer,
    context: string,
  ) {
    const fd = openSync(path, 'r');
    let ps: number;
    try {
      // same synchronous step as the open: no checkpoint can rewrite the header in between
      const read = readFileHeaderFd(fd, context);
      this.header = read.header;
      ps = this.header.pageSize;
      this.filePages = this.header.cpgData + 2;
      if (fstatSync(fd).size < this.filePages * ps) throw jetError(JET_errReadVerifyFailure, { context });
      this.headerPages = Buffer.alloc(2 * ps);
      for (let got = 0; got < 2 * ps; ) {
        const n = readSync(fd, this.headerPages, got, 2 * ps - got, got);
        if (n === 0) throw jetError(JET_errReadVerifyFailure, { context });
        got += n;
      }
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    this.size = (this.filePages + 1) * ps;
    const dataEnd = this.filePages * ps;
    if (dataEnd - 2 * ps >= streamTuning.readAheadMinBytes) {
      const chunk = Math.max(ps, streamTuning.chunk - (streamTuning.chunk % ps));
      this.pages = new VerifiedReadAhead(fd, 2 * ps, dataEnd, ps, { ...streamTuning, chunk });
    } else this.pages = new OnDemandPages(fd, ps);
  }

  get pageSize(): number {
    return this.header.pageSize;
  }

  async read(buf: Uint8Array, cb: number): Promise<number> {
    const ps = this.header.pageSize;
    const want = Math.min(cb, this.size - this.position);
    const fileEnd = this.filePages * ps;
    let done = 0;
    if (this.position < 2 * ps && want > 0) {
      // the header pages captured at open, verified like any other page
      const n = Math.min(want, 2 * ps - this.position);
      buf.set(this.headerPages.subarray(this.position, this.position + n), 0);
      const bad = firstBadPage(buf, n, ps, this.position / ps);
      if (bad >= 0) throw jetError(JET_errReadVerifyFailure, { context: `JetReadFileInstance: page ${bad}` });
      done = n;
    }
    const at = this.position + done;
    if (at < fileEnd && done < want) {
      const n = Math.min(want - done, fileEnd - at);
      await this.pages.read(buf, done, at, n);
      done += n;
    }
    if (done < want) {
      encodeTrailer(this.trailer(this.header), ps).copy(buf, done);
      done += ps;
    }
    this.position += done;
    return done;
  }

  close(): void {
    this.pages.close();
  }
}
