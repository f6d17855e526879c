// Structures of esent.h, with the Win32 field names (spec: JET_*.md pages).
import type { JET_COLUMNID, JET_INSTANCE, JET_TABLEID } from './handles.js';

/**
 * A time stamp in a database or log header. bYear is years since 1900; bFiller2 carries fOSSnapshot in JET_BKLOGTIME.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-logtime-structure
 */
export interface JET_LOGTIME {
  readonly bSeconds: number;
  readonly bMinutes: number;
  readonly bHours: number;
  readonly bDay: number;
  readonly bMonth: number;
  readonly bYear: number;
  readonly bFiller1: number;
  readonly bFiller2: number;
}

/**
 * The time of a backup as a database header records it (JET_LOGTIME with the OS-snapshot flag).
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-bklogtime-structure
 */
export interface JET_BKLOGTIME extends JET_LOGTIME {
  readonly fOSSnapshot: boolean;
}

/**
 * A position in the log stream: generation, sector and byte offset.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-lgpos-structure
 */
export interface JET_LGPOS {
  readonly ib: number;
  readonly isec: number;
  readonly lGeneration: number;
}

/**
 * The identity of a database or a log stream: a random number, a creation time and a computer name.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-signature-structure
 */
export interface JET_SIGNATURE {
  readonly ulRandom: number;
  readonly logtimeCreate: JET_LOGTIME;
  readonly szComputerName: string;
}

/**
 * What a database header records about a backup: its log position, time and log range.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-bkinfo-structure
 */
export interface JET_BKINFO {
  readonly lgposMark: JET_LGPOS;
  readonly bklogtimeMark: JET_BKLOGTIME;
  readonly genLow: number;
  readonly genHigh: number;
}

/**
 * The log range and base name of a streaming backup (from JetGetLogInfoInstance2), as a restore needs them.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-loginfo-structure
 */
export interface JET_LOGINFO {
  readonly cbSize: number;
  readonly ulGenLow: number;
  readonly ulGenHigh: number;
  readonly szBaseName: string;
}

/**
 * A running instance with its attached databases (szDatabaseSLVFileName is obsolete and omitted).
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-instance-info-structure
 */
export interface JET_INSTANCE_INFO {
  readonly hInstanceId: JET_INSTANCE;
  readonly szInstanceName: string | null;
  readonly cDatabases: number;
  readonly szDatabaseFileName: readonly string[];
  readonly szDatabaseDisplayName: readonly (string | null)[];
}

/**
 * Where a restore puts a database: the name it had when it was backed up, and its new name.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-rstmap-structure
 */
export interface JET_RSTMAP {
  readonly szDatabaseName: string;
  readonly szNewDatabaseName: string;
}

/** JET_DBINFOMISC (JetGetDatabaseFileInfo with JET_DbInfoMisc): the header fields backup tools read. */
export interface JET_DBINFOMISC {
  readonly ulVersion: number;
  readonly ulUpdate: number;
  readonly signDb: JET_SIGNATURE;
  /** JET_dbstateJustCreated / DirtyShutdown / CleanShutdown. */
  readonly dbstate: number;
  readonly lgposConsistent: JET_LGPOS;
  readonly logtimeConsistent: JET_LOGTIME;
  readonly logtimeAttach: JET_LOGTIME;
  readonly lgposAttach: JET_LGPOS;
  readonly logtimeDetach: JET_LOGTIME;
  readonly lgposDetach: JET_LGPOS;
  readonly signLog: JET_SIGNATURE;
  readonly bkinfoFullPrev: JET_BKINFO;
  readonly bkinfoIncPrev: JET_BKINFO;
  readonly bkinfoFullCur: JET_BKINFO;
  readonly fShadowingDisabled: boolean;
  readonly fUpgradeDb: boolean;
  readonly dwMajorVersion: number;
  readonly dwMinorVersion: number;
  readonly dwBuildNumber: number;
  readonly lSPNumber: number;
  readonly cbPageSize: number;
  /** Oldest and newest log generations needed to make the database consistent (0 when clean). */
  readonly genMinRequired: number;
  readonly genMaxRequired: number;
}

/**
 * A column definition: type, code page, maximum length and options.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-columndef-structure
 */
export interface JET_COLUMNDEF {
  readonly cbStruct?: number;
  readonly columnid?: JET_COLUMNID;
  readonly coltyp: number;
  readonly wCountry?: number;
  readonly langid?: number;
  readonly cp?: number;
  readonly wCollate?: number;
  readonly cbMax?: number;
  readonly grbit?: number;
}

/** JET_COLUMNDEF as the engine reports it (JetGetTableColumnInfo). */
export interface JET_COLUMNDEF_OUT {
  readonly cbStruct: number;
  readonly columnid: JET_COLUMNID;
  readonly coltyp: number;
  readonly wCountry: number;
  readonly langid: number;
  readonly cp: number;
  readonly wCollate: number;
  readonly cbMax: number;
  readonly grbit: number;
}

/**
 * One column of a JetCreateTableColumnIndex call (JET_COLUMNCREATE).
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-columncreate-structure
 */
export interface JET_COLUMNCREATE {
  readonly szColumnName: string;
  readonly coltyp: number;
  readonly cbMax?: number;
  readonly grbit?: number;
  readonly pvDefault?: Uint8Array | null;
  readonly cp?: number;
}

/** JET_INDEXCREATE: szKey is the "+col\0-col\0\0" key description. */
export interface JET_INDEXCREATE {
  readonly szIndexName: string;
  readonly szKey: string;
  readonly grbit?: number;
  readonly ulDensity?: number;
}

/**
 * The table, columns and indexes of a JetCreateTableColumnIndex call (JET_TABLECREATE).
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-tablecreate-structure
 */
export interface JET_TABLECREATE {
  readonly szTableName: string;
  readonly szTemplateTableName?: string | null;
  readonly ulPages?: number;
  readonly ulDensity?: number;
  readonly rgcolumncreate?: readonly JET_COLUMNCREATE[];
  readonly rgindexcreate?: readonly JET_INDEXCREATE[];
  readonly grbit?: number;
}

/** The out-fields JetCreateTableColumnIndex fills in. */
export interface JET_TABLECREATE_RESULT {
  readonly tableid: JET_TABLEID;
  readonly cCreated: number;
  /** JET_COLUMNCREATE.columnid for each entry of rgcolumncreate, in order. */
  readonly rgcolumnid: readonly JET_COLUMNID[];
}

/** JET_RETINFO for JetRetrieveColumn. */
export interface JET_RETINFO {
  readonly ibLongValue?: number;
  readonly itagSequence?: number;
}

/** JET_SETINFO for JetSetColumn. */
export interface JET_SETINFO {
  readonly ibLongValue?: number;
  readonly itagSequence?: number;
}

/** JetRetrieveColumn's out-parameters and its return code (Success, JET_wrnColumnNull, JET_wrnBufferTruncated). */
export interface JetRetrieveColumnResult {
  readonly err: number;
  /** The bytes copied (at most cbData), or null when the column is NULL. */
  readonly pvData: Buffer | null;
  /** The full size of the value. */
  readonly cbActual: number;
}

/** JET_SETSYSPARAM for JetEnableMultiInstance. */
export interface JET_SETSYSPARAM {
  readonly paramid: number;
  readonly lParam?: number;
  readonly sz?: string | null;
}

/** JetGetSystemParameter's out-parameters. */
export interface JetGetSystemParameterResult {
  readonly plParam: number;
  readonly szParam: string | null;
}
