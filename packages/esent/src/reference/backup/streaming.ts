// The streaming backup state machine of one instance (SEMANTICS.md §2; [B] backup.cxx):
// NotStarted -> Databases (full) | LogsAndPatches (incremental), the one handle slot, the copy
// and delete ranges the first log-info call fixes, and what was read to the end.
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  JET_errBackupAbortByServer,
  JET_errCheckpointFileNotFound,
  JET_errDatabaseNotFound,
  JET_errFileAccessDenied,
  JET_errFileNotFound,
  JET_errInvalidBackupSequence,
  JET_errInvalidParameter,
  JET_errLogFileNotCopied,
  JET_errLogReadVerifyFailure,
  JET_errMissingFileToBackup,
  JET_errMissingFullBackup,
  JET_errNoBackup,
  JET_errOutOfMemory,
  JET_errReadVerifyFailure,
  isJetError,
  jetError,
} from '@winbackup/errors';
import type { JET_BKINFO } from '../../api/structs.js';
import type { Instance } from '../engine/instance.js';
import { checkpointName, listArchivedGenerations } from '../storage/logfiles.js';
import { readLogFile } from '../storage/logformat.js';
import { logtimeFromMs } from '../storage/logtime.js';
import type { BackupFile } from './backupfile.js';
import { DatabaseStream } from './dbstream.js';
import { PlainFileStream } from './plainfile.js';

export type BackupStatus = 'Databases' | 'LogsAndPatches';
export type BackupOutcome = 'normal' | 'abortByCaller' | 'abortByServer';

/** The handle value of the one slot (SEMANTICS.md §1: the slot index). */
export const BACKUP_HANDLE = 0;

export class StreamingBackup {
  status: BackupStatus;
  private file: BackupFile | undefined;
  /** Generation of the checkpoint at Begin (full) or oldest log (incremental, fixed at prepare). */
  private copyLow = 0;
  /** First generation not copied (the generation current after the roll). */
  private copyHigh = 0;
  private deleteHigh = 0;
  private deleteLow = 0;
  logsPrepared = false;
  logsTruncated = false;
  private readonly copiedGens = new Set<number>();
  private readonly copiedDbs = new Set<string>();
  private fileAtEof = false;
  /** The open log failed verification: its first read fails with JET_errLogReadVerifyFailure. */
  private logBad = false;
  private reading: Promise<void> = Promise.resolve();
  private pendingReads = 0;
  /** JET_paramDatabasePageSize when the backup began: log reads are checked against it. */
  enginePageSize = 8192;

  constructor(
    readonly inst: Instance,
    readonly incremental: boolean,
  ) {
    this.status = incremental ? 'LogsAndPatches' : 'Databases';
  }

  /** JetBeginExternalBackupInstance after the entry checks (SEMANTICS.md §1). */
  static begin(inst: Instance, incremental: boolean, context: string): StreamingBackup {
    if (incremental) {
      for (const db of inst.dbs.values()) {
        if (!db.readOnly && db.header.bkinfoFullPrev.genHigh === 0) throw jetError(JET_errMissingFullBackup, { context });
      }
    } else if (!existsSync(join(inst.systemDir, checkpointName(inst.baseName)))) {
      throw jetError(JET_errCheckpointFileNotFound, { context });
    }
    const b = new StreamingBackup(inst, incremental);
    if (!incremental) b.copyLow = inst.lgposCheckpoint.lGeneration || inst.currentGeneration;
    inst.backup.stopRequested = false;
    inst.backup.inProgress = true;
    inst.backup.holdLogsFrom = incremental ? (inst.logGenerationsOnDisk()[0] ?? inst.currentGeneration) : b.copyLow;
    return b;
  }

  get hasOpenFile(): boolean {
    return this.file !== undefined;
  }

  /** NoBackup is checked first, then the stop flag (SEMANTICS.md §3). */
  static check(b: StreamingBackup | undefined, context: string): StreamingBackup {
    if (!b) throw jetError(JET_errNoBackup, { context });
    if (b.inst.backup.stopRequested) throw jetError(JET_errBackupAbortByServer, { context });
    return b;
  }

  /** The stop flag, checked when each call starts (SEMANTICS.md §7). */
  checkStop(context: string): void {
    if (this.inst.backup.stopRequested) throw jetError(JET_errBackupAbortByServer, { context });
  }

  /** Attached, logged databases (GetAttachInfo). */
  databasePaths(): string[] {
    return [...this.inst.dbs.values()].filter((d) => !d.readOnly).map((d) => d.path);
  }

