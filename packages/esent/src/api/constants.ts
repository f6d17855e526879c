// Win32 constants of esent.h with their exact values (spec: JET_GRBIT.md, JET_COLTYP.md,
// SystemParameters.md, SEMANTICS.md §0). Grbits are unsigned 32-bit values.

// ---- system parameters (JetSetSystemParameter / JetGetSystemParameter)
export const JET_paramSystemPath = 0;
export const JET_paramTempPath = 1;
export const JET_paramLogFilePath = 2;
export const JET_paramBaseName = 3;
export const JET_paramEventSource = 4;
export const JET_paramMaxSessions = 5;
export const JET_paramMaxOpenTables = 6;
export const JET_paramPreferredMaxOpenTables = 7;
export const JET_paramMaxCursors = 8;
export const JET_paramMaxVerPages = 9;
export const JET_paramMaxTemporaryTables = 10;
export const JET_paramLogFileSize = 11;
export const JET_paramLogBuffers = 12;
export const JET_paramWaitLogFlush = 13;
export const JET_paramLogCheckpointPeriod = 14;
export const JET_paramLogWaitingUserMax = 15;
export const JET_paramCommitDefault = 16;
export const JET_paramCircularLog = 17;
export const JET_paramDbExtensionSize = 18;
export const JET_paramPageTempDBMin = 19;
export const JET_paramPageFragment = 20;
export const JET_paramCacheSizeMax = 23;
export const JET_paramCheckpointDepthMax = 24;
export const JET_paramRecovery = 34;
export const JET_paramEnableOnlineDefrag = 35;
export const JET_paramCacheSize = 41;
export const JET_paramEnableIndexChecking = 45;
export const JET_paramDeleteOldLogs = 48;
export const JET_paramNoInformationEvent = 50;
export const JET_paramEventLoggingLevel = 51;
export const JET_paramDeleteOutOfRangeLogs = 52;
export const JET_paramEnableIndexCleanup = 54;
export const JET_paramCacheSizeMin = 60;
export const JET_paramDatabasePageSize = 64;
export const JET_paramCleanupMismatchedLogFiles = 77;
export const JET_paramOSSnapshotTimeout = 82;
export const JET_paramExceptionAction = 98;
export const JET_paramCreatePathIfNotExist = 100;
export const JET_paramOneDatabasePerSession = 102;
export const JET_paramMaxInstances = 104;
export const JET_paramLegacyFileNames = 136;

// ---- JetCreateInstance2 / JetInit2 / JetInit3
export const JET_bitReplayIgnoreMissingDB = 0x4;
export const JET_bitRecoveryWithoutUndo = 0x8;
export const JET_bitTruncateLogsAfterRecovery = 0x10;
export const JET_bitReplayMissingMapEntryDB = 0x20;
export const JET_bitLogStreamMustExist = 0x40;

// ---- JetTerm2 (spec: JetTerm2.md)
export const JET_bitTermComplete = 0x1;
export const JET_bitTermAbrupt = 0x2;
export const JET_bitTermStopBackup = 0x4;
export const JET_bitTermDirty = 0x8;

// ---- JetStopServiceInstance2 (SEMANTICS.md §0)
export const JET_bitStopServiceAll = 0x0;
export const JET_bitStopServiceBackgroundUserTasks = 0x2;
export const JET_bitStopServiceQuiesceCaches = 0x4;
export const JET_bitStopServiceResume = 0x80000000;

// ---- JetEndSession
export const JET_bitForceSessionClosed = 0x1;

// ---- databases (JetCreateDatabase, JetAttachDatabase, JetOpenDatabase)
export const JET_bitDbReadOnly = 0x1;
export const JET_bitDbExclusive = 0x2;
export const JET_bitDbRecoveryOff = 0x8;
export const JET_bitDbDeleteCorruptIndexes = 0x10;
export const JET_bitDbShadowingOff = 0x80;
export const JET_bitDbOverwriteExisting = 0x200;
export const JET_bitDbUpgrade = 0x200;
export const JET_bitDbDeleteUnicodeIndexes = 0x400;

