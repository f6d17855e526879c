// One ESE instance: its parameters, log stream, checkpoint, attached databases and sessions, and
// the init/term state machine (spec: JetInit.md, JetTerm2.md, JetAttachDatabase.md,
// JetDetachDatabase.md, JetCreateDatabase.md). The members marked "backup hook" are the internal
// surface the streaming backup module (src/reference/backup/) builds on.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomInt } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  JET_errAlreadyInitialized,
  JET_errBackupInProgress,
  JET_errDatabaseDirtyShutdown,
  JET_errDatabaseDuplicate,
  JET_errDatabaseInUse,
  JET_errDatabaseInvalidPath,
  JET_errDatabaseNotFound,
  JET_errDatabaseSharingViolation,
  JET_errFileNotFound,
  JET_errFileAccessDenied,
  JET_errInTransaction,
  JET_errInvalidLogDirectory,
  JET_errInvalidSystemPath,
  JET_errTooManyActiveUsers,
  JET_errPageSizeMismatch,
  JET_errSuccess,
  JET_wrnDatabaseAttached,
  jetError,
} from '@winbackup/errors';
import {
  JET_bitDbOverwriteExisting,
  JET_bitDbReadOnly,
  JET_bitReplayIgnoreMissingDB,
  JET_bitTruncateLogsAfterRecovery,
  JET_bitTermAbrupt,
  JET_bitTermComplete,
  JET_bitTermDirty,
  JET_bitTermStopBackup,
  JET_dbstateCleanShutdown,
  JET_dbstateDirtyShutdown,
  JET_dbstateJustCreated,
  JET_paramBaseName,
  JET_paramCheckpointDepthMax,
  JET_paramCircularLog,
  JET_paramCreatePathIfNotExist,
  JET_paramLogBuffers,
  JET_paramLogFilePath,
  JET_paramLogFileSize,
  JET_paramRecovery,
  JET_paramSystemPath,
  JET_paramTempPath,
} from '../../api/constants.js';
import type { JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { writeCheckpoint } from '../storage/checkpoint.js';
import { checkpointName, currentLogName } from '../storage/logfiles.js';
import { LogStream } from '../storage/logstream.js';
import { logtimeFromMs } from '../storage/logtime.js';
import { requireDir } from '../storage/requireDir.js';
import { FileInUse, lockFile, type LockMode } from '../storage/filelock.js';
import { join } from 'node:path';
import { BackupState } from './backupstate.js';
import { AttachedDb } from './database.js';
import { EseStore, type OpenedDb } from './esestore.js';
import { ESE_PAGE_SIZES } from '../ese/writer.js';
import { WriteGate } from './gate.js';
import { encodeRec, RecType, type LogRec } from './logrecords.js';
import type { ParamStore } from './params.js';
import { freshHeader, recover } from './recovery.js';
import type { Session } from './session.js';

export type InstanceState = 'created' | 'running' | 'terminated';

export interface EngineContext {
  readonly root: string;
  readonly clock: () => number;
  /** The global JET_paramDatabasePageSize. */
  readonly pageSize: () => number;
}

const LAZY_FLUSH_MS = 250;

export class Instance {
  state: InstanceState = 'created';
  /** Gives back this instance's hold on its current log (storage/filelock.ts). */
  private releaseLog: (() => void) | undefined;
  /** Gives back the hold on each attached database, by path. */
  private readonly dbHolds = new Map<string, () => void>();
  stopService = false;
  readonly dbs = new Map<string, AttachedDb>();
  readonly dbsById = new Map<number, AttachedDb>();
  readonly sessions = new Map<number, Session>();
  /** backup hook: the backup state machine's per-instance flags. */
  readonly backup = new BackupState();
  /** backup hook: holds database/log writes while an OS snapshot is frozen. */
  readonly gate = new WriteGate();
  log: LogStream | undefined;
  signLog: JET_SIGNATURE | undefined;
  /** backup hook: the last checkpoint written (oldest position recovery needs). */
  lgposCheckpoint: JET_LGPOS = { ib: 0, isec: 0, lGeneration: 0 };
  private nextDbid = 1;
  private lazyTimer: NodeJS.Timeout | undefined;
  private rolled = false;

  constructor(
    readonly id: number,
    readonly name: string | null,
    readonly displayName: string | null,
    readonly params: ParamStore,
    private readonly ctx: EngineContext,
  ) {}

  // ---- paths

  /** Resolves a path as the engine sees it: Windows separators accepted, relative to the root. */
  resolvePath(p: string): string {
    const posix = p.replace(/\\/g, '/');
    return isAbsolute(posix) ? resolve(posix) : resolve(this.ctx.root, posix);
  }

  /** backup hook */
  get systemDir(): string {
    return this.resolvePath(this.params.str(JET_paramSystemPath));
  }

  /** backup hook */
  get logDir(): string {
    return this.resolvePath(this.params.str(JET_paramLogFilePath));
  }

  get tempDir(): string {
    return this.resolvePath(this.params.str(JET_paramTempPath));
  }

  /** backup hook: JET_paramBaseName. */
  get baseName(): string {
    return this.params.str(JET_paramBaseName);
  }

  get circular(): boolean {
    return this.params.num(JET_paramCircularLog) !== 0;
  }

  get loggingEnabled(): boolean {
    return this.params.str(JET_paramRecovery).toLowerCase() !== 'off';
  }

  get now(): number {
    return this.ctx.clock();
  }

  private newSignature(): JET_SIGNATURE {
    return { ulRandom: randomInt(0, 0xffffffff), logtimeCreate: logtimeFromMs(this.now), szComputerName: hostname().slice(0, 15) };
  }

  private ensureDir(dir: string, code: number, context: string, what: string): void {
    requireDir(dir, this.params.num(JET_paramCreatePathIfNotExist) !== 0, code, context, what);
  }

  // ---- init / term

  /** JetInit: recovery from the checkpoint, then a new log generation. Returns the warning code. */
  init(grbit: number, context: string): number {
    if (this.state !== 'created') throw jetError(JET_errAlreadyInitialized, { context });
    this.ensureDir(this.systemDir, JET_errInvalidSystemPath, context, 'JET_paramSystemPath');
    this.ensureDir(this.logDir, JET_errInvalidLogDirectory, context, 'JET_paramLogFilePath');
    this.ensureDir(this.tempDir, JET_errInvalidSystemPath, context, 'JET_paramTempPath');
    // another process running on these logs: refused before anything is read or written, as the
    // engine's open of edb.log (share mode 0 there) fails (logredo.cxx ErrLGSoftStart)
    if (this.loggingEnabled) this.releaseLog = this.hold(join(this.logDir, currentLogName(this.baseName)), context);
    try {
      this.startLog(grbit);
    } catch (e) {
      this.releaseLog?.();
      this.releaseLog = undefined;
      throw e;
    }
    this.state = 'running';
    return JET_errSuccess;
  }

  /** Takes this instance's hold on a file; another live process holding it is JET_errFileAccessDenied. */
  private hold(file: string, context: string, mode: LockMode = 'exclusive'): () => void {
    try {
      return lockFile(file, mode);
    } catch (e) {
      if (e instanceof FileInUse) throw jetError(JET_errFileAccessDenied, { context: `${context}: ${e.message}`, cause: e });
      throw e;
    }
  }

  private releaseDb(path: string): void {
    this.dbHolds.get(path)?.();
    this.dbHolds.delete(path);
  }

  /** JetInit after the checks: recovery from the checkpoint, then a new log generation. */
  private startLog(grbit: number): void {
    if (this.loggingEnabled) {
      LogStream.removeTmp(this.logDir, this.baseName);
      const result = recover({
        logDir: this.logDir,
        systemDir: this.systemDir,
        base: this.baseName,
        pageSize: this.ctx.pageSize(),
        now: this.now,
        ignoreMissingDb: (grbit & JET_bitReplayIgnoreMissingDB) !== 0,
      });
      this.signLog = result.signLog ?? this.newSignature();
      this.log = new LogStream({
        dir: this.logDir,
        base: this.baseName,
        cbFile: this.params.num(JET_paramLogFileSize) * 1024,
        signLog: this.signLog,
        now: () => this.now,
      });
      // a checkpoint must not run in the middle of a commit (its record appended, its changes not
      // yet committed in memory): note the roll and checkpoint when the call finishes
      this.log.onRoll = () => {
        this.rolled = true;
      };
      this.log.start(result.lastGen + 1);
      this.writeCheckpointNow();
      // spec: JetInit3: the logs recovery replayed are no longer needed
      if (grbit & JET_bitTruncateLogsAfterRecovery) this.log.deleteBelow(this.log.gen);
    } else {
      this.signLog = this.newSignature();
    }
  }

  /** JetTerm2 (spec: JetTerm2.md; SEMANTICS.md §2 for the backup interplay). */
  term(grbit: number, context: string, endSession: (s: Session) => void): void {
    if (this.backup.inProgress) {
      if (grbit & (JET_bitTermStopBackup | JET_bitTermAbrupt)) this.backup.cancelForTerm();
      else throw jetError(JET_errBackupInProgress, { context });
    }
    if (grbit & JET_bitTermComplete) {
      for (const s of this.sessions.values()) if (s.level > 0) throw jetError(JET_errTooManyActiveUsers, { context });
    }
    for (const s of [...this.sessions.values()]) endSession(s);
    this.cancelLazyTimer();
    if (this.log) {
      this.log.flush();
      if (!(grbit & JET_bitTermDirty)) {
        for (const db of [...this.dbs.values()]) this.closeDb(db);
        this.appendRec({ type: RecType.Term });
        this.log.flush();
        this.writeCheckpointNow();
      }
      this.log.close();
    } else {
      for (const db of [...this.dbs.values()]) this.closeDb(db);
    }
    // a dirty term leaves the files as the last checkpoint wrote them; recovery brings them forward
    for (const db of this.dbs.values()) {
      db.close();
      this.releaseDb(db.path);
    }
    this.releaseLog?.();
    this.releaseLog = undefined;
    this.dbs.clear();
    this.dbsById.clear();
    this.state = 'terminated';
  }

  /** Writes a database clean and forgets it (detach and clean term). */
  private closeDb(db: AttachedDb): void {
    if (!db.readOnly) {
      const at = this.log ? this.log.lgposNext : db.header.lgposRedo;
      db.header.lgposDetach = at;
      db.header.logtimeDetach = logtimeFromMs(this.now);
      db.flush(at, 'clean', 0, 0, this.now);
    }
    db.close();
    this.releaseDb(db.path);
    this.dbs.delete(db.path);
    this.dbsById.delete(db.dbid);
  }

  // ---- log

  appendRec(rec: LogRec): JET_LGPOS | undefined {
    if (!this.log) return undefined;
    return this.log.append(encodeRec(rec));
  }

  /** Durable: write and fdatasync the log buffer. */
  flushLog(): void {
    this.log?.flush();
  }

  /** Lazy commits are written by a timer or when the buffer grows past JET_paramLogBuffers. */
  scheduleLazyFlush(): void {
    if (!this.log) return;
    if (this.log.unflushedBytes > Math.max(this.params.num(JET_paramLogBuffers) * 512, 1 << 20)) {
      this.log.flush();
      return;
    }
    if (this.lazyTimer) return;
    this.lazyTimer = setTimeout(() => {
      this.lazyTimer = undefined;
      if (this.state !== 'running' || !this.log) return;
      if (this.gate.isFrozen) {
        this.scheduleLazyFlush();
        return;
      }
      this.log.flush();
    }, LAZY_FLUSH_MS);
    this.lazyTimer.unref();
  }

  private cancelLazyTimer(): void {
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = undefined;
  }

  /** Runs the checkpoint policy after a call that may have rolled the log. */
  afterCall(): void {
    if (!this.rolled) return;
    this.rolled = false;
    this.afterRoll();
  }

  private afterRoll(): void {
    if (!this.log) return;
    const depth = this.params.num(JET_paramCheckpointDepthMax);
    const behind = (this.log.gen - this.lgposCheckpoint.lGeneration) * this.params.num(JET_paramLogFileSize) * 1024;
    if (this.circular || behind >= depth) this.checkpoint();
  }

  /**
   * backup hook: flushes every database with unflushed changes and moves the checkpoint to the end
   * of the log; with circular logging, deletes the generations behind it (unless a backup holds them).
   */
  checkpoint(): void {
    if (!this.log) return;
    this.log.flush();
    const at = this.log.lgposNext;
    for (const db of this.dbs.values()) {
      // while a backup or an OS snapshot reads the file it stays as it is: the image streamed (or
      // frozen) plus the logs kept from its checkpoint restore the database; the next checkpoint
      // after the backup writes the changes (their log records are kept until then)
      if (db.firstUnflushed && !db.readOnly && !db.store.holdPages()) db.flush(at, 'dirty', at.lGeneration, this.log.gen, this.now);
    }
    this.writeCheckpointNow();
  }

  private writeCheckpointNow(): void {
    if (!this.log || !this.signLog) return;
    const at = this.log.lgposNext;
    let lowest = at;
    for (const db of this.dbs.values()) {
      const p = db.firstUnflushed;
      if (p && (p.lGeneration < lowest.lGeneration || (p.lGeneration === lowest.lGeneration && p.isec * 512 + p.ib < lowest.isec * 512 + lowest.ib))) lowest = p;
    }
    writeCheckpoint(join(this.systemDir, checkpointName(this.baseName)), {
      signLog: this.signLog,
      lgposCheckpoint: lowest,
      genMax: this.log.gen,
      attached: [...this.dbs.values()].filter((d) => !d.readOnly).map((d) => ({ path: d.path, signDb: d.header.signDb })),
    });
    this.lgposCheckpoint = lowest;
    if (this.circular) {
      const keep = Math.min(lowest.lGeneration, this.backup.holdLogsFrom ?? Infinity);
      this.log.deleteBelow(keep);
    }
  }

  /** backup hook: closes the current generation and starts the next; returns the archived one. */
  rollLog(): number {
    if (!this.log) return 0;
    const old = this.log.gen;
    this.log.roll();
    this.afterCall();
    return old;
  }

  /** backup hook: deletes archived generations below `gen` (JetTruncateLog). */
  truncateLogsBelow(gen: number): number[] {
    return this.log ? this.log.deleteBelow(Math.min(gen, this.lgposCheckpoint.lGeneration)) : [];
  }

  /** backup hook: the current generation and those on disk. */
  get currentGeneration(): number {
    return this.log?.gen ?? 0;
  }

  logGenerationsOnDisk(): number[] {
    return this.log?.generationsOnDisk() ?? [];
  }

  logPath(gen: number): string {
    return this.log ? this.log.pathOf(gen) : '';
  }

  /** backup hook: attached databases with what a backup needs to stream them. */
  attachedDatabases(): { path: string; dbid: number; pageSize: number; logicalLastPage: number; db: AttachedDb }[] {
    return [...this.dbs.values()].map((db) => ({ path: db.path, dbid: db.dbid, pageSize: db.pageSize, logicalLastPage: db.logicalLastPage, db }));
  }

  // ---- databases

  private register(path: string, opened: OpenedDb, readOnly: boolean): AttachedDb {
    const db = new AttachedDb(this.nextDbid++, path, opened.content, opened.header, readOnly, opened.store);
    // a running backup may be reading the file: checkpoints wait until it ends
    opened.store.holdPages = () => this.backup.inProgress;
    this.dbs.set(path, db);
    this.dbsById.set(db.dbid, db);
    return db;
  }

  /** spec: JetCreateDatabase.md. `attachedElsewhere` reports a database another instance holds. */
  createDatabase(path: string, grbit: number, attachedElsewhere: boolean, context: string): AttachedDb {
    if (this.dbs.has(path)) throw jetError(JET_errDatabaseDuplicate, { context });
    if (attachedElsewhere) throw jetError(JET_errDatabaseSharingViolation, { context });
    requireDir(dirname(path), this.params.num(JET_paramCreatePathIfNotExist) !== 0, JET_errDatabaseInvalidPath, context, 'database folder');
    if (existsSync(path) && !(grbit & JET_bitDbOverwriteExisting)) throw jetError(JET_errDatabaseDuplicate, { context });
    // the ESE format has 4, 8, 16 and 32 KiB pages: refused before the log names the database
    if (!(ESE_PAGE_SIZES as readonly number[]).includes(this.ctx.pageSize())) throw jetError(JET_errPageSizeMismatch, { context: `${context}: ESE databases have 4, 8, 16 or 32 KiB pages` });
    // a database another process holds (JET_bitDbOverwriteExisting): refused before the log names it
    const release = this.hold(path, context);
    try {
      const db = this.createHeld(path);
      this.dbHolds.set(path, release);
      return db;
    } catch (e) {
      release();
      throw e;
    }
  }

  private createHeld(path: string): AttachedDb {
    const signDb = this.newSignature();
    const header = freshHeader(this.ctx.pageSize(), signDb, this.signLog!);
    const at = this.appendRec({ type: RecType.CreateDb, path, signDb, pageSize: header.pageSize });
    this.flushLog();
    header.dbstate = this.log ? JET_dbstateDirtyShutdown : JET_dbstateJustCreated;
    header.lgposAttach = at ?? header.lgposAttach;
    header.logtimeAttach = logtimeFromMs(this.now);
    if (at) header.lgposRedo = at;
    if (this.log) {
      header.genMinRequired = at!.lGeneration;
      header.genMaxRequired = this.log.gen;
    }
    const db = this.register(path, EseStore.create(path, header), false);
    if (at) db.noteChange(at);
    this.writeCheckpointNow();
    return db;
  }

  /** spec: JetAttachDatabase.md. Returns JET_errSuccess or JET_wrnDatabaseAttached. */
  attachDatabase(path: string, grbit: number, attachedElsewhere: boolean, context: string): number {
    if (this.backup.inProgress) throw jetError(JET_errBackupInProgress, { context });
    if (this.dbs.has(path)) return JET_wrnDatabaseAttached;
    if (attachedElsewhere) throw jetError(JET_errDatabaseSharingViolation, { context });
    if (!existsSync(path)) throw jetError(JET_errFileNotFound, { context });
    const readOnly = (grbit & JET_bitDbReadOnly) !== 0;
    // the engine reads the header through a file another process holds with share mode 0: the
    // open fails, JET_errFileAccessDenied, before anything is written
    // read-only: FILE_SHARE_READ, shared with other readers (osfs.cxx Mode B)
    const release = this.hold(path, context, readOnly ? 'shared' : 'exclusive');
    let opened: OpenedDb;
    try {
      opened = EseStore.open(path, this.ctx.pageSize(), !readOnly, context);
    } catch (e) {
      release();
      throw e;
    }
    const { header } = opened;
    if (header.dbstate !== JET_dbstateCleanShutdown && header.dbstate !== JET_dbstateJustCreated) {
      opened.store.close();
      release();
      throw jetError(JET_errDatabaseDirtyShutdown, { context });
    }
    this.dbHolds.set(path, release);
    if (!readOnly) {
      // log first: a crash after this point finds the database through the log
      const at = this.appendRec({ type: RecType.Attach, path, signDb: header.signDb });
      this.flushLog();
      if (at && this.log) {
        header.dbstate = JET_dbstateDirtyShutdown;
        header.lgposAttach = at;
        header.logtimeAttach = logtimeFromMs(this.now);
        header.lgposRedo = this.log.lgposNext;
        header.signLog = this.signLog!;
        header.genMinRequired = at.lGeneration;
        header.genMaxRequired = this.log.gen;
      }
    }
    const db = this.register(path, opened, readOnly);
    if (!readOnly && this.log) {
      db.writeHeader();
      this.writeCheckpointNow();
    }
    return JET_errSuccess;
  }

  /** spec: JetDetachDatabase.md. null detaches every database. */
  detachDatabase(path: string | null, session: Session, context: string): void {
    if (this.backup.inProgress) throw jetError(JET_errBackupInProgress, { context });
    if (session.level > 0) throw jetError(JET_errInTransaction, { context });
    const targets = path === null ? [...this.dbs.values()] : [this.dbs.get(path)];
    for (const db of targets) {
      if (!db) throw jetError(JET_errDatabaseNotFound, { context });
      if (db.openBy.size > 0) throw jetError(JET_errDatabaseInUse, { context });
    }
    for (const db of targets) {
      this.flushLog();
      this.closeDb(db!);
      if (!db!.readOnly) {
        this.appendRec({ type: RecType.Detach, path: db!.path });
        this.flushLog();
      }
    }
    this.writeCheckpointNow();
  }

  // ---- transactions

  /** Level-0 or nested commit (spec: JetCommitTransaction.md). */
  commit(session: Session, lazy: boolean): void {
    if (session.level > 1) {
      session.commitInner();
      return;
    }
    const ddl = session.takeDdl();
    for (const d of ddl) {
      for (const rec of d.recs) {
        const at = this.appendRec(rec);
        d.db.noteChange(at ?? { lGeneration: 0, isec: 0, ib: 0 });
      }
    }
    const ops = session.collectOps();
    if (ops.size > 0) {
      const at = this.appendRec({ type: RecType.Commit, dbs: [...ops].map(([db, list]) => ({ path: db.path, ops: list })) });
      if (at) for (const db of ops.keys()) db.noteChange(at);
      else for (const db of ops.keys()) db.noteChange({ lGeneration: 0, isec: 0, ib: 0 });
    }
    session.commitOuter();
    if (ops.size > 0 || ddl.length > 0) {
      if (lazy) this.scheduleLazyFlush();
      else this.flushLog();
    }
    this.afterCall();
  }

  /** Runs a single update in the session's transaction or in an implicit, lazily committed one. */
  inTransaction(session: Session, fn: () => void): void {
    if (session.level > 0) {
      fn();
      return;
    }
    session.begin(false);
    try {
      fn();
    } catch (e) {
      session.rollbackLevel();
      throw e;
    }
    this.commit(session, true);
  }

  /**
   * DDL already applied in memory: outside a transaction it is logged and made durable at once;
   * inside one it is logged by the level-0 commit and reverted by `undo` on rollback.
   */
  ddl(session: Session, db: AttachedDb, recs: readonly LogRec[], undo: () => void): void {
    if (session.level > 0) {
      session.addDdl(db, recs, undo);
      return;
    }
    for (const rec of recs) {
      const at = this.appendRec(rec);
      db.noteChange(at ?? { lGeneration: 0, isec: 0, ib: 0 });
    }
    this.flushLog();
    this.afterCall();
  }
}
