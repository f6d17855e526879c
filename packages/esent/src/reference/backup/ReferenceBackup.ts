// The EsentBackupApi of the reference engine: streaming backup and stop (calls.ts), backup to a
// folder (folder.ts), restore (restore.ts) and OS snapshots (snapshot.ts). ReferenceEsent
// forwards its backup methods here.
import { resolve as resolvePath } from 'node:path';
import {
  JET_errAlreadyInitialized,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidPath,
  JET_errRunningInMultiInstanceMode,
  JET_errRunningInOneInstanceMode,
  jetError,
} from '@winbackup/errors';
import type {
  EsentBackupApi,
  JET_PFNSTATUS,
  JetGetLogInfoInstance2Result,
  JetMultiStringResult,
  JetOpenFileResult,
} from '../../api/backup.js';
import {
  JET_bitBackupAtomic,
  JET_bitBackupEndNormal,
  JET_bitBackupIncremental,
  JET_paramDatabasePageSize,
  JET_paramLogFilePath,
  JET_paramLogFileSize,
  JET_paramOSSnapshotTimeout,
  JET_paramSystemPath,
} from '../../api/constants.js';
import type { JET_HANDLE, JET_INSTANCE, JET_OSSNAPID } from '../../api/handles.js';
import type { JET_INSTANCE_INFO, JET_LOGINFO, JET_RSTMAP } from '../../api/structs.js';
import type { Instance } from '../engine/instance.js';
import * as v from '../../validate/validate.js';
import { readStreamedDatabase, findStreamedDatabases } from './backupset.js';
import { StreamingBackupCalls } from './calls.js';
import { backupToFolder } from './folder.js';
import type { BackupHost } from './host.js';
import { checkLogRange, planFolderRestore, runRestore, type RestoreTarget } from './restore.js';
import { OSSnapshots } from './snapshot.js';
import { requireDir } from '../storage/requireDir.js';

/** Where a restore rolls forward from and writes its new log generation and checkpoint. */
interface LogPaths {
  readonly logPath: string;
  readonly checkpointPath: string;
  readonly cbLogFile: number;
}

export interface ReferenceBackupHost extends BackupHost {
  /** 'none' before the first JetInit / JetCreateInstance, then one- or multi-instance mode. */
  readonly instanceMode: 'none' | 'one' | 'multi';
}

export class ReferenceBackup implements EsentBackupApi {
  readonly streaming: StreamingBackupCalls;
  readonly snapshots: OSSnapshots;

  constructor(private readonly host: ReferenceBackupHost) {
    this.streaming = new StreamingBackupCalls(host);
    this.snapshots = new OSSnapshots({
      clock: () => host.clock(),
      findInstance: (i, c) => host.findInstance(i, c),
      liveInstances: () => host.liveInstances(),
      timeoutMs: async () => (await host.JetGetSystemParameter(null, null, JET_paramOSSnapshotTimeout, 0)).plParam,
    });
  }

  private async pageSize(): Promise<number> {
    return (await this.host.JetGetSystemParameter(null, null, JET_paramDatabasePageSize, 0)).plParam;
  }