  open(path: string, context: string, cancel: () => void): BackupFile {
    if (this.file) throw jetError(JET_errOutOfMemory, { context });
    const db = this.inst.dbs.get(path);
    if (db && !db.readOnly) {
      if (this.incremental || this.logsPrepared) {
        if (this.status === 'LogsAndPatches') cancel();
        throw jetError(JET_errInvalidBackupSequence, { context });
      }
      const copyLow = this.copyLow;
      const inst = this.inst;
      this.file = new DatabaseStream(
        path,
        (h) => ({
          genMinRequired: Math.max(h.lgposRedo.lGeneration, copyLow),
          genMaxRequired: inst.currentGeneration,
          szOriginalPath: path,
          signDbRandom: h.signDb.ulRandom,
        }),
        context,
      );
    } else if (this.status === 'Databases') {
      // [B]: a file that is not an attached database is not found; the backup goes on
      throw jetError(JET_errDatabaseNotFound, { context });
    } else {
      const kind = extname(path).toLowerCase() === '.log' ? 'log' : 'patch';
      try {
        this.file = new PlainFileStream(kind, path);
        this.logBad = kind === 'log' && !this.logVerifies(path, context);
      } catch (e) {
        cancel();
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') throw jetError(JET_errFileAccessDenied, { context, cause: e });
        throw jetError(JET_errMissingFileToBackup, { context, cause: e });
      }
    }
    this.fileAtEof = this.file.size === 0;
    return this.file;
  }

  async read(buf: Uint8Array, cb: number, context: string, cancel: () => void): Promise<number> {
    const f = this.file;
    if (!f) throw jetError(JET_errInvalidParameter, { context });
    const ps = f instanceof DatabaseStream ? f.pageSize : this.enginePageSize;
    if (buf.byteOffset % 4096 !== 0 || cb % ps !== 0 || (cb === 0 && f.kind === 'database')) throw jetError(JET_errInvalidParameter, { context });
    if (f.position === 0 && cb < (f.kind === 'database' ? 3 : 2) * ps) throw jetError(JET_errInvalidParameter, { context });
    // backup.cxx ErrBKReadFile: a log read of 0 bytes past its start reads nothing and succeeds
    if (cb === 0) return 0;
    if (f.kind === 'log' && this.logBad) {
      // a bad log cancels the backup (SEMANTICS.md §1 JetReadFileInstance)
      cancel();
      throw jetError(JET_errLogReadVerifyFailure, { context });
    }
    // one read at a time on the handle (SEMANTICS.md §7: concurrent reads are the caller's race;
    // here they queue). A read with none ahead of it starts at once, so End or Close issued after
    // it finds it already under way.
    const start = async (): Promise<number> => {
      if (this.file !== f) throw jetError(JET_errInvalidParameter, { context });
      try {
        return await f.read(buf, cb);
      } catch (e) {
        if (this.file !== f) throw e;
        if (f.kind === 'database' && isJetError(e, JET_errReadVerifyFailure)) {
          // only that database is dropped: the handle closes, the backup goes on
          f.close();
          this.file = undefined;
        } else cancel();
        throw e;
      }
    };
    const run = this.pendingReads === 0 ? start() : this.reading.then(start);
    this.pendingReads++;
    this.reading = run.then(
      () => undefined,
      () => undefined,
    );
    void this.reading.then(() => {
      this.pendingReads--;
    });
    const n = await run;
    if (f.position >= f.size) this.fileAtEof = true;
    return n;
  }

  close(hf: number, context: string): void {
    const f = this.file;
    if (!f || hf !== BACKUP_HANDLE) throw jetError(JET_errInvalidParameter, { context });
    f.close();
    this.file = undefined;
    if (!this.fileAtEof) return;
    if (f.kind === 'database') this.copiedDbs.add(f.path);
    else if (f.kind === 'log') {
      const gen = this.generationOf(f.path);
      if (gen !== undefined) this.copiedGens.add(gen);
    }
  }

  /** Checks every record of an archived log of this instance (Server 2003+ verify logs they back up). */
  private logVerifies(path: string, context: string): boolean {
    const gen = this.generationOf(path);
    if (gen === undefined) return true;
    try {
      const r = readLogFile(path, { gen, ...(this.inst.signLog ? { signLog: this.inst.signLog } : {}) }, context);
      return !r.torn;
    } catch (e) {
      if (isJetError(e)) return false;
      throw e;
    }
  }

