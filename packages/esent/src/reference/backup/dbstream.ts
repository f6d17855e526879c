// A database as a backup streams it (SEMANTICS.md §1 JetOpenFileInstance/JetReadFileInstance):
// the file's header and data pages, each checksum verified as it passes (JET_errReadVerifyFailure),
// then one trailer page. The file descriptor is opened at JetOpenFileInstance: the engine replaces
// database files by rename when it flushes, so the stream keeps reading the image that was current
// at open time, and the log copied afterwards brings it forward.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { JET_errReadVerifyFailure, jetError } from '@winbackup/errors';
import { readDbHeader, type DbHeader } from '../storage/dbfile.js';
import type { BackupFile } from './backupfile.js';
import { firstBadPage } from './pageverify.js';
import { ChunkReader } from './reader.js';
import { encodeTrailer, type BackupTrailer } from './trailer.js';

export class DatabaseStream implements BackupFile {
  readonly kind = 'database';
  position = 0;
  readonly size: number;
  readonly header: DbHeader;
  private readonly reader: ChunkReader;
  private readonly filePages: number;

  constructor(
    readonly path: string,
    private readonly trailer: (header: DbHeader) => BackupTrailer,
    context: string,
  ) {
    const fd = openSync(path, 'r');
    try {
      // same synchronous step as the open: no flush can replace the file in between
      this.header = readDbHeader(path, context);
      this.filePages = this.header.cpgData + 2;
      if (fstatSync(fd).size < this.filePages * this.header.pageSize) throw jetError(JET_errReadVerifyFailure, { context });
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    this.size = (this.filePages + 1) * this.header.pageSize;
    this.reader = new ChunkReader(fd);
  }

  get pageSize(): number {
    return this.header.pageSize;
  }

  async read(buf: Uint8Array, cb: number): Promise<number> {
    const ps = this.header.pageSize;
    const want = Math.min(cb, this.size - this.position);
    let done = 0;
    const fileEnd = this.filePages * ps;
    if (this.position < fileEnd) {
      const n = Math.min(want, fileEnd - this.position);
      const got = await this.reader.readAt(buf, this.position, n);
      if (got < n) throw jetError(JET_errReadVerifyFailure, { context: 'JetReadFileInstance: short database file' });
      const bad = firstBadPage(buf, n, ps, this.position / ps);
      if (bad >= 0) throw jetError(JET_errReadVerifyFailure, { context: `JetReadFileInstance: page ${bad}` });
      done = n;
    }
    if (done < want) {
      encodeTrailer(this.trailer(this.header), ps).copy(buf, done);
      done += ps;
    }
    this.position += done;
    return done;
  }

  close(): void {
    this.reader.close();
  }
}