// ---- JetGetDatabaseFileInfo info levels
export const JET_DbInfoFilename = 0;
export const JET_DbInfoConnect = 1;
export const JET_DbInfoCountry = 2;
export const JET_DbInfoLCID = 3;
export const JET_DbInfoOptions = 6;
export const JET_DbInfoTransactions = 7;
export const JET_DbInfoVersion = 8;
export const JET_DbInfoFilesize = 10;
export const JET_DbInfoSpaceOwned = 11;
export const JET_DbInfoSpaceAvailable = 12;
export const JET_DbInfoMisc = 14;
export const JET_DbInfoDBInUse = 15;
export const JET_DbInfoPageSize = 17;
export const JET_DbInfoFileType = 19;

// ---- JET_DBINFOMISC.dbstate
export const JET_dbstateJustCreated = 1;
export const JET_dbstateDirtyShutdown = 2;
export const JET_dbstateCleanShutdown = 3;
export const JET_dbstateBeingConverted = 4;
export const JET_dbstateForceDetach = 5;

// ---- tables (JetOpenTable)
export const JET_bitTableDenyWrite = 0x1;
export const JET_bitTableDenyRead = 0x2;
export const JET_bitTableReadOnly = 0x4;
export const JET_bitTableUpdatable = 0x8;
export const JET_bitTablePermitDDL = 0x10;
export const JET_bitTableNoCache = 0x20;
export const JET_bitTablePreread = 0x40;
export const JET_bitTableSequential = 0x8000;

// ---- column types (spec: JET_COLTYP.md)
export const JET_coltypNil = 0;
export const JET_coltypBit = 1;
export const JET_coltypUnsignedByte = 2;
export const JET_coltypShort = 3;
export const JET_coltypLong = 4;
export const JET_coltypCurrency = 5;
export const JET_coltypIEEESingle = 6;
export const JET_coltypIEEEDouble = 7;
export const JET_coltypDateTime = 8;
export const JET_coltypBinary = 9;
export const JET_coltypText = 10;
export const JET_coltypLongBinary = 11;
export const JET_coltypLongText = 12;
export const JET_coltypUnsignedLong = 14;
export const JET_coltypLongLong = 15;
export const JET_coltypGUID = 16;
export const JET_coltypUnsignedShort = 17;

// ---- column grbits (JET_COLUMNDEF.grbit)
export const JET_bitColumnFixed = 0x1;
export const JET_bitColumnTagged = 0x2;
export const JET_bitColumnNotNULL = 0x4;
export const JET_bitColumnVersion = 0x8;
export const JET_bitColumnAutoincrement = 0x10;
export const JET_bitColumnUpdatable = 0x20;
export const JET_bitColumnMultiValued = 0x400;
export const JET_bitColumnEscrowUpdate = 0x800;
export const JET_bitColumnUnversioned = 0x1000;
export const JET_bitColumnMaybeNull = 0x2000;
export const JET_bitColumnFinalize = 0x4000;
export const JET_bitColumnUserDefinedDefault = 0x8000;
export const JET_bitColumnDeleteOnZero = 0x20000;

// ---- code pages for text columns
export const JET_cpUnicode = 1200;
export const JET_cpANSI = 1252;

// ---- JetGetTableColumnInfo / JetGetColumnInfo info levels
export const JET_ColInfo = 0;
export const JET_ColInfoByColid = 6;

// ---- index grbits (JetCreateIndex, JET_INDEXCREATE)
export const JET_bitIndexUnique = 0x1;
export const JET_bitIndexPrimary = 0x2;
export const JET_bitIndexDisallowNull = 0x4;
export const JET_bitIndexIgnoreNull = 0x8;
export const JET_bitIndexIgnoreAnyNull = 0x20;
export const JET_bitIndexIgnoreFirstNull = 0x40;
export const JET_bitIndexLazyFlush = 0x80;
export const JET_bitIndexEmpty = 0x100;
export const JET_bitIndexUnversioned = 0x200;
export const JET_bitIndexSortNullsHigh = 0x400;
export const JET_bitIndexUnicode = 0x800;
export const JET_bitIndexTuples = 0x1000;
export const JET_bitIndexTupleLimits = 0x2000;
export const JET_bitIndexCrossProduct = 0x4000;
export const JET_bitIndexKeyMost = 0x8000;
export const JET_bitIndexDisallowTruncation = 0x10000;

