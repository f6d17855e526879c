// Phase II of a restore (spec: JetExternalRestore.md "Remarks"; JetRestoreInstance.md "Remarks"):
// after the backup set's logs, recovery goes on with the newer generations of the same log stream
// found in the log path, as long as they follow on without a gap, ending with the current log.
// The checks follow the engine (logutil.cxx, ErrLGIRSTCheckSignaturesLogSequence): the pages only
// name JET_errInvalidLogSequence for "the logs do not match"; the engine reports which way:
// - a log above the backup's last generation, or the current log, with another signature:
//   JET_errExistingLogFileHasBadSignature;
// - the first newer log is not the next generation (a gap), or the current log does not follow
//   the last one: JET_errExistingLogFileIsNotContiguous;
// - a generation missing between two newer logs: JET_errMissingCurrentLogFiles.
// Logs at or below the backup's last generation are not read (the backup's copies are replayed).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  JET_errExistingLogFileHasBadSignature,
  JET_errExistingLogFileIsNotContiguous,
  JET_errMissingCurrentLogFiles,
  jetError,
} from '@winbackup/errors';
import type { JET_SIGNATURE } from '../../api/structs.js';
import { archiveLogPath, currentLogName, listArchivedGenerations } from '../storage/logfiles.js';
import { readLogHeader } from '../storage/logformat.js';
import { sameSignature } from '../storage/logtime.js';

export interface RollForward {
  /** Archived generations of the log path replayed after the backup's, ascending. */
  readonly archived: readonly number[];
  /** The current log (<base>.log) and its generation, when there is one to replay. */
  readonly current: { readonly path: string; readonly gen: number } | undefined;
}

/** The generations in `logPath` that continue the backup's log stream after `genHigh`. */
export function findRollForward(logPath: string, base: string, signLog: JET_SIGNATURE, genHigh: number, context: string): RollForward {
  const newer = listArchivedGenerations(logPath, base).filter((g) => g > genHigh);
  const archived: number[] = [];
  let last = genHigh;
  for (const gen of newer) {
    const h = readLogHeader(archiveLogPath(logPath, base, gen), `${context}: generation ${gen}`);
    if (!sameSignature(h.signLog, signLog)) throw jetError(JET_errExistingLogFileHasBadSignature, { context: `${context}: generation ${gen}` });
    if (gen !== last + 1) {
      const code = last === genHigh ? JET_errExistingLogFileIsNotContiguous : JET_errMissingCurrentLogFiles;
      throw jetError(code, { context: `${context}: generation ${last + 1}` });
    }
    archived.push(gen);
    last = gen;
  }
  const path = join(logPath, currentLogName(base));
  if (!existsSync(path)) return { archived, current: undefined };
  const h = readLogHeader(path, `${context}: ${currentLogName(base)}`);
  if (!sameSignature(h.signLog, signLog)) throw jetError(JET_errExistingLogFileHasBadSignature, { context: `${context}: ${currentLogName(base)}` });
  if (h.lGeneration !== last + 1) throw jetError(JET_errExistingLogFileIsNotContiguous, { context: `${context}: ${currentLogName(base)}` });
  return { archived, current: { path, gen: h.lGeneration } };
}
