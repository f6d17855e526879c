// A session and its transactions (spec: JetBeginTransaction.md, JetCommitTransaction.md,
// JetRollback.md). Changes become pending images owned by the session; each nesting level keeps
// the images it replaced so JetRollback can restore exactly the state at its JetBeginTransaction.
// A level-0 commit turns the pending images into committed ones and logs them as one record.
import { JET_errWriteConflict, jetError } from '@winbackup/errors';
import type { Row } from '../isam/schema.js';
import { pruneVersions, type Pending, type Rec, type Table } from '../isam/table.js';
import { beginSnapshot, endSnapshot, nextCommitSeq, snapshotOf } from '../isam/versions.js';
import type { AttachedDb } from './database.js';
import type { LogRec, RecordOp } from './logrecords.js';

interface UndoEntry {
  readonly table: Table;
  readonly rec: Rec;
  readonly prev: Pending | null;
}

/** DDL done inside a transaction: logged at the level-0 commit, undone by a rollback. */
export interface PendingDdl {
  level: number;
  readonly db: AttachedDb;
  readonly recs: readonly LogRec[];
  readonly undo: () => void;
}

export interface Touched {
  readonly table: Table;
  readonly db: AttachedDb;
}

export class Session {
  level = 0;
  readOnlyTx = false;
  private readonly undo: UndoEntry[][] = [];
  private ddl: PendingDdl[] = [];
  readonly touched = new Map<Rec, Touched>();
  /** dbid -> open count (JetOpenDatabase / JetCreateDatabase). */
  readonly openDbs = new Map<number, number>();
  readonly cursors = new Set<number>();
  ended = false;

  constructor(
    readonly id: number,
    readonly instanceId: number,
  ) {}

  begin(readOnly: boolean): void {
    if (this.level === 0) {
      this.readOnlyTx = readOnly;
      // the transaction reads the database as of now (snapshot isolation)
      beginSnapshot(this.id);
    }
    this.level++;
    this.undo.push([]);
  }

  /**
   * Sets the session's image of a record; JET_errWriteConflict when another session holds it or
   * committed a change to it after this transaction's snapshot.
   */
  write(db: AttachedDb, table: Table, rec: Rec, row: Row | null, context: string): void {
    const p = rec.pending;
    if (p !== null && p.owner !== this.id) throw jetError(JET_errWriteConflict, { context });
    const t = snapshotOf(this.id);
    if (t !== undefined && rec.seq > t) throw jetError(JET_errWriteConflict, { context });
    this.undo[this.level - 1]!.push({ table, rec, prev: p });
    table.setPending(rec, { owner: this.id, row });
    this.touched.set(rec, { table, db });
  }

  /** Whether another session holds an uncommitted change to the record. */
  lockedByOther(rec: Rec): boolean {
    if (rec.pending !== null && rec.pending.owner !== this.id) return true;
    const t = snapshotOf(this.id);
    return t !== undefined && rec.seq > t;
  }

  addDdl(db: AttachedDb, recs: readonly LogRec[], undo: () => void): void {
    this.ddl.push({ level: this.level, db, recs, undo });
  }

  /** DDL of the transaction being committed at level 0, in order. */
  takeDdl(): PendingDdl[] {
    const d = this.ddl;
    this.ddl = [];
    return d;
  }

  /** Undoes the innermost level. */
  rollbackLevel(): void {
    const entries = this.undo.pop() ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const u = entries[i]!;
      u.table.setPending(u.rec, u.prev);
    }
    for (let i = this.ddl.length - 1; i >= 0 && this.ddl[i]!.level === this.level; i--) {
      this.ddl[i]!.undo();
      this.ddl.pop();
    }
    this.level--;
    if (this.level === 0) {
      this.touched.clear();
      endSnapshot(this.id);
      pruneVersions();
    }
  }

  /** Commits the innermost level into its parent (level > 1). */
  commitInner(): void {
    for (const d of this.ddl) if (d.level === this.level) d.level--;
    const entries = this.undo.pop() ?? [];
    this.undo[this.undo.length - 1]!.push(...entries);
    this.level--;
  }

  /** The final images of this transaction, grouped by database, for the Commit log record. */
  collectOps(): Map<AttachedDb, RecordOp[]> {
    const byDb = new Map<AttachedDb, RecordOp[]>();
    for (const [rec, t] of this.touched) {
      const p = rec.pending;
      if (!p || p.owner !== this.id) continue;
      if (p.row === null && rec.committed === null) continue;
      let list = byDb.get(t.db);
      if (!list) byDb.set(t.db, (list = []));
      list.push({ table: t.table.name, bm: rec.bm, row: p.row });
    }
    return byDb;
  }

  /** Makes every pending image of the transaction committed (outermost commit). */
  commitOuter(): void {
    const seq = nextCommitSeq();
    for (const [rec, t] of this.touched) {
      if (rec.pending && rec.pending.owner === this.id) t.table.commitPending(rec, seq);
    }
    this.touched.clear();
    this.undo.length = 0;
    this.level = 0;
    endSnapshot(this.id);
    pruneVersions();
  }
}
