// The esent.dll surface as an asynchronous facade. Parameter order follows C; out-parameters are
// returned. Failures throw a JetError (@winbackup/errors); warnings a caller must see
// (JET_wrnSeekNotEqual, JET_wrnColumnNull, ...) are returned as numbers.
import type { JET_COLUMNID, JET_DBID, JET_INSTANCE, JET_SESID, JET_TABLEID } from './handles.js';
import type { EsentBackupApi } from './backup.js';
import type {
  JET_COLUMNDEF,
  JET_COLUMNDEF_OUT,
  JET_DBINFOMISC,
  JET_INSTANCE_INFO,
  JET_RETINFO,
  JET_SETINFO,
  JET_SETSYSPARAM,
  JET_TABLECREATE,
  JET_TABLECREATE_RESULT,
  JetGetSystemParameterResult,
  JetRetrieveColumnResult,
} from './structs.js';

/**
 * The esent.dll API as an asynchronous facade: every call returns a Promise, parameters keep the C
 * order and out-parameters are returned. A failure rejects with a `JetError` from
 * `@winbackup/errors` carrying the JET_err code (`isJetError(e, JET_errWriteConflict)`); warnings
 * a caller must see are returned as numbers.
 *
 * Codes every call shares, not repeated below: JET_errInvalidSesid, JET_errInvalidDatabaseId and
 * JET_errInvalidTableId for a stale or foreign handle (JET_errInvalidParameter for an instance, as
 * the engine's instance lookup gives);
 * JET_errNotInitialized on an instance that is not running; JET_errClientRequestToStopJetService
 * after JetStopServiceInstance. A wrong JavaScript type (a string for a handle, a fraction for a
 * ULONG) throws a `TypeError` before anything changes.
 *
 * Get one with `createReferenceEsent({ root })`.
 */
