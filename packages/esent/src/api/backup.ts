// The backup and restore surface of esent.dll (spec: JetBeginExternalBackupInstance.md ...
// JetOSSnapshotEnd.md; SEMANTICS.md §1-3, §5). Out-parameters are returned; multi-strings
// (szz) keep their embedded NULs and are sized in bytes as the wide (W) variants count them:
// 2 bytes per character, both terminators included.
import type { JET_HANDLE, JET_INSTANCE, JET_OSSNAPID, JET_SESID } from './handles.js';
import type { JET_INSTANCE_INFO, JET_LOGINFO, JET_RSTMAP } from './structs.js';
import type { EsentApi } from './EsentApi.js';

/**
 * Progress passed to a {@link JET_PFNSTATUS} callback: units done of units total.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-snprog-structure
 */
export interface JET_SNPROG {
  readonly cbStruct: number;
  readonly cunitDone: number;
  readonly cunitTotal: number;
}

/**
 * Progress callback of JetBackupInstance and the restore calls. A negative return value (or a
 * thrown error) fails the operation that called it.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-pfnstatus-callback-function
 */
export type JET_PFNSTATUS = (sesid: JET_SESID, snp: number, snt: number, pv: JET_SNPROG | null) => number | void;

/** A multi-string out-parameter: the bytes copied (as a string) and the byte count the call reports. */
export interface JetMultiStringResult {
  /** Up to cbMax bytes of the list; may be cut short (unterminated) when cbMax is too small. */
  readonly szz: string;
  /** pcbActual: see each call for whether it is the full size or the bytes copied. */
  readonly pcbActual: number;
}

/** What JetOpenFileInstance returns: the file handle and the size of the stream in two 32-bit halves. */
export interface JetOpenFileResult {
  readonly phfFile: JET_HANDLE;
  readonly pulFileSizeLow: number;
  readonly pulFileSizeHigh: number;
}

/** What JetGetLogInfoInstance2 returns: the log list and the JET_LOGINFO a restore needs. */
export interface JetGetLogInfoInstance2Result extends JetMultiStringResult {
  readonly pLogInfo: JET_LOGINFO;
}

/** sizeof(JET_LOGINFO_A): cbSize, ulGenLow, ulGenHigh, szBaseName[4]. */
export const JET_LOGINFO_cbSize = 16;

/**
 * The backup and restore calls of esent.dll: streaming backup, backup to a folder, restore and
 * OS snapshots. Multi-strings (`szz`) keep their embedded NULs and are sized in bytes as the wide
 * (W) variants count them: 2 bytes per character, both terminators included. The codes every
 * call shares are listed on {@link EsentApi}.
 */
