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

export interface EsentApi extends EsentBackupApi {
  // ---- instances (spec: JetCreateInstance.md ... JetTerm2.md)
  JetCreateInstance(szInstanceName: string | null): Promise<JET_INSTANCE>;
  JetCreateInstance2(szInstanceName: string | null, szDisplayName: string | null, grbit: number): Promise<JET_INSTANCE>;
  JetEnableMultiInstance(psetsysparam: readonly JET_SETSYSPARAM[] | null, csetsysparam: number): Promise<number>;
  /** instance null = the global/legacy defaults (or the one instance in one-instance mode). */
  JetSetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, lParam: number, szParam: string | null): Promise<void>;
  JetGetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, cbMax: number): Promise<JetGetSystemParameterResult>;
  /** Legacy form: null starts one-instance mode (instance 0). Returns the warning code or JET_errSuccess. */
  JetInit(instance: JET_INSTANCE | null): Promise<number>;
  JetInit2(instance: JET_INSTANCE | null, grbit: number): Promise<number>;
  JetInit3(instance: JET_INSTANCE | null, prstInfo: null, grbit: number): Promise<number>;
  JetTerm(instance: JET_INSTANCE): Promise<void>;
  JetTerm2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  JetStopService(): Promise<void>;
  JetStopServiceInstance(instance: JET_INSTANCE): Promise<void>;
  JetStopServiceInstance2(instance: JET_INSTANCE, grbit: number): Promise<void>;
  JetGetInstanceInfo(): Promise<JET_INSTANCE_INFO[]>;

  // ---- sessions and databases
  JetBeginSession(instance: JET_INSTANCE, szUserName: string | null, szPassword: string | null): Promise<JET_SESID>;
  JetEndSession(sesid: JET_SESID, grbit: number): Promise<void>;
  JetCreateDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID>;
  JetCreateDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<JET_DBID>;
  /** Returns JET_errSuccess or JET_wrnDatabaseAttached. */
  JetAttachDatabase(sesid: JET_SESID, szFilename: string, grbit: number): Promise<number>;
  JetAttachDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<number>;
  /** szFilename null detaches every database the instance has attached. */
  JetDetachDatabase(sesid: JET_SESID, szFilename: string | null): Promise<void>;
  JetDetachDatabase2(sesid: JET_SESID, szFilename: string | null, grbit: number): Promise<void>;
  JetOpenDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID>;
  JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: number): Promise<void>;
  /** JET_DbInfoMisc gives a JET_DBINFOMISC; JET_DbInfoPageSize / JET_DbInfoFilesize a number. */
  JetGetDatabaseFileInfo(szDatabaseName: string, InfoLevel: number): Promise<JET_DBINFOMISC | number>;

  // ---- data definition
  JetCreateTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, lPages: number, lDensity: number): Promise<JET_TABLEID>;
  JetCreateTableColumnIndex(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: JET_TABLECREATE): Promise<JET_TABLECREATE_RESULT>;
  JetAddColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, pcolumndef: JET_COLUMNDEF, pvDefault: Uint8Array | null, cbDefault: number): Promise<JET_COLUMNID>;
  /** szKey: "+col\0-col\0\0" (the trailing double NUL may be omitted); cbKey is its length in characters. */
  JetCreateIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string, grbit: number, szKey: string, cbKey: number, lDensity: number): Promise<void>;
  JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string): Promise<void>;
  JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, InfoLevel: number): Promise<JET_COLUMNDEF_OUT>;

  // ---- cursors and records
  JetOpenTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, pvParameters: Uint8Array | null, cbParameters: number, grbit: number): Promise<JET_TABLEID>;
  JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void>;
  /** Moves to the first entry of the index (JetSetCurrentIndex2 with JET_bitMoveFirst). */
  JetSetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null): Promise<void>;
  /** JET_bitMoveFirst or JET_bitNoMove (stay on the current record). */
  JetSetCurrentIndex2(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null, grbit: number): Promise<void>;
  JetBeginTransaction(sesid: JET_SESID): Promise<void>;
  JetBeginTransaction2(sesid: JET_SESID, grbit: number): Promise<void>;
  JetCommitTransaction(sesid: JET_SESID, grbit: number): Promise<void>;
  JetRollback(sesid: JET_SESID, grbit: number): Promise<void>;
  JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: number): Promise<void>;
  /** Returns JET_errSuccess or a warning. */
  JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: Uint8Array | null, cbData: number, grbit: number, psetinfo: JET_SETINFO | null): Promise<number>;
  /** Returns the bookmark of the inserted/replaced record (the pvBookmark out-parameter). */
  JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer>;
  JetDelete(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void>;
  JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, cbData: number, grbit: number, pretinfo: JET_RETINFO | null): Promise<JetRetrieveColumnResult>;
  JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: number, grbit: number): Promise<void>;
  JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: Uint8Array | null, cbData: number, grbit: number): Promise<void>;
  /** Returns JET_errSuccess or JET_wrnSeekNotEqual (inequality seeks). */
  JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<number>;
  JetSetIndexRange(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<void>;
  /** Entries from the current one forward (within an index range), at most crecMax (0: no limit). */
  JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, crecMax: number): Promise<number>;
  /** The normalized key of the current entry, or of the search key being built with JET_bitRetrieveCopy. */
  JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, cbMax: number, grbit: number): Promise<Buffer>;
  /** The name of the current index (null for the implicit sequential index of a table without a primary index). */
  JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID): Promise<string | null>;
  JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer>;
  JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: Uint8Array, cbBookmark: number): Promise<void>;
}
