// Phase III of a restore (spec: JetExternalRestore.md "Remarks"; JetRestoreInstance.md "On
// success"): recovery ends by opening a new log generation in the log path and writing a
// checkpoint in the checkpoint (system) path (engine: logutil.cxx, ErrLGRestore and
// ErrLGRSTExternalRestore move the log to its running state after the redo, then terminate it),
// so the next JetInit on that log path continues the restored log stream. The databases were
// already written clean by the replay, so the new generation holds only the end-of-recovery
// (Term) record and the checkpoint lists no attached database.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { encodeRec, RecType } from '../engine/logrecords.js';
import { writeCheckpoint } from '../storage/checkpoint.js';
import { checkpointName } from '../storage/logfiles.js';
import { LogStream } from '../storage/logstream.js';

export interface UndoTarget {
  readonly logPath: string;
  readonly checkpointPath: string;
  readonly base: string;
  /** JET_paramLogFileSize in bytes. */
  readonly cbLogFile: number;
  readonly signLog: JET_SIGNATURE;
  readonly now: number;
}

/** Starts generation `gen` in the log path, ends it with a Term record and checkpoints after it. */
export function finishRestoreLog(t: UndoTarget, gen: number): JET_LGPOS {
  mkdirSync(t.logPath, { recursive: true });
  mkdirSync(t.checkpointPath, { recursive: true });
  LogStream.removeTmp(t.logPath, t.base);
  const log = new LogStream({ dir: t.logPath, base: t.base, cbFile: t.cbLogFile, signLog: t.signLog, now: () => t.now });
  log.start(gen);
  try {
    log.append(encodeRec({ type: RecType.Term }));
    log.flush();
  } finally {
    log.close();
  }
  const at = log.lgposNext;
  writeCheckpoint(join(t.checkpointPath, checkpointName(t.base)), { signLog: t.signLog, lgposCheckpoint: at, genMax: gen, attached: [] });
  return at;
}