export interface EsentBackupApi {
  // ---- streaming backup (SEMANTICS.md §1, §2)
  /**
   * Starts a streaming (external) backup of a running instance: full, or incremental (logs only)
   * with `JET_bitBackupIncremental`. While it runs, checkpoints only append to the databases and no
   * log is deleted.
   * @throws JET_errBackupInProgress: a backup of this instance is already running.
   * @throws JET_errLoggingDisabled: the instance runs without a log (JET_paramRecovery off).
   * @throws JET_errInvalidBackup: incremental with circular logging.
   * @throws JET_errMissingFullBackup: incremental while a database has no full backup.
   * @throws JET_errCheckpointFileNotFound: full, but the instance has no checkpoint file.
   * @throws JET_errInvalidGrbit: another grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbeginexternalbackupinstance-function
   */
  JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * JetBeginExternalBackupInstance for the legacy one-instance mode.
   * @throws as JetBeginExternalBackupInstance.
   * @throws JET_errRunningInMultiInstanceMode: instances were created with JetCreateInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbeginexternalbackup-function
   */
  JetBeginExternalBackup(grbit: number): Promise<void>;
  /**
   * Lists the databases a full streaming backup must copy, as a NUL-separated list (`szz`).
   * `pcbActual` is always the full size of the list; `cbMax` 0 stands for a NULL buffer.
   * @returns the list and its size in bytes.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance (or JetTerm) stopped the backup.
   * @throws JET_errInvalidBackupSequence: an incremental backup (it copies no database).
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetattachinfoinstance-function
   */
  JetGetAttachInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  /**
   * JetGetAttachInfoInstance for the legacy one-instance mode.
   * @returns the list and its size in bytes.
   * @throws as JetGetAttachInfoInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetattachinfo-function
   */
  JetGetAttachInfo(cbMax: number): Promise<JetMultiStringResult>;
  /**
   * Opens one file of the backup set (a database from JetGetAttachInfoInstance or a log from
   * JetGetLogInfoInstance) for JetReadFileInstance. A database streams as its header at this moment
   * plus the pages below the end of the file at this moment.
   * @returns the handle and the size of the stream (low and high 32 bits).
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance (or JetTerm) stopped the backup.
   * @throws JET_errOutOfMemory: another file is still open (the engine streams one file at a time).
   * @throws JET_errDatabaseNotFound: while databases are being copied, a name that is not an attached database.
   * @throws JET_errInvalidBackupSequence: a database after the log list was taken, or in an incremental backup.
   * @throws JET_errMissingFileToBackup / JET_errFileAccessDenied: the file cannot be opened.
   * @throws JET_errInvalidParameter: an empty name.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetopenfileinstance-function
   */
  JetOpenFileInstance(instance: JET_INSTANCE, szFileName: string): Promise<JetOpenFileResult>;
  /**
   * JetOpenFileInstance for the legacy one-instance mode.
   * @returns the handle and the size.
   * @throws as JetOpenFileInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetopenfile-function
   */
  JetOpenFile(szFileName: string): Promise<JetOpenFileResult>;
  /**
   * Reads the next `cb` bytes of the open file into `pv`; 0 bytes read means the end. `pv` must
   * start on a 4 KiB boundary and `cb` be a multiple of the database page size (the first read of a
   * database at least three pages, of a log two). Every database page checksum is verified on the
   * way.
   * @returns the number of bytes read (pcbActual).
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance (or JetTerm) stopped the backup.
   * @throws JET_errInvalidParameter: no file is open, or an unaligned buffer or size.
   * @throws JET_errReadVerifyFailure: a database page fails its checksum.
   * @throws JET_errLogReadVerifyFailure: the log file is damaged.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetreadfileinstance-function
   */
  JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  /**
   * JetReadFileInstance for the legacy one-instance mode.
   * @returns the number of bytes read.
   * @throws as JetReadFileInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetreadfile-function
   */
  JetReadFile(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number>;
  /**
   * Closes the file JetOpenFileInstance opened. It still succeeds after JetStopBackupInstance, so a
   * caller can clean up.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errInvalidParameter: no file is open, or a handle that is not the open file's.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetclosefileinstance-function
   */
  JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE): Promise<void>;
  /**
   * JetCloseFileInstance for the legacy one-instance mode.
   * @throws as JetCloseFileInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetclosefile-function
   */
  JetCloseFile(hfFile: JET_HANDLE): Promise<void>;
  /**
   * Lists the log files the backup must copy (from the oldest one the databases need to the current
   * one, which is rolled first). `pcbActual` is min(cbMax, needed), or needed when `cbMax` is 0.
   * @returns the list and its size in bytes.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance (or JetTerm) stopped the backup.
   * @throws JET_errInvalidBackupSequence: a file is still open.
   * @throws JET_errMissingFileToBackup: an incremental backup whose logs were already truncated.
   * @throws JET_errFileNotFound: no log on disk.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetloginfoinstance-function
   */
  JetGetLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  /**
   * JetGetLogInfoInstance for the legacy one-instance mode.
   * @returns the list and its size in bytes.
   * @throws as JetGetLogInfoInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetloginfo-function
   */
  JetGetLogInfo(cbMax: number): Promise<JetMultiStringResult>;
  /**
   * JetGetLogInfoInstance that also returns the log range and base name (JET_LOGINFO) a restore
   * needs. `pLogInfo.cbSize` must be {@link JET_LOGINFO_cbSize}.
   * @returns the list, its size and the JET_LOGINFO.
   * @throws as JetGetLogInfoInstance.
   * @throws JET_errInvalidParameter: a wrong cbSize.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetloginfoinstance2-function
   */
  JetGetLogInfoInstance2(instance: JET_INSTANCE, cbMax: number, pLogInfo: { readonly cbSize: number }): Promise<JetGetLogInfoInstance2Result>;
  /**
   * Lists the log files JetTruncateLogInstance would delete.
   * @returns the list and its size in bytes.
   * @throws as JetGetLogInfoInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgettruncateloginfoinstance-function
   */
  JetGetTruncateLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult>;
  /**
   * Deletes the log files older than the ones this backup copied, once every one of those was
   * copied. Only logs this backup made unnecessary are removed.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance (or JetTerm) stopped the backup.
   * @throws JET_errInvalidBackupSequence: before the log list was taken, or with a file open.
   * @throws JET_errLogFileNotCopied: a listed log was not read to its end.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jettruncateloginstance-function
   */
  JetTruncateLogInstance(instance: JET_INSTANCE): Promise<void>;
  /**
   * JetTruncateLogInstance for the legacy one-instance mode.
   * @throws as JetTruncateLogInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jettruncatelog-function
   */
  JetTruncateLog(): Promise<void>;
  /**
   * Ends the streaming backup normally (JetEndExternalBackupInstance2 with JET_bitBackupEndNormal).
   * It still succeeds after JetStopBackupInstance; the next JetBeginExternalBackupInstance then
   * starts clean.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetendexternalbackupinstance-function
   */
  JetEndExternalBackupInstance(instance: JET_INSTANCE): Promise<void>;
  /**
   * Ends the streaming backup: `JET_bitBackupEndNormal` records it in the databases' headers as
   * their last full or incremental backup, `JET_bitBackupEndAbort` leaves them unchanged; optionally
   * `JET_bitBackupTruncateDone`.
   * @throws JET_errNoBackup: no streaming backup is running.
   * @throws JET_errInvalidParameter: not exactly one of the two end bits, or another bit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetendexternalbackupinstance2-function
   */
  JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * JetEndExternalBackupInstance for the legacy one-instance mode.
   * @throws as JetEndExternalBackupInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetendexternalbackup-function
   */
  JetEndExternalBackup(): Promise<void>;

