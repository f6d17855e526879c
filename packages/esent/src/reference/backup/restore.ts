// Restore (SEMANTICS.md §5): JetRestoreInstance / JetRestore(2) from a JetBackupInstance folder,
// JetExternalRestore(2) from a streamed backup a caller laid out itself. Both replay the backup's
// logs into the restored files (recovery with a path map, so a database is only ever written at
// its restore location), leaving transaction-consistent, cleanly shut down databases.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  JET_errDatabaseSharingViolation,
  JET_errEndingRestoreLogTooLow,
  JET_errInvalidPath,
  JET_errMissingLogFile,
  JET_errStartingRestoreLogTooHigh,
  jetError,
} from '@winbackup/errors';
import { JET_snpRestore, JET_sntBegin, JET_sntComplete, JET_sntFail, JET_sntProgress } from '../../api/backupConstants.js';
import type { JET_PFNSTATUS } from '../../api/backup.js';
import { recover } from '../engine/recovery.js';
import { listArchivedGenerations } from '../storage/logfiles.js';
import { findLogBaseName, findStreamedDatabases, type StreamedDatabase } from './backupset.js';
import { StatusReporter } from './status.js';

export interface RestoreTarget {
  /** The backup's streamed database and where it goes. */
  readonly db: StreamedDatabase;
  readonly target: string;
}

export interface RestorePlan {
  readonly logDir: string;
  readonly base: string;
  readonly genLow: number;
  readonly genHigh: number;
  readonly databases: readonly RestoreTarget[];
  readonly pageSize: number;
  readonly now: number;
  /** Paths attached to live instances (JET_errDatabaseSharingViolation). */
  readonly inUse: (path: string) => boolean;
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
    for (const d of plan.databases) if (plan.inUse(d.target)) throw jetError(JET_errDatabaseSharingViolation, { context: `${plan.context}: ${d.target}` });
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
    // recovery without a checkpoint: a scratch system directory stands in for the target's
    const scratch = mkdtempSync(join(plan.logDir, '.restore-'));
    try {
      recover({
        logDir: plan.logDir,
        systemDir: scratch,
        base: plan.base,
        pageSize: plan.pageSize,
        now: plan.now,
        ignoreMissingDb: true,
        databases: plan.databases.map((d) => d.target),
        startGeneration: plan.genLow,
        mapPath: (p) => byOriginal.get(p),
      });
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

/** JetRestoreInstance's view of a JetBackupInstance folder: its databases, where they go, the logs. */
export function planFolderRestore(
  folder: string,
  dest: string | null,
  context: string,
): { databases: RestoreTarget[]; base: string; genLow: number; genHigh: number } {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw jetError(JET_errInvalidPath, { context });
  const dbs = findStreamedDatabases(folder);
  const base = findLogBaseName(folder);
  if (dbs.length === 0 || base === undefined) throw jetError(JET_errInvalidPath, { context: `${context}: no backup set in ${folder}` });
  const gens = listArchivedGenerations(folder, base);
  const genLow = Math.min(...dbs.map((d) => d.trailer.genMinRequired));
  const genHigh = gens[gens.length - 1]!;
  const databases = dbs.map((db) => ({ db, target: dest === null ? db.trailer.szOriginalPath : join(dest, basename(db.trailer.szOriginalPath)) }));
  return { databases, base, genLow, genHigh };
}
