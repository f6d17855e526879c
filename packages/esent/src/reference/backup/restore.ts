// Restore (SEMANTICS.md §5): JetRestoreInstance / JetRestore(2) from a JetBackupInstance folder,
// JetExternalRestore(2) from a streamed backup a caller laid out itself. Recovery runs in the three
// phases of JetExternalRestore.md "Remarks": (I) the backup's logs, (II) the newer generations of
// the same log stream in the log path (rollforward.ts), (III) a new generation and a checkpoint in
// the log and checkpoint paths (undo.ts). The replay uses a path map, so a database is only ever
// written at its restore location, and leaves transaction-consistent, cleanly shut down databases.
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  JET_errDatabaseSharingViolation,
  JET_errEndingRestoreLogTooLow,
  JET_errFileAccessDenied,
  JET_errInvalidPath,
  JET_errMissingLogFile,
  JET_errStartingRestoreLogTooHigh,
  jetError,
} from '@winbackup/errors';
import { JET_snpRestore, JET_sntBegin, JET_sntComplete, JET_sntFail, JET_sntProgress } from '../../api/backupConstants.js';
import type { JET_PFNSTATUS } from '../../api/backup.js';
import { recover } from '../engine/recovery.js';
import { fsyncDir } from '../storage/fsutil.js';
import { requireDir } from '../storage/requireDir.js';
import { readLogHeader } from '../storage/logformat.js';
import { archiveLogPath, currentLogName, listArchivedGenerations } from '../storage/logfiles.js';
import { heldElsewhere } from '../storage/filelock.js';
import { findLogBaseName, findStreamedDatabases, type StreamedDatabase } from './backupset.js';
import { findRollForward } from './rollforward.js';
import { StatusReporter } from './status.js';
import { finishRestoreLog } from './undo.js';

export interface RestoreTarget {
  /** The backup's streamed database and where it goes. */
  readonly db: StreamedDatabase;
  readonly target: string;
}

export interface RestorePlan {
  /** The backup's logs (JetRestoreInstance's folder, szBackupLogPath). */
  readonly logDir: string;
  /** Roll-forward logs and the new generation: the instance's log path, szLogPath. */
  readonly logPath: string;
  /** Where the checkpoint goes: the instance's system path, szCheckpointFilePath. */
  readonly checkpointPath: string;
  /** JET_paramLogFileSize in bytes, for the new generation. */
  readonly cbLogFile: number;
  readonly base: string;
  readonly genLow: number;
  readonly genHigh: number;
  readonly databases: readonly RestoreTarget[];
  readonly pageSize: number;
  readonly now: number;
  /** Paths attached to live instances (JET_errDatabaseSharingViolation). */
  readonly inUse: (path: string) => boolean;
  /** The log path is a running instance's: its current log must not be replaced (JET_errFileAccessDenied). */
  readonly logPathInUse: boolean;
  readonly pfn: JET_PFNSTATUS | null;
  readonly context: string;
}

/** Checks the log range every database needs (logutil.cxx: StartingRestoreLogTooHigh / EndingRestoreLogTooLow). */
export function checkLogRange(dbs: readonly StreamedDatabase[], genLow: number, genHigh: number, context: string): void {
  for (const d of dbs) {
    if (genLow > d.trailer.genMinRequired) throw jetError(JET_errStartingRestoreLogTooHigh, { context: `${context}: ${d.file}` });
    if (genHigh < d.trailer.genMaxRequired) throw jetError(JET_errEndingRestoreLogTooLow, { context: `${context}: ${d.file}` });
  }
}