  // ---- stop (SEMANTICS.md §3)
  /**
   * Stops any streaming backup of the instance in a predictable way: the next streaming call fails
   * with JET_errBackupAbortByServer, while JetCloseFileInstance and JetEndExternalBackupInstance
   * still succeed. Succeeds whether or not a backup runs.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetstopbackupinstance-function
   */
  JetStopBackupInstance(instance: JET_INSTANCE): Promise<void>;
  /**
   * JetStopBackupInstance for the legacy one-instance mode.
   * @throws JET_errRunningInMultiInstanceMode: instances were created with JetCreateInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetstopbackup-function
   */
  JetStopBackup(): Promise<void>;

  // ---- backup to a folder and restore from it (spec: JetBackupInstance.md, JetRestoreInstance.md)
  /**
   * Backs up the instance's databases and logs into a folder (full, or incremental with
   * `JET_bitBackupIncremental`), staged and moved in whole. `pfnStatus` is called with progress.
   * @throws the streaming backup's codes (JET_errBackupInProgress, JET_errLoggingDisabled, JET_errInvalidBackup, ...).
   * @throws JET_errInvalidPath: the folder is missing and JET_paramCreatePathIfNotExist is off.
   * @throws JET_errBackupAbortByServer: JetStopBackupInstance during the backup.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbackupinstance-function
   */
  JetBackupInstance(instance: JET_INSTANCE, szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void>;
  /**
   * JetBackupInstance for the legacy one-instance mode.
   * @throws as JetBackupInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbackup-function
   */
  JetBackup(szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void>;
  /**
   * Restores a folder written by JetBackupInstance into the instance's paths (or `szDest`) and rolls
   * forward through the newer logs of the same log stream found there, leaving clean databases, a
   * new log generation and a checkpoint. The instance must not be running.
   * @throws JET_errAlreadyInitialized: the instance runs.
   * @throws JET_errInvalidPath: the folder does not exist or holds no backup set.
   * @throws JET_errRestoreOfNonBackupDatabase: a database in it is not a backup.
   * @throws JET_errMissingLogFile: a log of the set is missing.
   * @throws JET_errDatabaseSharingViolation: a target database is attached by a running instance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetrestoreinstance-function
   */
  JetRestoreInstance(instance: JET_INSTANCE, sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void>;
  /**
   * JetRestore2 without a destination.
   * @throws as JetRestore2.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetrestore-function
   */
  JetRestore(sz: string, pfn: JET_PFNSTATUS | null): Promise<void>;
  /**
   * JetRestoreInstance for the legacy one-instance mode.
   * @throws as JetRestoreInstance.
   * @throws JET_errRunningInMultiInstanceMode: instances were created with JetCreateInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetrestore2-function
   */
  JetRestore2(sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void>;

  // ---- restore of a streamed backup (SEMANTICS.md §5)
  /**
   * Restores a streamed backup: the caller has laid the databases out (`rgrstmap` maps each backed-
   * up name to its new place) and put the logs genLow..genHigh in `szBackupLogPath`; replays them
   * and any newer logs of the same stream in `szLogPath`, writing a new generation and a checkpoint
   * there.
   * @throws JET_errStartingRestoreLogTooHigh / JET_errEndingRestoreLogTooLow: the range does not cover what a database needs.
   * @throws JET_errMissingLogFile: a generation of the range is missing.
   * @throws JET_errRestoreOfNonBackupDatabase: a mapped file is not a streamed database.
   * @throws JET_errFileNotFound / JET_errDatabaseCorrupted: a mapped file is missing or unreadable.
   * @throws JET_errDatabaseSharingViolation / JET_errFileAccessDenied: a target or the log path is in use by a running instance.
   * @throws JET_errInvalidPath, JET_errInvalidParameter: bad paths or map.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetexternalrestore-function
   */
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
  /**
   * JetExternalRestore taking the range from a JET_LOGINFO (as JetGetLogInfoInstance2 returned it)
   * and naming a target instance. The target instance's log and checkpoint paths are only validated:
   * nothing is rolled forward into a running instance's logs.
   * @throws as JetExternalRestore.
   * @throws JET_errInvalidParameter: only one of szTargetInstanceLogPath / szTargetInstanceCheckpointPath, or a name with them.
   * @throws JET_errRunningInOneInstanceMode: a target instance while the legacy instance runs.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetexternalrestore2-function
   */
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
  /**
   * Begins a snapshot session (as a VSS writer does on PrepareForSnapshot) and returns its id;
   * instances join with JetOSSnapshotPrepareInstance, or all of them at JetOSSnapshotFreeze.
   * @returns the snapshot session id.
   * @throws JET_errOSSnapshotInvalidSequence: a snapshot session is already open.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotprepare-function
   */
  JetOSSnapshotPrepare(grbit: number): Promise<JET_OSSNAPID>;
  /**
   * Adds one instance to a prepared snapshot session.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotInvalidSequence: the session is no longer in the prepared state.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotprepareinstance-function
   */
  JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * Freezes the session's instances: their database and log writes wait until JetOSSnapshotThaw (or
   * the freeze times out). Take the volume snapshot now.
   * @returns the frozen instances with their databases (pcInstanceInfo is the array length).
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotInvalidSequence: not prepared.
   * @throws JET_errOSSnapshotNotAllowed: an instance of the session is running a streaming backup or is not running.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotfreeze-function
   */
  JetOSSnapshotFreeze(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]>;
  /**
   * Lets the frozen instances write again after the snapshot was taken.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotTimeOut: the freeze lasted longer than allowed (the snapshot may not be consistent).
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotthaw-function
   */
  JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  /**
   * Ends a snapshot session without a usable snapshot, thawing anything frozen.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotabort-function
   */
  JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  /**
   * After a successful snapshot of a full backup, deletes the logs of every instance of the session
   * that the snapshot made unnecessary.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotInvalidSequence: not thawed, timed out, or a copy snapshot (JET_bitCopySnapshot).
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshottruncatelog-function
   */
  JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
  /**
   * JetOSSnapshotTruncateLog for one instance of the session.
   * @throws as JetOSSnapshotTruncateLog.
   * @throws JET_errInvalidParameter: the instance is not part of the session.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshottruncateloginstance-function
   */
  JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * Lists the instances and databases of the session while it is frozen or thawed.
   * @returns the instances with their databases.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotInvalidSequence: not frozen yet.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotgetfreezeinfo-function
   */
  JetOSSnapshotGetFreezeInfo(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]>;
  /**
   * Ends the snapshot session, normally or (`JET_bitAbortSnapshot`) as failed; a full snapshot ended
   * normally is recorded in the databases' headers as their last snapshot backup.
   * @throws JET_errOSSnapshotInvalidSnapId: an unknown or ended session.
   * @throws JET_errOSSnapshotInvalidSequence: the engine's state machine does not allow an end at this point.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetossnapshotend-function
   */
  JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: number): Promise<void>;
}
