// A database attached to an instance: its content (directory in memory, records on their pages),
// its header and its file. Changes are applied in memory and logged; flush() is a checkpoint of
// this database: the records changed since the last one, the directory and the header (WAL rule:
// the log is flushed first), with the log position redo has to start from.
import { statSync } from 'node:fs';
import type { JET_LGPOS } from '../../api/structs.js';
import { JET_dbstateCleanShutdown, JET_dbstateDirtyShutdown } from '../../api/constants.js';
import { DatabaseContent } from '../isam/content.js';
import type { DbHeader } from '../storage/dbfile.js';
import { cmpLgpos, logtimeFromMs } from '../storage/logtime.js';
import type { EseStore } from './esestore.js';

export class AttachedDb {
  /** Log position of the oldest change not yet in the file (undefined: file is current). */
  firstUnflushed: JET_LGPOS | undefined;
  /** Sessions that have the database open: sesid -> open count. */
  readonly openBy = new Map<number, number>();
  /** The session that opened the database with JET_bitDbExclusive. */
  exclusiveBy: number | undefined;

  constructor(
    readonly dbid: number,
    readonly path: string,
    public content: DatabaseContent,
    public header: DbHeader,
    readonly readOnly: boolean,
    readonly store: EseStore,
  ) {}

  get pageSize(): number {
    return this.header.pageSize;
  }

  /** Data pages + 2 header pages: the logical last page a backup streams (SEMANTICS.md §1). */
  get logicalLastPage(): number {
    return this.header.cpgData + 2;
  }

  get fileSize(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  noteChange(at: JET_LGPOS): void {
    if (!this.firstUnflushed || cmpLgpos(at, this.firstUnflushed) < 0) this.firstUnflushed = at;
  }

  /**
   * Checkpoints the database. `redoFrom` is where the log has to be replayed from for this image
   * (the current end of the log, since the image holds every logged change).
   */
  flush(redoFrom: JET_LGPOS, state: 'dirty' | 'clean', genMin: number, genMax: number, now: number): void {
    const h = this.header;
    h.lgposRedo = redoFrom;
    if (state === 'clean') {
      h.dbstate = JET_dbstateCleanShutdown;
      h.lgposConsistent = redoFrom;
      h.logtimeConsistent = logtimeFromMs(now);
      h.genMinRequired = 0;
      h.genMaxRequired = 0;
    } else {
      h.dbstate = JET_dbstateDirtyShutdown;
      h.genMinRequired = genMin;
      h.genMaxRequired = genMax;
    }
    this.store.checkpoint(this.content, h);
    this.firstUnflushed = undefined;
  }

  /** Rewrites only the header pages (state, backup info) in place. */
  writeHeader(): void {
    this.store.writeHeader(this.header);
  }

  /** Detach / term: the file is closed (after the final flush). */
  close(): void {
    this.store.close();
  }

  /**
   * backup hook: changes header fields (bkinfoFullPrev, bkinfoIncPrev, bkinfoFullCur...) and writes
   * both header pages durably, as ESE does when a backup ends.
   */
  updateHeader(change: (h: DbHeader) => void): void {
    change(this.header);
    this.writeHeader();
  }
}
