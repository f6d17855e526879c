// A database file as the engine uses it: the directory is read at attach, record images are read
// on demand through two bounded caches (pages of small records, whole large records), and a
// checkpoint writes only what changed: the records committed since the last one, into pages the
// durable header does not reference, then the directory, then the header (WAL: the log is flushed
// first by the caller). Memory is the directory plus the caches, whatever the database's size.
import { closeSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { JET_errDatabaseCorrupted, JET_errFileNotFound, JET_errPageSizeMismatch, jetError } from '@winbackup/errors';
import { isEseDatabaseFile, openEseReadOnlyOrRefuse, type EseReadOnlyStore } from '../ese/attach.js';
import { DatabaseContent } from '../isam/content.js';
import { deserializeDirectory, DirectoryCorruptError, serializeDirectory, type RowRef } from '../isam/directory.js';
import { packedBytes } from '../isam/image.js';
import type { Row } from '../isam/schema.js';
import { StoredRow, type RowSource } from '../isam/storedrow.js';
import type { Rec } from '../isam/table.js';
import { TruncatedDataError } from '../storage/codec.js';
import { readHeaderFd, type DbHeader } from '../storage/dbfile.js';
import { fsyncDir } from '../storage/fsutil.js';
import { PageFile } from '../storage/pagefile.js';
import { SpaceMap, type Allocation } from '../storage/spacemap.js';

/** Pages of small records kept in memory (per database): 2 MiB of 8 KiB pages. */
const PAGE_CACHE_PAGES = 256;
/** Bytes of large record images (longer than a page) kept in memory (per database). */
const ROW_CACHE_BYTES = 8 << 20;
/** Suffix of the file a new database is built in before it is renamed into place. */
export const CREATING_SUFFIX = '.new';

export interface OpenedDb<S extends DbStore | EseReadOnlyStore = DbStore | EseReadOnlyStore> {
  readonly store: S;
  readonly header: DbHeader;
  readonly content: DatabaseContent;
}

export class DbStore implements RowSource {
  private readonly space: SpaceMap;
  private readonly pages = new Map<number, Buffer>();
  private readonly rows = new Map<StoredRow, Buffer>();
  private rowBytes = 0;
  /** True while a backup may be reading the file: checkpoints then only append pages. */
  holdPages: () => boolean = () => false;

  private constructor(
    readonly file: PageFile,
    header: DbHeader,
    readonly writable: boolean,
  ) {
    this.space = new SpaceMap(header.cpgData + 2);
  }

  get path(): string {
    return this.file.path;
  }

  /**
   * Creates (or replaces) the file with an empty directory. The file is built under a temporary
   * name and renamed into place, so a crash leaves either no database or a complete empty one.
   */
  static create(path: string, header: DbHeader): OpenedDb<DbStore> {
    const tmp = path + CREATING_SUFFIX;
    const file = PageFile.open(tmp, 'w+', header.pageSize);
    try {
      header.cpgData = 0;
      const store = new DbStore(file, header, true);
      const content = new DatabaseContent();
      store.checkpoint(content, header);
      renameSync(tmp, path);
      fsyncDir(dirname(path));
      file.path = path;
      return { store, header, content };
    } catch (e) {
      file.close();
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  /**
   * Opens a database file and reads its directory (every page read is verified). A real ESE file
   * (written by Windows or by ese/writer.ts) opens read-only through ese/attach.ts.
   */
  static open(path: string, expectedPageSize: number | undefined, writable: true, context: string): OpenedDb<DbStore>;
  static open(path: string, expectedPageSize: number | undefined, writable: boolean, context: string): OpenedDb;
  static open(path: string, expectedPageSize: number | undefined, writable: boolean, context: string): OpenedDb {
    if (isEseDatabaseFile(path)) return openEseReadOnlyOrRefuse(path, !writable, expectedPageSize, context);
    let fd: number;
    try {
      fd = openSync(path, writable ? 'r+' : 'r');
    } catch {
      throw jetError(JET_errFileNotFound, { context });
    }
    let file: PageFile | undefined;
    try {
      const header = readHeaderFd(fd, context);
      if (expectedPageSize !== undefined && header.pageSize !== expectedPageSize) throw jetError(JET_errPageSizeMismatch, { context });
      file = new PageFile(path, fd, header.pageSize);
      const store = new DbStore(file, header, writable);
      return { store, header, content: store.loadDirectory(header, context) };
    } catch (e) {
      if (file) file.close();
      else closeSync(fd);
      throw e;
    }
  }

  /** Pages a stored record occupies: one when it fits in the rest of its page, else a run from offset 0. */
  private rowPages(ref: RowRef): number {
    return ref.off + ref.cb <= this.file.payload ? 1 : this.file.pagesFor(ref.cb);
  }

  private loadDirectory(h: DbHeader, context: string): DatabaseContent {
    const end = h.cpgData + 2;
    const inFile = (pgno: number, cpg: number): boolean => pgno >= 2 && pgno + cpg <= end;
    if (!inFile(h.pgnoDir, h.cpgDir) || this.file.pagesFor(h.cbDir) !== h.cpgDir) throw jetError(JET_errDatabaseCorrupted, { context });
    const dir = this.file.readRun(h.pgnoDir, h.cpgDir, h.cbDir, context);
    this.space.markUsed(h.pgnoDir, h.cpgDir);
    try {
      return deserializeDirectory(dir, (ref) => {
        const cpg = this.rowPages(ref);
        if (!inFile(ref.pgno, cpg) || ref.off > this.file.payload) throw new DirectoryCorruptError('record outside the file');
        this.space.markUsed(ref.pgno, cpg);
        return new StoredRow(this, ref.pgno, ref.off, ref.cb);
      });
    } catch (e) {
      if (e instanceof DirectoryCorruptError || e instanceof TruncatedDataError || e instanceof RangeError) throw jetError(JET_errDatabaseCorrupted, { context });
      throw e;
    }
  }

  // ---- reads

  loadRow(row: StoredRow): Buffer {
    const context = `${this.path}: record on page ${row.pgno}`;
    // a small record is a slice of its cached page (no copy that could pin a shared buffer pool)
    if (this.rowPages(row) === 1) return this.page(row.pgno, context).subarray(row.off, row.off + row.cb);
    const hit = this.rows.get(row);
    if (hit) {
      this.rows.delete(row);
      this.rows.set(row, hit);
      return hit;
    }
    const data = this.file.readRun(row.pgno, this.rowPages(row), row.cb, context);
    this.remember(row, data);
    return data;
  }

  /** Keeps a large record's bytes (its own allocation) in the bounded cache. */
  private remember(row: StoredRow, data: Buffer): void {
    if (data.length <= this.file.payload || data.length > ROW_CACHE_BYTES / 4) return;
    this.rows.set(row, data);
    this.rowBytes += data.length;
    for (const [k, v] of this.rows) {
      if (this.rowBytes <= ROW_CACHE_BYTES) break;
      this.rows.delete(k);
      this.rowBytes -= v.length;
    }
  }

  private page(pgno: number, context: string): Buffer {
    let p = this.pages.get(pgno);
    if (p) {
      this.pages.delete(pgno);
    } else {
      p = this.file.readPayload(pgno, context);
      if (this.pages.size >= PAGE_CACHE_PAGES) this.pages.delete(this.pages.keys().next().value!);
    }
    this.pages.set(pgno, p);
    return p;
  }

  // ---- writes

  /**
   * Writes the records of `content` that are not on pages yet, the directory and `header` (whose
   * state fields the caller has set). Pages the durable header references are never overwritten,
   * so a crash at any point leaves the previous checkpoint intact.
   */
  checkpoint(content: DatabaseContent, header: DbHeader): void {
    const alloc = this.space.begin(this.holdPages());
    const packer = new RowPacker(this.file, alloc);
    const placed: { rec: Rec; was: Row; row: StoredRow; data: Buffer }[] = [];
    const dir = serializeDirectory(content, (rec, row) => {
      if (row instanceof StoredRow && row.source === this) {
        alloc.keep(row.pgno, this.rowPages(row));
        return row;
      }
      const data = packedBytes(row);
      const ref = packer.place(data);
      placed.push({ rec, was: row, row: new StoredRow(this, ref.pgno, ref.off, ref.cb), data });
      return ref;
    });
    packer.finish();
    const cpgDir = this.file.pagesFor(dir.length);
    const pgnoDir = alloc.take(cpgDir);
    this.file.writeRun(pgnoDir, dir);
    for (let p = pgnoDir; p < pgnoDir + cpgDir; p++) this.pages.delete(p);
    for (const p of packer.written) this.pages.delete(p);
    this.file.sync();
    header.pgnoDir = pgnoDir;
    header.cpgDir = cpgDir;
    header.cbDir = dir.length;
    header.cpgData = Math.max(header.cpgData, alloc.end - 2);
    this.file.writeHeader(header);
    this.space.commit(alloc);
    // the images now live on their pages: drop the in-memory copies (the hot ones stay cached)
    for (const p of placed) {
      if (p.rec.committed !== p.was) continue;
      p.rec.committed = p.row;
      this.remember(p.row, p.data);
    }
  }

  /** Rewrites the header pages only (state and backup information). */
  writeHeader(header: DbHeader): void {
    if (this.writable) this.file.writeHeader(header);
  }

  /** Verifies every page the header references; returns the first bad page number or -1. */
  verifyUsedPages(): number {
    for (let pgno = 2; pgno < this.space.end; pgno++) {
      if (!this.space.isUsed(pgno)) continue;
      try {
        this.file.readPayload(pgno, 'verify');
      } catch {
        return pgno;
      }
    }
    return -1;
  }

  close(): void {
    this.pages.clear();
    this.rows.clear();
    this.rowBytes = 0;
    this.file.close();
  }
}

/** Packs small records into pages and writes large ones as runs, in the pages a checkpoint takes. */
class RowPacker {
  readonly written: number[] = [];
  private buf: Buffer | undefined;
  private pgno = 0;
  private used = 0;

  constructor(
    private readonly file: PageFile,
    private readonly alloc: Allocation,
  ) {}

  place(data: Buffer): RowRef {
    const per = this.file.payload;
    if (data.length > per) {
      const cpg = this.file.pagesFor(data.length);
      const pgno = this.alloc.take(cpg);
      this.file.writeRun(pgno, data);
      for (let p = pgno; p < pgno + cpg; p++) this.written.push(p);
      return { pgno, off: 0, cb: data.length };
    }
    if (!this.buf || this.used + data.length > per) {
      this.finish();
      this.buf = Buffer.allocUnsafe(per);
      this.pgno = this.alloc.take(1);
      this.used = 0;
    }
    data.copy(this.buf, this.used);
    const ref = { pgno: this.pgno, off: this.used, cb: data.length };
    this.used += data.length;
    return ref;
  }

  /** Writes the page being filled. */
  finish(): void {
    if (!this.buf) return;
    this.file.writeRun(this.pgno, this.buf.subarray(0, this.used));
    this.written.push(this.pgno);
    this.buf = undefined;
  }
}

/** Opens a database read-only and verifies every page its header references (crash tests). */
export function verifyDatabaseFile(path: string): number {
  const { store } = DbStore.open(path, undefined, false, 'verify');
  try {
    return store.verifyUsedPages();
  } finally {
    store.close();
  }
}
