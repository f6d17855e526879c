// Crash recovery at JetInit (spec: JetInit.md; SEMANTICS.md §4): replay the log from the
// checkpoint into every database that was attached, so each transaction whose commit record
// reached the disk is present and nothing else is. Checksums are verified on the way: a bad
// checkpoint is JET_errCheckpointCorrupt, a bad log record JET_errLogFileCorrupt, a missing
// generation JET_errMissingLogFile, a bad database page JET_errReadVerifyFailure.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { JET_errBadLogSignature, JET_errFileNotFound, JET_errMissingLogFile, jetError } from '@winbackup/errors';
import type { JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { JET_dbstateCleanShutdown } from '../../api/constants.js';
import { DatabaseContent } from '../isam/content.js';
import { readCheckpoint } from '../storage/checkpoint.js';
import type { DbHeader } from '../storage/dbfile.js';
import { fsyncDir, writeAll } from '../storage/fsutil.js';
import { archiveLogPath, checkpointName, currentLogName, listArchivedGenerations } from '../storage/logfiles.js';
import { joinFragments, readLogFile, type ReadLog } from '../storage/logformat.js';
import { cmpLgpos, lgposAt, logtimeFromMs, sameSignature, ZERO_BKINFO, ZERO_LGPOS, ZERO_LOGTIME } from '../storage/logtime.js';
import { CREATING_SUFFIX, EseStore } from './esestore.js';
import { decodeRec, RecType } from './logrecords.js';
import { redoDdl, redoOps } from './redo.js';

export interface RecoveryContext {
  readonly logDir: string;
  readonly systemDir: string;
  readonly base: string;
  readonly pageSize: number;
  readonly now: number;
  readonly ignoreMissingDb: boolean;
  /**
   * Restore (issue 4): databases to replay into besides those the checkpoint and the log name,
   * e.g. the files of a backup set whose Attach record lies in a generation not restored.
   */
  readonly databases?: readonly string[];
  /** Restore: the first generation to replay when there is no checkpoint. */
  readonly startGeneration?: number;
  /**
   * Restore (issue 4): where the database a log record names lives now (a JET_RSTMAP or a
   * restore folder); undefined leaves that database out of the replay.
   */
  readonly mapPath?: (loggedPath: string) => string | undefined;
}

export interface RecoveryResult {
  /** undefined when there was no log stream at all (a fresh instance). */
  readonly signLog: JET_SIGNATURE | undefined;
  /** Last generation that exists after recovery (the next one starts at lastGen + 1). */
  readonly lastGen: number;
  readonly replayedRecords: number;
  readonly recoveredDatabases: readonly string[];
}

interface Tracked {
  content: DatabaseContent;
  header: DbHeader;
  /** undefined: the database is recreated by a CreateDb record (its file is written at the end). */
  store: EseStore | undefined;
  changed: boolean;
}

function freshHeader(pageSize: number, signDb: JET_SIGNATURE, signLog: JET_SIGNATURE): DbHeader {
  return {
    pageSize,
    dbstate: JET_dbstateCleanShutdown,
    signDb,
    signLog,
    lgposConsistent: ZERO_LGPOS,
    logtimeConsistent: ZERO_LOGTIME,
    lgposAttach: ZERO_LGPOS,
    logtimeAttach: ZERO_LOGTIME,
    lgposDetach: ZERO_LGPOS,
    logtimeDetach: ZERO_LOGTIME,
    bkinfoFullPrev: ZERO_BKINFO,
    bkinfoIncPrev: ZERO_BKINFO,
    bkinfoFullCur: ZERO_BKINFO,
    genMinRequired: 0,
    genMaxRequired: 0,
    lgposRedo: ZERO_LGPOS,
    cpgData: 0,
  };
}

export { freshHeader };

export function recover(ctx: RecoveryContext): RecoveryResult {
  const context = 'JetInit';
  const chk = readCheckpoint(join(ctx.systemDir, checkpointName(ctx.base)), context);
  const archived = listArchivedGenerations(ctx.logDir, ctx.base);
  const currentPath = join(ctx.logDir, currentLogName(ctx.base));
  const hasCurrent = existsSync(currentPath);
  if (!chk && archived.length === 0 && !hasCurrent) return { signLog: undefined, lastGen: 0, replayedRecords: 0, recoveredDatabases: [] };

  // the current log's generation comes from its header
  let currentGen: number | undefined;
  let currentLog: ReadLog | undefined;
  if (hasCurrent) {
    currentLog = readLogFile(currentPath, chk ? { signLog: chk.signLog } : {}, `${context}: ${currentLogName(ctx.base)}`);
    currentGen = currentLog.header.lGeneration;
  }
  const lastGen = currentGen ?? archived[archived.length - 1] ?? chk?.lgposCheckpoint.lGeneration ?? 0;
  let startGen = chk ? chk.lgposCheckpoint.lGeneration : (ctx.startGeneration ?? archived[0] ?? currentGen ?? 1);
  if (startGen > lastGen) startGen = lastGen;
  let signLog = chk?.signLog;

  const tracked = new Map<string, Tracked>();
  try {
    // a crash during a checkpoint can leave the temporary files of a durable replace behind
    rmSync(join(ctx.systemDir, checkpointName(ctx.base)) + '.tmp', { force: true });
    const load = (path: string, signDb: JET_SIGNATURE | undefined, create: { pageSize: number; at: JET_LGPOS } | undefined): void => {
      rmSync(path + CREATING_SUFFIX, { force: true });
      const known = tracked.get(path);
      if (known && !(create && signDb && !sameSignature(known.header.signDb, signDb))) return;
      const track = (t: Tracked): void => {
        tracked.get(path)?.store?.close();
        tracked.set(path, t);
      };
      if (existsSync(path)) {
        const opened = EseStore.open(path, undefined, true, `${context}: ${path}`);
        const { header } = opened;
        if (signDb && !sameSignature(header.signDb, signDb)) {
          opened.store.close();
          // a different database lives at that path now; if it was created after this record,
          // the one this record created was replaced and there is nothing to replay into
          if (!create || cmpLgpos(header.lgposAttach, create.at) > 0) return;
        } else {
          track({ content: opened.content, header, store: opened.store, changed: false });
          return;
        }
      }
      if (create && signDb && signLog) {
        track({ content: new DatabaseContent(), header: freshHeader(create.pageSize, signDb, signLog), store: undefined, changed: true });
        return;
      }
      if (!ctx.ignoreMissingDb) throw jetError(JET_errFileNotFound, { context: `${context}: ${path}` });
    };
    for (const a of chk?.attached ?? []) load(a.path, a.signDb, undefined);
    for (const p of ctx.databases ?? []) load(p, undefined, undefined);

    const mapped = (p: string): string | undefined => (ctx.mapPath ? ctx.mapPath(p) : p);
    let replayed = 0;
    const carry: { parts: Buffer[]; lgpos: JET_LGPOS | undefined } = { parts: [], lgpos: undefined };
    let endLgpos: JET_LGPOS = lgposAt(startGen, 0);
    for (let gen = startGen; gen <= lastGen && lastGen > 0; gen++) {
      let log: ReadLog;
      if (gen === currentGen && currentLog) log = currentLog;
      else {
        const p = archiveLogPath(ctx.logDir, ctx.base, gen);
        if (!existsSync(p)) throw jetError(JET_errMissingLogFile, { context: `${context}: generation ${gen}` });
        log = readLogFile(p, { gen, ...(signLog ? { signLog } : {}) }, `${context}: generation ${gen}`);
        if (log.torn && gen !== lastGen) throw jetError(JET_errMissingLogFile, { context: `${context}: generation ${gen} incomplete` });
      }
      if (signLog && !sameSignature(signLog, log.header.signLog)) throw jetError(JET_errBadLogSignature, { context });
      signLog ??= log.header.signLog;
      for (const r of joinFragments(log.records, carry)) {
        // records before the checkpoint are already in the databases it lists
        if (chk && cmpLgpos(r.lgpos, chk.lgposCheckpoint) < 0) continue;
        const rec = decodeRec(r.payload);
        replayed++;
        const applies = (t: Tracked): boolean => cmpLgpos(r.lgpos, t.header.lgposRedo) >= 0;
        switch (rec.type) {
          case RecType.CreateDb: {
            const p = mapped(rec.path);
            if (p !== undefined) load(p, rec.signDb, { pageSize: rec.pageSize, at: r.lgpos });
            break;
          }
          case RecType.Attach: {
            const p = mapped(rec.path);
            if (p !== undefined) load(p, rec.signDb, undefined);
            break;
          }
          case RecType.Detach: {
            const p = mapped(rec.path);
            const t = p === undefined ? undefined : tracked.get(p);
            if (p !== undefined && t) {
              writeRecovered(p, t, r.lgpos, ctx.now);
              t.store?.close();
              tracked.delete(p);
            }
            break;
          }
          case RecType.Commit:
            for (const db of rec.dbs) {
              const p = mapped(db.path);
              const t = p === undefined ? undefined : tracked.get(p);
              if (t && applies(t)) {
                redoOps(t.content, db.ops);
                t.changed = true;
              }
            }
            break;
          case RecType.CreateTable:
          case RecType.DeleteTable:
          case RecType.AddColumn:
          case RecType.CreateIndex: {
            const p = mapped(rec.path);
            const t = p === undefined ? undefined : tracked.get(p);
            if (t && applies(t)) {
              redoDdl(t.content, rec);
              t.changed = true;
            }
            break;
          }
          default:
            break;
        }
      }
      endLgpos = lgposAt(gen, log.end);
      if (gen === currentGen && log.torn) zeroTail(currentPath, log.end);
    }
    for (const [path, t] of tracked) writeRecovered(path, t, endLgpos, ctx.now);
    // the current generation is closed: archive it so the next one can start
    if (hasCurrent && currentGen !== undefined) {
      renameSync(currentPath, archiveLogPath(ctx.logDir, ctx.base, currentGen));
      fsyncDir(ctx.logDir);
    }
    return { signLog, lastGen, replayedRecords: replayed, recoveredDatabases: [...tracked.keys()] };
  } finally {
    // every database file recovery opened is closed, whether replay succeeded or not
    for (const t of tracked.values()) t.store?.close();
  }
}

function writeRecovered(path: string, t: Tracked, at: JET_LGPOS, now: number): void {
  const h = t.header;
  h.dbstate = JET_dbstateCleanShutdown;
  h.lgposRedo = at;
  h.lgposConsistent = at;
  h.logtimeConsistent = logtimeFromMs(now);
  h.lgposDetach = at;
  h.logtimeDetach = logtimeFromMs(now);
  h.genMinRequired = 0;
  h.genMaxRequired = 0;
  t.store ??= EseStore.create(path, h).store;
  t.store.checkpoint(t.content, h);
}

/** Zeroes a torn record at the end of the current log so the archived file reads cleanly. */
function zeroTail(path: string, from: number): void {
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  try {
    writeAll(fd, Buffer.alloc(size - from), from);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