  private generationOf(path: string): number | undefined {
    const base = this.inst.baseName;
    const m = new RegExp(`^${base.replace(/[^A-Za-z0-9]/g, '\\$&')}([0-9A-F]{5}|[0-9A-F]{8})\\.log$`, 'i').exec(basename(path));
    return m ? parseInt(m[1]!, 16) : undefined;
  }

  /** The first GetLogInfo / GetTruncateLogInfo: roll the log, fix the copy and delete ranges. */
  prepareLogs(context: string): void {
    if (this.file) throw jetError(JET_errInvalidBackupSequence, { context });
    if (this.logsPrepared) return;
    const inst = this.inst;
    const onDisk = inst.logGenerationsOnDisk();
    if (onDisk.length === 0) throw jetError(JET_errFileNotFound, { context });
    const oldest = listArchivedGenerations(inst.logDir, inst.baseName)[0] ?? inst.currentGeneration;
    if (this.incremental) {
      // the logs since the last full or incremental backup must all still be there
      let since = Infinity;
      for (const db of inst.dbs.values()) {
        if (db.readOnly) continue;
        since = Math.min(since, Math.max(db.header.bkinfoFullPrev.genHigh, db.header.bkinfoIncPrev.genHigh) + 1);
      }
      if (since !== Infinity && oldest > since) throw jetError(JET_errMissingFileToBackup, { context });
      this.copyLow = oldest;
    }
    inst.rollLog();
    this.copyHigh = inst.currentGeneration;
    let del = Math.min(inst.lgposCheckpoint.lGeneration, this.copyHigh);
    if (!this.incremental) {
      // a database this backup did not copy still needs the logs after its last full backup
      for (const db of inst.dbs.values()) {
        if (!db.readOnly && !this.copiedDbs.has(db.path)) del = Math.min(del, db.header.bkinfoFullPrev.genHigh + 1);
      }
    }
    this.deleteLow = oldest;
    this.deleteHigh = Math.max(oldest, del);
    this.logsPrepared = true;
    this.status = 'LogsAndPatches';
  }

  get genLow(): number {
    return this.copyLow;
  }

  /** Inclusive, as JET_LOGINFO.ulGenHigh. */
  get genHigh(): number {
    return this.copyHigh - 1;
  }

  logsToCopy(): string[] {
    const out: string[] = [];
    for (let g = this.copyLow; g < this.copyHigh; g++) out.push(this.inst.logPath(g));
    return out;
  }

  logsToTruncate(): string[] {
    const out: string[] = [];
    for (let g = this.deleteLow; g < this.deleteHigh; g++) if (existsSync(this.inst.logPath(g))) out.push(this.inst.logPath(g));
    return out;
  }

  /** JetTruncateLogInstance after the state checks. */
  truncate(context: string): void {
    if (this.file || !this.logsPrepared) throw jetError(JET_errInvalidBackupSequence, { context });
    for (let g = this.copyLow; g < this.copyHigh; g++) if (!this.copiedGens.has(g)) throw jetError(JET_errLogFileNotCopied, { context });
    this.inst.truncateLogsBelow(this.deleteHigh);
    this.logsTruncated = true;
    this.status = 'LogsAndPatches';
  }

  /** Ends the backup; returns how it ended (ErrBKExternalBackupCleanUp). */
  end(abort: boolean, now: number): BackupOutcome {
    this.closeFile();
    const inst = this.inst;
    let outcome: BackupOutcome = 'normal';
    if (inst.backup.stopRequested) outcome = 'abortByServer';
    else if (abort || this.status === 'Databases' || !this.logsPrepared) outcome = 'abortByCaller';
    if (outcome === 'normal') {
      const mark: JET_BKINFO = {
        lgposMark: { lGeneration: this.copyHigh, isec: 0, ib: 0 },
        bklogtimeMark: { ...logtimeFromMs(now), fOSSnapshot: false },
        genLow: this.copyLow,
        genHigh: this.copyHigh - 1,
      };
      for (const db of inst.dbs.values()) {
        if (db.readOnly) continue;
        if (this.incremental) db.updateHeader((h) => (h.bkinfoIncPrev = mark));
        else if (this.copiedDbs.has(db.path)) db.updateHeader((h) => (h.bkinfoFullPrev = mark));
      }
    }
    this.release();
    return outcome;
  }

  /** Cancellation (back to NotStarted, recorded as aborted): nothing is deleted or restored. */
  release(): void {
    this.closeFile();
    const b = this.inst.backup;
    b.inProgress = false;
    b.stopRequested = false;
    b.holdLogsFrom = undefined;
    b.cancel = undefined;
  }

  private closeFile(): void {
    this.file?.close();
    this.file = undefined;
  }
}