export function runRestore(plan: RestorePlan): void {
  const status = new StatusReporter(plan.pfn, JET_snpRestore, plan.context);
  status.notify(JET_sntBegin);
  try {
    const gens = listArchivedGenerations(plan.logDir, plan.base);
    for (let g = plan.genLow; g <= plan.genHigh; g++) {
      if (!gens.includes(g)) throw jetError(JET_errMissingLogFile, { context: `${plan.context}: generation ${g}` });
    }
    // files another process holds (storage/filelock.ts): esent.dll cannot open them (share mode 0),
    // neither to read the log path's edb.log in phase II nor to write a database or log in phase III
    for (const file of [...plan.databases.map((d) => d.target), join(plan.logPath, currentLogName(plan.base))]) {
      const owner = heldElsewhere(file);
      if (owner) throw jetError(JET_errFileAccessDenied, { context: `${plan.context}: ${file} is in use by process ${owner.pid}` });
    }
    // phase II: which newer logs of the same stream the log path holds (checked before any write)
    const { signLog } = readLogHeader(archiveLogPath(plan.logDir, plan.base, plan.genHigh), `${plan.context}: generation ${plan.genHigh}`);
    const forward = findRollForward(plan.logPath, plan.base, signLog, plan.genHigh, plan.context);
    for (const d of plan.databases) if (plan.inUse(d.target)) throw jetError(JET_errDatabaseSharingViolation, { context: `${plan.context}: ${d.target}` });
    // phase III writes the log path: a running instance holds its current log open for writing
    // (a running instance's logs are rolled forward with szTargetInstanceLogPath, not this way)
    if (plan.logPathInUse) throw jetError(JET_errFileAccessDenied, { context: `${plan.context}: ${plan.logPath}` });
    const byOriginal = new Map<string, string>();
    for (const d of plan.databases) {
      byOriginal.set(d.db.trailer.szOriginalPath, d.target);
      if (d.db.file !== d.target) {
        mkdirSync(join(d.target, '..'), { recursive: true });
        copyFileSync(d.db.file, d.target);
      }
      // the trailer page is not part of the database file
      truncateSync(d.target, (d.db.header.cpgData + 2) * d.db.header.pageSize);
    }
    status.notify(JET_sntProgress, { done: 1, total: 2 });
    // the generations to replay, gathered under one name scheme in a scratch folder of the log path
    // (same file system, so the closed current log can be renamed into place); the scratch folder
    // also stands in for a system path without a checkpoint
    mkdirSync(plan.logPath, { recursive: true });
    const scratch = mkdtempSync(join(plan.logPath, '.restore-'));
    try {
      for (let g = plan.genLow; g <= plan.genHigh; g++) linkOrCopy(archiveLogPath(plan.logDir, plan.base, g), archiveLogPath(scratch, plan.base, g));
      for (const g of forward.archived) linkOrCopy(archiveLogPath(plan.logPath, plan.base, g), archiveLogPath(scratch, plan.base, g));
      // a copy: recovery zeroes a torn tail and closes the current log under its archive name
      if (forward.current) copyFileSync(forward.current.path, join(scratch, currentLogName(plan.base)));
      const result = recover({
        logDir: scratch,
        systemDir: scratch,
        base: plan.base,
        pageSize: plan.pageSize,
        now: plan.now,
        ignoreMissingDb: true,
        databases: plan.databases.map((d) => d.target),
        startGeneration: plan.genLow,
        mapPath: (p) => byOriginal.get(p),
      });
      if (forward.current) {
        // the replayed current log is closed, as JetInit's recovery closes it
        renameSync(archiveLogPath(scratch, plan.base, forward.current.gen), archiveLogPath(plan.logPath, plan.base, forward.current.gen));
        unlinkSync(forward.current.path);
        fsyncDir(plan.logPath);
      }
      // phase III
      finishRestoreLog(
        { logPath: plan.logPath, checkpointPath: plan.checkpointPath, base: plan.base, cbLogFile: plan.cbLogFile, signLog, now: plan.now },
        result.lastGen + 1,
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    status.notify(JET_sntProgress, { done: 2, total: 2 });
    status.notify(JET_sntComplete);
  } catch (e) {
    try {
      status.notify(JET_sntFail);
    } catch {
      // the original failure is the one to report
    }
    throw e;
  }
}

/** A hard link where the file system allows one (the logs are only read), else a copy. */
function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** JetRestoreInstance's view of a JetBackupInstance folder: its databases, where they go, the logs. */
export function planFolderRestore(
  folder: string,
  dest: string | null,
  context: string,
): { databases: RestoreTarget[]; base: string; genLow: number; genHigh: number } {
  requireDir(folder, false, JET_errInvalidPath, context, 'backup folder');
  const dbs = findStreamedDatabases(folder);
  const base = findLogBaseName(folder);
  if (dbs.length === 0 || base === undefined) throw jetError(JET_errInvalidPath, { context: `${context}: no backup set in ${folder}` });
  const gens = listArchivedGenerations(folder, base);
  const genLow = Math.min(...dbs.map((d) => d.trailer.genMinRequired));
  const genHigh = gens[gens.length - 1]!;
  const databases = dbs.map((db) => ({ db, target: dest === null ? db.trailer.szOriginalPath : join(dest, basename(db.trailer.szOriginalPath)) }));
  return { databases, base, genLow, genHigh };
}