/** Longest normalized key (legacy JET_cbKeyMost) and most key segments per index. */
export const JET_cbKeyMost = 255;
export const JET_ccolKeyMost = 12;

// ---- transactions
export const JET_bitTransactionReadOnly = 0x1;
export const JET_bitCommitLazyFlush = 0x1;
export const JET_bitWaitLastLevel0Commit = 0x2;
export const JET_bitWaitAllLevel0Commit = 0x8;
export const JET_bitForceNewLog = 0x10;
export const JET_bitRollbackAll = 0x1;

// ---- JetPrepareUpdate
export const JET_prepInsert = 0;
export const JET_prepReplace = 2;
export const JET_prepCancel = 3;
export const JET_prepReplaceNoLock = 4;
export const JET_prepInsertCopy = 5;
export const JET_prepInsertCopyDeleteOriginal = 7;

// ---- JetSetColumn
export const JET_bitSetAppendLV = 0x1;
export const JET_bitSetOverwriteLV = 0x4;
export const JET_bitSetSizeLV = 0x8;
export const JET_bitSetZeroLength = 0x20;
export const JET_bitSetSeparateLV = 0x40;
export const JET_bitSetUniqueMultiValues = 0x80;
export const JET_bitSetUniqueNormalizedMultiValues = 0x100;
export const JET_bitSetRevertToDefaultValue = 0x200;
export const JET_bitSetIntrinsicLV = 0x400;

// ---- JetRetrieveColumn
export const JET_bitRetrieveCopy = 0x1;
export const JET_bitRetrieveFromIndex = 0x2;
export const JET_bitRetrieveFromPrimaryBookmark = 0x4;
export const JET_bitRetrieveTag = 0x8;
export const JET_bitRetrieveNull = 0x10;
export const JET_bitRetrieveIgnoreDefault = 0x20;

// ---- JetMakeKey
export const JET_bitNewKey = 0x1;
export const JET_bitStrLimit = 0x2;
export const JET_bitSubStrLimit = 0x4;
export const JET_bitNormalizedKey = 0x8;
export const JET_bitKeyDataZeroLength = 0x10;
export const JET_bitFullColumnStartLimit = 0x100;
export const JET_bitFullColumnEndLimit = 0x200;
export const JET_bitPartialColumnStartLimit = 0x400;
export const JET_bitPartialColumnEndLimit = 0x800;

// ---- JetSeek
export const JET_bitSeekEQ = 0x1;
export const JET_bitSeekLT = 0x2;
export const JET_bitSeekLE = 0x4;
export const JET_bitSeekGE = 0x8;
export const JET_bitSeekGT = 0x10;
export const JET_bitSetIndexRange = 0x20;
export const JET_bitCheckUniqueness = 0x40;

// ---- JetSetIndexRange
export const JET_bitRangeInclusive = 0x1;
export const JET_bitRangeUpperLimit = 0x2;
export const JET_bitRangeInstantDuration = 0x4;
export const JET_bitRangeRemove = 0x8;

// ---- JetSetCurrentIndex2
export const JET_bitMoveFirst = 0x0;
export const JET_bitNoMove = 0x2;

// ---- JetMove
export const JET_MoveFirst = 0x80000000 | 0; // -2147483648 as the signed long cRow
export const JET_MovePrevious = -1;
export const JET_MoveNext = 1;
export const JET_MoveLast = 0x7fffffff;
export const JET_bitMoveKeyNE = 0x1;

// ---- backup (SEMANTICS.md §0); implemented by the backup module
export const JET_bitBackupIncremental = 0x1;
export const JET_bitBackupAtomic = 0x4;
export const JET_bitBackupSnapshot = 0x10;
export const JET_bitBackupEndNormal = 0x1;
export const JET_bitBackupEndAbort = 0x2;
export const JET_bitBackupTruncateDone = 0x100;
export const JET_bitIncrementalSnapshot = 0x1;
export const JET_bitCopySnapshot = 0x2;
export const JET_bitContinueAfterThaw = 0x4;
export const JET_bitExplicitPrepare = 0x8;
export const JET_bitAllDatabasesSnapshot = 0x1;
export const JET_bitAbortSnapshot = 0x1;

/** Deepest transaction nesting ESE allows (JET_errTransTooDeep past it). */
export const JET_levelMax = 7;