export interface EsentApi extends EsentBackupApi {
  // ---- instances
  /**
   * Allocates a new instance (multi-instance mode) with the given name; the instance keeps its own
   * logs, checkpoint and sessions. Same as JetCreateInstance2 without a display name.
   * @returns the new instance.
   * @throws JET_errInstanceNameInUse: another live instance has that name.
   * @throws JET_errRunningInOneInstanceMode: JetInit(null) already started the legacy instance.
   * @throws JET_errTooManyInstances: JET_paramMaxInstances reached.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreateinstance-function
   */
  JetCreateInstance(szInstanceName: string | null): Promise<JET_INSTANCE>;
  /**
   * Allocates a new instance with a name and a display name. `grbit` is reserved and must be 0.
   * @returns the new instance.
   * @throws JET_errInstanceNameInUse, JET_errRunningInOneInstanceMode, JET_errTooManyInstances: as JetCreateInstance.
   * @throws JET_errInvalidParameter: a non-zero grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreateinstance2-function
   */
  JetCreateInstance2(szInstanceName: string | null, szDisplayName: string | null, grbit: number): Promise<JET_INSTANCE>;
  /**
   * Switches the engine to multi-instance mode and sets the given global parameters for every
   * instance created afterwards.
   * @returns the number of parameters set.
   * @throws JET_errRunningInOneInstanceMode: the legacy instance is already running.
   * @throws JET_errSystemParamsAlreadySet: an instance already exists.
   * @throws JET_errInvalidParameter, JET_errAlreadyInitialized: as JetSetSystemParameter, for a bad entry.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetenablemultiinstance-function
   */
  JetEnableMultiInstance(psetsysparam: readonly JET_SETSYSPARAM[] | null, csetsysparam: number): Promise<number>;
  /**
   * Sets one engine parameter (`JET_param*`): numeric ones take `lParam`, string ones (paths, base
   * name) `szParam`. With `instance` null the global default (or the one legacy instance) is
   * changed. Most parameters can only be set before JetInit.
   * @throws JET_errAlreadyInitialized: the parameter is fixed once the instance runs.
   * @throws JET_errInvalidParameter: an unknown parameter id or a value outside its range.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetsetsystemparameter-function
   */
  JetSetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, lParam: number, szParam: string | null): Promise<void>;
  /**
   * Reads one engine parameter: numeric values in `plParam`, string values in `szParam` (at most
   * `cbMax` bytes, in the W variant's 2 bytes per character).
   * @returns the value, as `{ plParam, szParam }`.
   * @throws JET_errBufferTooSmall: `cbMax` cannot hold the string value.
   * @throws JET_errInvalidParameter: an unknown parameter id.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetsystemparameter-function
   */
  JetGetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, cbMax: number): Promise<JetGetSystemParameterResult>;
  /**
   * Starts an instance: creates missing folders only if JET_paramCreatePathIfNotExist is set,
   * replays the log from the checkpoint (crash recovery), then opens a new log generation. Passing
   * null starts one-instance (legacy) mode.
   * @returns JET_errSuccess or the warning recovery reported.
   * @throws JET_errInvalidSystemPath / JET_errInvalidLogDirectory: the system, temp or log folder does not exist.
   * @throws JET_errAlreadyInitialized: the instance already runs.
   * @throws JET_errRunningInMultiInstanceMode: null while instances exist.
   * @throws JET_errBadLogSignature, JET_errMissingLogFile, JET_errLogFileCorrupt, JET_errCheckpointCorrupt: recovery found logs it cannot replay.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetinit-function
   */
  JetInit(instance: JET_INSTANCE | null): Promise<number>;
  /**
   * JetInit with recovery options (`JET_bitReplayIgnoreMissingDB`,
   * `JET_bitTruncateLogsAfterRecovery`, ...).
   * @returns JET_errSuccess or a warning.
   * @throws as JetInit.
   * @throws JET_errInvalidGrbit: a grbit JetInit2 does not know.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetinit2-function
   */
  JetInit2(instance: JET_INSTANCE | null, grbit: number): Promise<number>;
  /**
   * JetInit2 with a restore map; the reference accepts only a null `prstInfo`.
   * @returns JET_errSuccess or a warning.
   * @throws as JetInit2.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetinit3-function
   */
  JetInit3(instance: JET_INSTANCE | null, prstInfo: null, grbit: number): Promise<number>;
  /**
   * Stops an instance cleanly: ends its sessions, writes its databases clean, writes a last
   * checkpoint and frees the handle. Same as JetTerm2 with JET_bitTermComplete.
   * @throws JET_errBackupInProgress: a streaming backup is running (JetTerm2 with JET_bitTermStopBackup stops it).
   * @throws JET_errTooManyActiveUsers: a session still has a transaction open.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetterm-function
   */
  JetTerm(instance: JET_INSTANCE): Promise<void>;
  /**
   * Stops an instance. `JET_bitTermComplete` needs every transaction closed; `JET_bitTermAbrupt` /
   * `JET_bitTermStopBackup` also cancel a running streaming backup; `JET_bitTermDirty` leaves the
   * databases for recovery.
   * @throws JET_errBackupInProgress: a backup runs and neither JET_bitTermStopBackup nor JET_bitTermAbrupt is set.
   * @throws JET_errTooManyActiveUsers: JET_bitTermComplete with a transaction open.
   * @throws JET_errInvalidParameter: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetterm2-function
   */
  JetTerm2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * JetStopServiceInstance for the legacy one-instance mode.
   * @throws JET_errRunningInMultiInstanceMode: instances were created with JetCreateInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetstopservice-function
   */
  JetStopService(): Promise<void>;
  /**
   * Prepares an instance for termination: later calls that would start new work fail with
   * JET_errClientRequestToStopJetService.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetstopserviceinstance-function
   */
  JetStopServiceInstance(instance: JET_INSTANCE): Promise<void>;
  /**
   * JetStopServiceInstance with options: `JET_bitStopServiceResume` lifts an earlier stop; the
   * background-task and cache bits are accepted.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetstopserviceinstance2-function
   */
  JetStopServiceInstance2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  /**
   * Lists the running instances with their attached databases (names as `szDatabaseFileName`).
   * @returns one JET_INSTANCE_INFO per running instance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetinstanceinfo-function
   */
  JetGetInstanceInfo(): Promise<JET_INSTANCE_INFO[]>;

  // ---- sessions and databases
  /**
   * Starts a session on a running instance. User name and password are ignored, as by esent.dll.
   * @returns the new session.
   * @throws JET_errNotInitialized: the instance is not running.
   * @throws JET_errOutOfSessions: JET_paramMaxSessions reached.
   * @throws JET_errClientRequestToStopJetService: after JetStopServiceInstance.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbeginsession-function
   */
  JetBeginSession(instance: JET_INSTANCE, szUserName: string | null, szPassword: string | null): Promise<JET_SESID>;
  /**
   * Ends a session, rolling back any open transaction and closing its tables and databases. `grbit`
   * must be 0.
   * @throws JET_errInvalidSesid: a stale or foreign session.
   * @throws JET_errInvalidGrbit: a non-zero grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetendsession-function
   */
  JetEndSession(sesid: JET_SESID, grbit: number): Promise<void>;
  /**
   * Creates a database file, attaches it and opens it for the session. Relative names resolve
   * against the reference's root.
   * @returns the database id, opened.
   * @throws JET_errDatabaseDuplicate: the file exists (without JET_bitDbOverwriteExisting) or is already attached.
   * @throws JET_errDatabaseInvalidPath: its folder is missing and JET_paramCreatePathIfNotExist is off.
   * @throws JET_errDatabaseSharingViolation: another instance has it attached.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreatedatabase-function
   */
  JetCreateDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID>;
  /**
   * JetCreateDatabase with a maximum size in pages (0: no limit).
   * @returns the database id, opened.
   * @throws as JetCreateDatabase.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreatedatabase2-function
   */
  JetCreateDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<JET_DBID>;
  /**
   * Attaches an existing database to the instance (it is then part of its log stream and its
   * backups); the session must still open it with JetOpenDatabase.
   * @returns JET_errSuccess, or JET_wrnDatabaseAttached when it already was.
   * @throws JET_errFileNotFound: no such file.
   * @throws JET_errDatabaseDirtyShutdown: the file was not shut down cleanly and needs recovery.
   * @throws JET_errDatabaseSharingViolation: another instance has it attached.
   * @throws JET_errBackupInProgress: a streaming backup is running.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetattachdatabase-function
   */
  JetAttachDatabase(sesid: JET_SESID, szFilename: string, grbit: number): Promise<number>;
  /**
   * JetAttachDatabase with a maximum size in pages (0: no limit).
   * @returns JET_errSuccess or JET_wrnDatabaseAttached.
   * @throws as JetAttachDatabase.
   * @throws JET_errInvalidParameter: a negative size.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetattachdatabase2-function
   */
  JetAttachDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<number>;
  /**
   * Writes a database clean and detaches it; null detaches every database of the instance.
   * @throws JET_errDatabaseNotFound: not attached.
   * @throws JET_errDatabaseInUse: a session still has it open.
   * @throws JET_errInTransaction: the session has a transaction open.
   * @throws JET_errBackupInProgress: a streaming backup is running.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetdetachdatabase-function
   */
  JetDetachDatabase(sesid: JET_SESID, szFilename: string | null): Promise<void>;
  /**
   * JetDetachDatabase with options (`JET_bitForceDetach`, `JET_bitForceCloseAndDetach`).
   * @throws as JetDetachDatabase.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetdetachdatabase2-function
   */
  JetDetachDatabase2(sesid: JET_SESID, szFilename: string | null, grbit: number): Promise<void>;
  /**
   * Opens an attached database for the session.
   * @returns the database id.
   * @throws JET_errDatabaseNotFound: not attached to this instance.
   * @throws JET_errDatabaseInUse: another session holds it with JET_bitDbExclusive.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetopendatabase-function
   */
  JetOpenDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID>;
  /**
   * Closes a database the session opened (the database stays attached).
   * @throws JET_errInvalidDatabaseId: not opened by this session.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetclosedatabase-function
   */
  JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: number): Promise<void>;
  /**
   * Reads facts from a database file's header without attaching it: `JET_DbInfoMisc` (state,
   * signatures, log positions, backup info), `JET_DbInfoPageSize`, `JET_DbInfoFilesize`.
   * @returns a JET_DBINFOMISC or a number, by info level.
   * @throws JET_errFileNotFound: no such file.
   * @throws JET_errInvalidParameter: an info level the reference does not support.
   * @throws JET_errDatabaseCorrupted, JET_errReadVerifyFailure: the header does not verify.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetdatabasefileinfo-function
   */
  JetGetDatabaseFileInfo(szDatabaseName: string, InfoLevel: number): Promise<JET_DBINFOMISC | number>;

  // ---- data definition
  /**
   * Creates an empty table in an open database and opens a cursor on it.
   * @returns a cursor on the new table.
   * @throws JET_errTableDuplicate: a table of that name exists.
   * @throws JET_errPermissionDenied: the database is read-only.
   * @throws JET_errDensityInvalid: a density outside 20..100 (0 is the default).
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreatetable-function
   */
  JetCreateTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, lPages: number, lDensity: number): Promise<JET_TABLEID>;
  /**
   * Creates a table with its columns and indexes in one call and opens a cursor on it.
   * @returns the cursor and the column ids and index errors (the C struct's out fields).
   * @throws as JetCreateTable.
   * @throws JET_errColumnDuplicate, JET_errIndexDuplicate, JET_errIndexInvalidDef: a bad column or index definition.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreatetablecolumnindex-function
   */
  JetCreateTableColumnIndex(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: JET_TABLECREATE): Promise<JET_TABLECREATE_RESULT>;
  /**
   * Adds a column to a table.
   * @returns the column id.
   * @throws JET_errColumnDuplicate: a column of that name exists.
   * @throws JET_errInvalidParameter: a bad definition (type, code page, default value).
   * @throws JET_errPermissionDenied: the database is read-only.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetaddcolumn-function
   */
  JetAddColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, pcolumndef: JET_COLUMNDEF, pvDefault: Uint8Array | null, cbDefault: number): Promise<JET_COLUMNID>;
  /**
   * Creates an index over existing records. `szKey` lists the key columns as `+col\0-col\0\0` (the
   * trailing double NUL may be omitted); `cbKey` is its length in characters.
   * @throws JET_errIndexDuplicate: an index of that name exists.
   * @throws JET_errIndexHasPrimary: a second primary index.
   * @throws JET_errKeyDuplicate: a unique index over duplicate values.
   * @throws JET_errInvalidParameter / JET_errIndexInvalidDef: a malformed key.
   * @throws JET_errDensityInvalid: a density outside 20..100.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcreateindex-function
   */
  JetCreateIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string, grbit: number, szKey: string, cbKey: number, lDensity: number): Promise<void>;
  /**
   * Deletes a table with its records and indexes.
   * @throws JET_errObjectNotFound: no such table.
   * @throws JET_errTableInUse: a cursor is still open on it.
   * @throws JET_errPermissionDenied: the database is read-only.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetdeletetable-function
   */
  JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string): Promise<void>;
  /**
   * Describes one column of an open table (`JET_ColInfo`, `JET_ColInfoByColid`).
   * @returns the column definition.
   * @throws JET_errColumnNotFound: no such column.
   * @throws JET_errInvalidParameter: an info level the reference does not support.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgettablecolumninfo-function
   */
  JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, InfoLevel: number): Promise<JET_COLUMNDEF_OUT>;

  // ---- cursors and records
  /**
   * Opens a cursor on a table, on its primary (or sequential) index before the first record.
   * @returns the new cursor.
   * @throws JET_errObjectNotFound: no such table.
   * @throws JET_errTableLocked / JET_errTableInUse: another cursor holds a deny-read or deny-write lock.
   * @throws JET_errOutOfCursors: JET_paramMaxCursors reached.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetopentable-function
   */
  JetOpenTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, pvParameters: Uint8Array | null, cbParameters: number, grbit: number): Promise<JET_TABLEID>;
  /**
   * Closes a cursor (an update it prepared is cancelled).
   * @throws JET_errInvalidTableId: a stale or foreign cursor.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetclosetable-function
   */
  JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void>;
  /**
   * Switches the cursor to another index (null: the primary one) and moves it to that index's first
   * entry, as JetSetCurrentIndex2 with JET_bitMoveFirst.
   * @throws JET_errIndexNotFound: no such index.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetsetcurrentindex-function
   */
  JetSetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null): Promise<void>;
  /**
   * Switches the cursor to another index, moving to its first entry (`JET_bitMoveFirst`) or staying
   * on the current record (`JET_bitNoMove`).
   * @throws JET_errIndexNotFound: no such index.
   * @throws JET_errNoCurrentRecord: JET_bitNoMove without a current record.
   * @throws JET_errInvalidGrbit: another grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetsetcurrentindex2-function
   */
  JetSetCurrentIndex2(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null, grbit: number): Promise<void>;
  /**
   * Starts a (nested) transaction on the session: its reads see a snapshot, its writes become
   * visible at the outermost commit.
   * @throws JET_errTransTooDeep: more than 7 levels.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbegintransaction-function
   */
  JetBeginTransaction(sesid: JET_SESID): Promise<void>;
  /**
   * JetBeginTransaction with options (`JET_bitTransactionReadOnly`: updates then fail with
   * JET_errTransReadOnly).
   * @throws JET_errTransTooDeep: more than 7 levels.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetbegintransaction2-function
   */
  JetBeginTransaction2(sesid: JET_SESID, grbit: number): Promise<void>;
  /**
   * Commits the innermost transaction. The outermost commit is durable when the call returns (the
   * log is fsync'd) unless `JET_bitCommitLazyFlush` asks for a lazy flush;
   * `JET_bitWaitLastLevel0Commit` / `JET_bitWaitAllLevel0Commit` flush earlier lazy commits.
   * @throws JET_errNotInTransaction: no transaction is open.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetcommittransaction-function
   */
  JetCommitTransaction(sesid: JET_SESID, grbit: number): Promise<void>;
  /**
   * Undoes the innermost transaction (all of them with `JET_bitRollbackAll`).
   * @throws JET_errNotInTransaction: no transaction is open.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetrollback-function
   */
  JetRollback(sesid: JET_SESID, grbit: number): Promise<void>;
  /**
   * Starts building a record: `JET_prepInsert`, `JET_prepReplace`, `JET_prepInsertCopy` (of the
   * current record) or `JET_prepCancel`.
   * @throws JET_errAlreadyPrepared: an update is already being built.
   * @throws JET_errNoCurrentRecord: replace or copy without a current record.
   * @throws JET_errWriteConflict: another session changed the record since this transaction began.
   * @throws JET_errNotInTransaction: JET_prepReplace outside a transaction.
   * @throws JET_errPermissionDenied: the table or database is read-only.
   * @throws JET_errUpdateNotPrepared: JET_prepCancel with nothing prepared.
   * @throws JET_errInvalidParameter: an unknown prep.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetprepareupdate-function
   */
  JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: number): Promise<void>;
  /**
   * Sets a column of the record being built (`pvData` null or `cbData` 0 with no grbit sets it
   * NULL).
   * @returns JET_errSuccess or a warning such as JET_wrnColumnMaxTruncated.
   * @throws JET_errUpdateNotPrepared: no JetPrepareUpdate.
   * @throws JET_errColumnNotFound: no such column.
   * @throws JET_errColumnTooBig: longer than the column allows.
   * @throws JET_errInvalidBufferSize: a fixed column given the wrong size.
   * @throws JET_errColumnNotUpdatable: an autoincrement column, or a key column on replace.
   * @throws JET_errMultiValuedDuplicate: a duplicate value with JET_bitSetUniqueMultiValues.
   * @throws JET_errInvalidGrbit / JET_errInvalidParameter: bad options.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetsetcolumn-function
   */
  JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: Uint8Array | null, cbData: number, grbit: number, psetinfo: JET_SETINFO | null): Promise<number>;
  /**
   * Writes the record built since JetPrepareUpdate into the table and its indexes.
   * @returns the bookmark of the record written.
   * @throws JET_errUpdateNotPrepared: nothing was prepared.
   * @throws JET_errKeyDuplicate: a unique index already has the key.
   * @throws JET_errNullInvalid / JET_errNullKeyDisallowed: a NOT NULL column or key column is NULL.
   * @throws JET_errRecordPrimaryChanged: a replace changed the primary key.
   * @throws JET_errWriteConflict: another session changed the record.
   * @throws JET_errTransReadOnly: a read-only transaction.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetupdate-function
   */
  JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer>;
  /**
   * Deletes the cursor's current record.
   * @throws JET_errNoCurrentRecord / JET_errRecordDeleted: nothing to delete.
   * @throws JET_errWriteConflict: another session changed the record.
   * @throws JET_errTransReadOnly, JET_errPermissionDenied: a read-only transaction or table.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetdelete-function
   */
  JetDelete(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void>;
  /**
   * Reads a column of the current record (or of the record being built with `JET_bitRetrieveCopy`),
   * at most `cbData` bytes.
   * @returns the bytes, the full size and JET_errSuccess, JET_wrnColumnNull or JET_wrnBufferTruncated.
   * @throws JET_errNoCurrentRecord: no current record.
   * @throws JET_errColumnNotFound: no such column.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetretrievecolumn-function
   */
  JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, cbData: number, grbit: number, pretinfo: JET_RETINFO | null): Promise<JetRetrieveColumnResult>;
  /**
   * Moves the cursor through the current index: `JET_MoveFirst`, `JET_MoveLast`, `JET_MoveNext`,
   * `JET_MovePrevious` or a count of entries.
   * @throws JET_errNoCurrentRecord: moved past either end (or the index range).
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetmove-function
   */
  JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: number, grbit: number): Promise<void>;
  /**
   * Adds a column value to the search key being built (`JET_bitNewKey` starts a new one).
   * @throws JET_errKeyNotMade: the first value without JET_bitNewKey.
   * @throws JET_errKeyIsMade: more values than the index has columns.
   * @throws JET_errInvalidBufferSize: a fixed-size value of the wrong size.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetmakekey-function
   */
  JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: Uint8Array | null, cbData: number, grbit: number): Promise<void>;
  /**
   * Positions the cursor on the index entry matching the search key (`JET_bitSeekEQ`,
   * `JET_bitSeekGE`, `JET_bitSeekLE`, ...).
   * @returns JET_errSuccess, or JET_wrnSeekNotEqual for an inequality seek that landed on another key.
   * @throws JET_errKeyNotMade: no search key.
   * @throws JET_errRecordNotFound: no entry satisfies the seek.
   * @throws JET_errInvalidGrbit: no or several seek bits.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetseek-function
   */
  JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<number>;
  /**
   * Limits the cursor to the entries up to (or down to) the search key; `JET_bitRangeRemove` lifts
   * the limit.
   * @throws JET_errKeyNotMade: no search key.
   * @throws JET_errNoCurrentRecord: the current entry is already outside the range.
   * @throws JET_errInvalidOperation / JET_errInvalidGrbit: a bad combination.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetsetindexrange-function
   */
  JetSetIndexRange(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<void>;
  /**
   * Counts the entries from the current one forward (within an index range), at most `crecMax` (0:
   * no limit).
   * @returns the count.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetindexrecordcount-function
   */
  JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, crecMax: number): Promise<number>;
  /**
   * Returns the normalized key of the current entry, or of the search key being built with
   * `JET_bitRetrieveCopy`.
   * @returns the key bytes.
   * @throws JET_errNoCurrentRecord: no current entry.
   * @throws JET_errKeyNotMade: JET_bitRetrieveCopy without a search key.
   * @throws JET_errInvalidGrbit: an unknown grbit.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetretrievekey-function
   */
  JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, cbMax: number, grbit: number): Promise<Buffer>;
  /**
   * Names the cursor's current index.
   * @returns the index name, or null for the implicit sequential index of a table without a primary index.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetcurrentindex-function
   */
  JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID): Promise<string | null>;
  /**
   * Returns the bookmark of the current record (its primary key, normalized).
   * @returns the bookmark.
   * @throws JET_errNoCurrentRecord: no current record.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgetbookmark-function
   */
  JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer>;
  /**
   * Moves the cursor to the record a bookmark names.
   * @throws JET_errRecordDeleted / JET_errNoCurrentRecord: the record is gone.
   * @throws JET_errInvalidParameter: an empty bookmark.
   * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetgotobookmark-function
   */
  JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: Uint8Array, cbBookmark: number): Promise<void>;
}
