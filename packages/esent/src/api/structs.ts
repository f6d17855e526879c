// Structures of esent.h, with the Win32 field names (spec: JET_*.md pages).
import type { JET_COLUMNID, JET_INSTANCE, JET_TABLEID } from './handles.js';

/** spec: JET_LOGTIME.md. bYear is years since 1900; bFiller2 carries fOSSnapshot in JET_BKLOGTIME. */
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

/** spec: JET_BKLOGTIME.md. */
export interface JET_BKLOGTIME extends JET_LOGTIME {
  readonly fOSSnapshot: boolean;
}

/** spec: JET_LGPOS.md: a position in the log stream. */
export interface JET_LGPOS {
  readonly ib: number;
  readonly isec: number;
  readonly lGeneration: number;
}

/** spec: JET_SIGNATURE.md. */
export interface JET_SIGNATURE {
  readonly ulRandom: number;
  readonly logtimeCreate: JET_LOGTIME;
  readonly szComputerName: string;
}

/** spec: JET_BKINFO.md: what a database header records about a backup. */
export interface JET_BKINFO {
  readonly lgposMark: JET_LGPOS;
  readonly bklogtimeMark: JET_BKLOGTIME;
  readonly genLow: number;
  readonly genHigh: number;
}

/** spec: JET_LOGINFO.md. */
export interface JET_LOGINFO {
  readonly cbSize: number;
  readonly ulGenLow: number;
  readonly ulGenHigh: number;
  readonly szBaseName: string;
}

/** spec: JET_INSTANCE_INFO.md (szDatabaseSLVFileName is obsolete and omitted). */
export interface JET_INSTANCE_INFO {
  readonly hInstanceId: JET_INSTANCE;
  readonly szInstanceName: string | null;
  readonly cDatabases: number;
  readonly szDatabaseFileName: readonly string[];
  readonly szDatabaseDisplayName: readonly (string | null)[];
}

/** spec: JET_RSTMAP.md. */
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

/** spec: JET_COLUMNDEF.md. */
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

/** spec: JetCreateTableColumnIndex.md (JET_COLUMNCREATE). */
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

/** spec: JetCreateTableColumnIndex.md (JET_TABLECREATE). */
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