  // ---- streaming backup and stop
  JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: number): Promise<void> {
    return this.streaming.JetBeginExternalBackupInstance(instance, grbit);
  }
  JetBeginExternalBackup(grbit: number): Promise<void> {
    return this.streaming.JetBeginExternalBackupInstance(null, grbit, true);
  }
  JetGetAttachInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.streaming.JetGetAttachInfoInstance(instance, cbMax);
  }
  JetGetAttachInfo(cbMax: number): Promise<JetMultiStringResult> {
    return this.streaming.JetGetAttachInfoInstance(null, cbMax, true);
  }
  JetOpenFileInstance(instance: JET_INSTANCE, szFileName: string): Promise<JetOpenFileResult> {
    return this.streaming.JetOpenFileInstance(instance, szFileName);
  }
  JetOpenFile(szFileName: string): Promise<JetOpenFileResult> {
    return this.streaming.JetOpenFileInstance(null, szFileName, true);
  }
  JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number> {
    return this.streaming.JetReadFileInstance(instance, hfFile, pv, cb);
  }
  JetReadFile(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number> {
    return this.streaming.JetReadFileInstance(null, hfFile, pv, cb, true);
  }
  JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE): Promise<void> {
    return this.streaming.JetCloseFileInstance(instance, hfFile);
  }
  JetCloseFile(hfFile: JET_HANDLE): Promise<void> {
    return this.streaming.JetCloseFileInstance(null, hfFile, true);
  }
  JetGetLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.streaming.JetGetLogInfoInstance(instance, cbMax);
  }
  JetGetLogInfo(cbMax: number): Promise<JetMultiStringResult> {
    return this.streaming.JetGetLogInfoInstance(null, cbMax, true);
  }
  JetGetLogInfoInstance2(instance: JET_INSTANCE, cbMax: number, pLogInfo: { readonly cbSize: number }): Promise<JetGetLogInfoInstance2Result> {
    return this.streaming.JetGetLogInfoInstance2(instance, cbMax, pLogInfo);
  }
  JetGetTruncateLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.streaming.JetGetTruncateLogInfoInstance(instance, cbMax);
  }
  JetTruncateLogInstance(instance: JET_INSTANCE): Promise<void> {
    return this.streaming.JetTruncateLogInstance(instance);
  }
  JetTruncateLog(): Promise<void> {
    return this.streaming.JetTruncateLogInstance(null, true);
  }
  JetEndExternalBackupInstance(instance: JET_INSTANCE): Promise<void> {
    return this.streaming.JetEndExternalBackupInstance2(instance, JET_bitBackupEndNormal, 'JetEndExternalBackupInstance');
  }
  JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    return this.streaming.JetEndExternalBackupInstance2(instance, grbit);
  }
  JetEndExternalBackup(): Promise<void> {
    return this.streaming.JetEndExternalBackupInstance2(null, JET_bitBackupEndNormal, 'JetEndExternalBackup', true);
  }
  JetStopBackupInstance(instance: JET_INSTANCE): Promise<void> {
    return this.streaming.JetStopBackupInstance(instance);
  }
  JetStopBackup(): Promise<void> {
    return this.streaming.JetStopBackupInstance(null, true);
  }

  // ---- backup to a folder
  async JetBackupInstance(instance: JET_INSTANCE, szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void> {
    return this.backup(instance, szBackupPath, grbit, pfnStatus, false);
  }
  async JetBackup(szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void> {
    return this.backup(null, szBackupPath, grbit, pfnStatus, true);
  }
  private async backup(instance: unknown, szBackupPath: unknown, grbit: unknown, pfn: unknown, legacy: boolean): Promise<void> {
    const context = legacy ? 'JetBackup' : 'JetBackupInstance';
    const path = v.str(szBackupPath, 'szBackupPath');
    const g = v.ulong(grbit, 'grbit');
    const status = v.statusFn(pfn);
    const inst = this.streaming.resolve(instance, context, legacy);
    if ((g & ~(JET_bitBackupIncremental | JET_bitBackupAtomic)) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (path === '') throw jetError(JET_errInvalidPath, { context });
    await backupToFolder(this.streaming, inst, inst.resolvePath(path), g, status, await this.pageSize(), context);
  }

  // ---- restore from a folder
  async JetRestoreInstance(instance: JET_INSTANCE, sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void> {
    const context = 'JetRestoreInstance';
    const src = v.str(sz, 'sz');
    const dest = v.strOrNull(szDest, 'szDest');
    const status = v.statusFn(pfn);
    const inst = this.streaming.resolve(instance, context);
    if (inst.state !== 'created') throw jetError(JET_errAlreadyInitialized, { context });
    // the instance's log path holds the logs to roll forward through (JetRestoreInstance.md "Remarks")
    const paths: LogPaths = { logPath: inst.logDir, checkpointPath: inst.systemDir, cbLogFile: inst.params.num(JET_paramLogFileSize) * 1024 };
    await this.restoreFolder(inst.resolvePath(src), dest === null ? null : inst.resolvePath(dest), paths, status, context);
  }
  async JetRestore(sz: string, pfn: JET_PFNSTATUS | null): Promise<void> {
    return this.legacyRestore(sz, null, pfn, 'JetRestore');
  }
  async JetRestore2(sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void> {
    return this.legacyRestore(sz, szDest, pfn, 'JetRestore2');
  }
  private async legacyRestore(sz: unknown, szDest: unknown, pfn: unknown, context: string): Promise<void> {
    const src = v.str(sz, 'sz');
    const dest = v.strOrNull(szDest, 'szDest');
    const status = v.statusFn(pfn);
    if (this.host.instanceMode === 'multi') throw jetError(JET_errRunningInMultiInstanceMode, { context });
    if (this.host.instanceMode === 'one') throw jetError(JET_errAlreadyInitialized, { context });
    // the one instance is not created yet: its paths are the global parameters
    const paths = await this.globalLogPaths(null, null);
    await this.restoreFolder(this.resolve(src), dest === null ? null : this.resolve(dest), paths, status, context);
  }
  /** szLogPath / szCheckpointFilePath, or the global JET_paramLogFilePath / JET_paramSystemPath when NULL. */
  private async globalLogPaths(logPath: string | null, checkpointPath: string | null): Promise<LogPaths> {
    const param = async (id: number): Promise<string> => (await this.host.JetGetSystemParameter(null, null, id, 1024)).szParam ?? '';
    return {
      logPath: resolvePath(this.resolve(logPath ?? (await param(JET_paramLogFilePath)))),
      checkpointPath: resolvePath(this.resolve(checkpointPath ?? (await param(JET_paramSystemPath)))),
      cbLogFile: (await this.host.JetGetSystemParameter(null, null, JET_paramLogFileSize, 0)).plParam * 1024,
    };
  }
  private resolve(p: string): string {
    const posix = p.replace(/\\/g, '/');
    return posix.startsWith('/') ? posix : `${this.host.root}/${posix}`;
  }
  /** The log base name comes from the logs in the folder (the set may come from another instance). */
  private async restoreFolder(src: string, dest: string | null, paths: LogPaths, pfn: JET_PFNSTATUS | null, context: string): Promise<void> {
    const plan = planFolderRestore(src, dest, context);
    checkLogRange(
      plan.databases.map((d) => d.db),
      plan.genLow,
      plan.genHigh,
      context,
    );
    runRestore({
      ...plan,
      ...paths,
      logDir: src,
      pageSize: await this.pageSize(),
      now: this.host.clock(),
      inUse: (p) => this.inUse(p),
      logPathInUse: this.logPathInUse(paths.logPath),
      pfn,
      context,
    });
  }
  private logPathInUse(logPath: string): boolean {
    return this.host.liveInstances().some((i: Instance) => i.state === 'running' && i.log !== undefined && i.logDir === logPath);
  }
  private inUse(path: string): boolean {
    return this.host.liveInstances().some((i: Instance) => i.dbs.has(path));
  }

  // ---- restore of a streamed backup
  async JetExternalRestore(
    szCheckpointFilePath: string | null,
    szLogPath: string | null,
    rgrstmap: readonly JET_RSTMAP[] | null,
    crstfilemap: number,
    szBackupLogPath: string,
    genLow: number,
    genHigh: number,
    pfn: JET_PFNSTATUS | null,
  ): Promise<void> {
    const context = 'JetExternalRestore';
    const chkPath = v.strOrNull(szCheckpointFilePath, 'szCheckpointFilePath');
    const logPath = v.strOrNull(szLogPath, 'szLogPath');
    const map = v.rstmap(rgrstmap, crstfilemap);
    const backupLogs = v.str(szBackupLogPath, 'szBackupLogPath');
    const lo = v.ulong(genLow, 'genLow');
    const hi = v.ulong(genHigh, 'genHigh');
    const status = v.statusFn(pfn);
    // version 1 assumes the base name edb (SEMANTICS.md §5)
    await this.externalRestore(map, backupLogs, lo, hi, 'edb', logPath, chkPath, status, context);
  }

  async JetExternalRestore2(
    szCheckpointFilePath: string | null,
    szLogPath: string | null,
    rgrstmap: readonly JET_RSTMAP[] | null,
    crstfilemap: number,
    szBackupLogPath: string,
    pLogInfo: JET_LOGINFO,
    szTargetInstanceName: string | null,
    szTargetInstanceLogPath: string | null,
    szTargetInstanceCheckpointPath: string | null,
    pfn: JET_PFNSTATUS | null,
  ): Promise<void> {
    const context = 'JetExternalRestore2';
    const chkPath = v.strOrNull(szCheckpointFilePath, 'szCheckpointFilePath');
    const logPath = v.strOrNull(szLogPath, 'szLogPath');
    const map = v.rstmap(rgrstmap, crstfilemap);
    const backupLogs = v.str(szBackupLogPath, 'szBackupLogPath');
    const li = v.object<JET_LOGINFO>(pLogInfo, 'pLogInfo');
    const lo = v.ulong(li.ulGenLow, 'pLogInfo.ulGenLow');
    const hi = v.ulong(li.ulGenHigh, 'pLogInfo.ulGenHigh');
    const base = v.str(li.szBaseName, 'pLogInfo.szBaseName');
    const name = v.strOrNull(szTargetInstanceName, 'szTargetInstanceName');
    const tLog = v.strOrNull(szTargetInstanceLogPath, 'szTargetInstanceLogPath');
    const tChk = v.strOrNull(szTargetInstanceCheckpointPath, 'szTargetInstanceCheckpointPath');
    const status = v.statusFn(pfn);
    // both target paths or neither; a target name does not go with paths (SEMANTICS.md §5)
    if ((tLog === null) !== (tChk === null) || (name !== null && tLog !== null)) throw jetError(JET_errInvalidParameter, { context });
    await this.externalRestore(map, backupLogs, lo, hi, base, logPath, chkPath, status, context);
  }

  private async externalRestore(
    map: readonly JET_RSTMAP[],
    backupLogPath: string,
    genLow: number,
    genHigh: number,
    base: string,
    szLogPath: string | null,
    szCheckpointFilePath: string | null,
    pfn: JET_PFNSTATUS | null,
    context: string,
  ): Promise<void> {
    // the call forces multi-instance mode; in one-instance mode it is refused
    if (this.host.instanceMode === 'one') throw jetError(JET_errRunningInOneInstanceMode, { context });
    const logDir = this.resolve(backupLogPath);
    requireDir(logDir, false, JET_errInvalidPath, context, 'backup log folder');
    if (genLow === 0 || genHigh < genLow) throw jetError(JET_errInvalidParameter, { context });
    let databases: RestoreTarget[];
    if (map.length > 0) {
      databases = map.map((m) => {
        const db = readStreamedDatabase(this.resolve(m.szNewDatabaseName), context);
        return { db: { ...db, trailer: { ...db.trailer, szOriginalPath: this.resolve(m.szDatabaseName) } }, target: db.file };
      });
    } else {
      // no map: the streamed databases in the backup log folder go back to their original paths
      databases = findStreamedDatabases(logDir).map((db) => ({ db, target: db.trailer.szOriginalPath }));
    }
    checkLogRange(
      databases.map((d) => d.db),
      genLow,
      genHigh,
      context,
    );
    // phase II reads and phase III writes szLogPath; the checkpoint goes to szCheckpointFilePath
    // (spec: JetExternalRestore.md "Remarks"); NULL is the default path (JET_paramLogFilePath / JET_paramSystemPath)
    const paths = await this.globalLogPaths(szLogPath, szCheckpointFilePath);
    runRestore({
      logDir,
      ...paths,
      base,
      genLow,
      genHigh,
      databases,
      pageSize: await this.pageSize(),
      now: this.host.clock(),
      inUse: (p) => this.inUse(p),
      logPathInUse: this.logPathInUse(paths.logPath),
      pfn,
      context,
    });
  }

  // ---- OS snapshots
  JetOSSnapshotPrepare(grbit: number): Promise<JET_OSSNAPID> {
    return this.snapshots.JetOSSnapshotPrepare(grbit);
  }
  JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotPrepareInstance(snapId, instance, grbit);
  }
  JetOSSnapshotFreeze(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]> {
    return this.snapshots.JetOSSnapshotFreeze(snapId, grbit);
  }
  JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotThaw(snapId, grbit);
  }
  JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotAbort(snapId, grbit);
  }
  JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotTruncateLog(snapId, grbit);
  }
  JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotTruncateLogInstance(snapId, instance, grbit);
  }
  JetOSSnapshotGetFreezeInfo(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]> {
    return this.snapshots.JetOSSnapshotGetFreezeInfo(snapId, grbit);
  }
  JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snapshots.JetOSSnapshotEnd(snapId, grbit);
  }
}
