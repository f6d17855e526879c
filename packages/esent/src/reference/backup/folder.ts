// JetBackupInstance / JetBackup (spec: JetBackupInstance.md; SEMANTICS.md §1): the streaming
// state machine driven to a folder. Full: Begin -> each database -> GetLogInfo -> each log ->
// TruncateLog -> End(Normal); incremental skips the databases. Any failure ends the backup as
// aborted and leaves the previous contents of the folder in place: files are staged in a
// subfolder and only moved in once everything was copied and fsync'd (so every backup is
// JET_bitBackupAtomic here).
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { JET_errBackupAbortByServer, JET_errInvalidPath, jetError } from '@winbackup/errors';
import { JET_bitBackupIncremental, JET_paramCreatePathIfNotExist } from '../../api/constants.js';
import { JET_snpBackup, JET_sntBegin, JET_sntComplete, JET_sntFail, JET_sntProgress } from '../../api/backupConstants.js';
import type { JET_PFNSTATUS } from '../../api/backup.js';
import { fsyncDir } from '../storage/fsutil.js';
import { requireDir } from '../storage/requireDir.js';
import type { Instance } from '../engine/instance.js';
import type { StreamingBackupCalls } from './calls.js';
import { BACKUP_HANDLE, type StreamingBackup } from './streaming.js';
import { StatusReporter } from './status.js';

const CHUNK = 1 << 20;
const STAGING = 'new';

export async function backupToFolder(
  calls: StreamingBackupCalls,
  inst: Instance,
  folder: string,
  grbit: number,
  pfn: JET_PFNSTATUS | null,
  enginePageSize: number,
  context: string,
): Promise<void> {
  const incremental = (grbit & JET_bitBackupIncremental) !== 0;
  requireDir(folder, inst.params.num(JET_paramCreatePathIfNotExist) !== 0, JET_errInvalidPath, context, 'backup folder');
  const b = calls.begin(inst, grbit & JET_bitBackupIncremental, context, enginePageSize);
  const status = new StatusReporter(pfn, JET_snpBackup, context);
  const staging = join(folder, STAGING);
  const cancel = (): void => calls.abandon(inst);
  // the stop flag, or the backup cancelled under us (JetTerm2 with JET_bitTermStopBackup)
  const alive = (): void => {
    if (calls.current(inst) !== b) throw jetError(JET_errBackupAbortByServer, { context });
    b.checkStop(context);
  };
  try {
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    status.notify(JET_sntBegin);
    const buf = Buffer.alloc(CHUNK);
    const dbs = incremental ? [] : b.databasePaths();
    alive();
    let done = 0;
    const total = dbs.length + 1;
    for (const path of dbs) {
      await copyOne(b, path, join(staging, basename(path)), buf, context, cancel, alive);
      status.notify(JET_sntProgress, { done: ++done, total });
    }
    alive();
    b.prepareLogs(context);
    for (const path of b.logsToCopy()) await copyOne(b, path, join(staging, basename(path)), buf, context, cancel, alive);
    status.notify(JET_sntProgress, { done: total, total });
    // last point where a stop leaves the previous backup in place
    alive();
    fsyncDir(staging);
    // a full backup replaces what the folder held; an incremental one adds its logs to it
    if (!incremental) {
      for (const name of readdirSync(folder)) if (name !== STAGING) rmSync(join(folder, name), { recursive: true, force: true });
    }
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(folder, name));
    rmSync(staging, { recursive: true, force: true });
    fsyncDir(folder);
    b.truncate(context);
    calls.finish(inst, false);
    status.notify(JET_sntComplete);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (calls.current(inst) === b) calls.finish(inst, true);
    try {
      status.notify(JET_sntFail);
    } catch {
      // the first failure is the one reported
    }
    throw e;
  }
}

async function copyOne(b: StreamingBackup, path: string, dest: string, buf: Buffer, context: string, cancel: () => void, alive: () => void): Promise<void> {
  alive();
  b.open(path, context, cancel);
  const fd = openSync(dest, 'w');
  try {
    for (let pos = 0; ; ) {
      alive();
      const n = await b.read(buf, CHUNK, context, cancel);
      if (n === 0) break;
      let off = 0;
      while (off < n) off += writeSync(fd, buf, off, n - off, pos + off);
      pos += n;
      // let other sessions run (and JetStopBackupInstance be heard) between chunks
      await yieldToLoop();
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  b.close(BACKUP_HANDLE, context);
}
