// The backup and restore surface of esent.dll (spec: JetBeginExternalBackupInstance.md ...
// JetOSSnapshotEnd.md; SEMANTICS.md §1-3, §5). Out-parameters are returned; multi-strings
// (szz) keep their embedded NULs and are sized in bytes as the wide (W) variants count them:
// 2 bytes per character, both terminators included.
import type { JET_HANDLE, JET_INSTANCE, JET_OSSNAPID, JET_SESID } from './handles.js';
import type { JET_INSTANCE_INFO, JET_LOGINFO, JET_RSTMAP } from './structs.js';

/** spec: JET_SNPROG.md. */
export interface JET_SNPROG {
  readonly cbStruct: number;
  readonly cunitDone: number;
  readonly cunitTotal: number;
}

/**
 * spec: JET_PFNSTATUS.md: progress callback of JetBackupInstance / restore. A negative return
 * value (or a thrown error) fails the operation that called it.
 */
export type JET_PFNSTATUS = (sesid: JET_SESID, snp: number, snt: number, pv: JET_SNPROG | null) => number | void;

/** A multi-string out-parameter: the bytes copied (as a string) and the byte count the call reports. */
export interface JetMultiStringResult {
  /** Up to cbMax bytes of the list; may be cut short (unterminated) when cbMax is too small. */
  readonly szz: string;
  /** pcbActual: see each call for whether it is the full size or the bytes copied. */
  readonly pcbActual: number;
}

export interface JetOpenFileResult {
  readonly phfFile: JET_HANDLE;
  readonly pulFileSizeLow: number;
  readonly pulFileSizeHigh: number;
}

export interface JetGetLogInfoInstance2Result extends JetMultiStringResult {
  readonly pLogInfo: JET_LOGINFO;
}

/** sizeof(JET_LOGINFO_A): cbSize, ulGenLow, ulGenHigh, szBaseName[4]. */
export const JET_LOGINFO_cbSize = 16;

export interface EsentBackupApi {
  // ---- streaming backup (SEMANTICS.md §1, §2)
  JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: number): Promise<void>;
  JetBeginExternalBackup(grbit: number): Promise<void>;
  /** pcbActual is always the full size of the list; cbMax 0 stands for a NULL buffer. */
  JetGetAttachInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  JetGetAttachInfo(cbMax: number): Promise<JetMultiStringResult>;
  JetOpenFileInstance(instance: JET_INSTANCE, szFileName: string): Promise<JetOpenFileResult>;
  JetOpenFile(szFileName: string): Promise<JetOpenFileResult>;
  /** Reads up to cb bytes into pv (OS-page aligned, cb a multiple of the page size); returns pcbActual. */
  JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  JetReadFile(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE): Promise<void>;
  JetCloseFile(hfFile: JET_HANDLE): Promise<void>;
  /** pcbActual is min(cbMax, needed), or needed when cbMax is 0 (NULL buffer). */
  JetGetLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  JetGetLogInfo(cbMax: number): Promise<JetMultiStringResult>;
  /** pLogInfo.cbSize must be JET_LOGINFO_cbSize. */
  JetGetLogInfoInstance2(instance: JET_INSTANCE, cbMax: number, pLogInfo: { readonly cbSize: number }): Promise<JetGetLogInfoInstance2Result>;
  JetGetTruncateLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  JetTruncateLogInstance(instance: JET_INSTANCE): Promise<void>;
  JetTruncateLog(): Promise<void>;
  JetEndExternalBackupInstance(instance: JET_INSTANCE): Promise<void>;
  /** grbit: exactly one of JET_bitBackupEndNormal / JET_bitBackupEndAbort, optionally JET_bitBackupTruncateDone. */
  JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  JetEndExternalBackup(): Promise<void>;

  // ---- stop (SEMANTICS.md §3)
  JetStopBackupInstance(instance: JET_INSTANCE): Promise<void>;
  JetStopBackup(): Promise<void>;

  // ---- backup to a folder and restore from it (spec: JetBackupInstance.md, JetRestoreInstance.md)
  JetBackupInstance(instance: JET_INSTANCE, szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void>;
  JetBackup(szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void>;
  JetRestoreInstance(instance: JET_INSTANCE, sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void>;
  JetRestore(sz: string, pfn: JET_PFNSTATUS | null): Promise<void>;
  JetRestore2(sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void>;

  // ---- restore of a streamed backup (SEMANTICS.md §5)
  JetExternalRestore(
    szCheckpointFilePath: string | null,
    szLogPath: string | null,
    rgrstmap: readonly JET_RSTMAP[] | null,
    crstfilemap: number,
    szBackupLogPath: string,
    genLow: number,
    genHigh: number,
    pfn: JET_PFNSTATUS | null,
  ): Promise<void>;
  JetExternalRestore2(
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
  ): Promise<void>;

  // ---- OS snapshots (spec: JetOSSnapshot*.md)
  JetOSSnapshotPrepare(grbit: number): Promise<JET_OSSNAPID>;
  JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void>;
  /** Returns the frozen instances (pcInstanceInfo is the array length). */
  JetOSSnapshotFreeze(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]>;
  JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void>;
  JetOSSnapshotGetFreezeInfo(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]>;
  JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
}
