// Writer-side enumerations (vss.h, vswriter.h) with their Windows values.
// spec: vss/VSS_WRITER_STATE.md, SEMANTICS.md §4

export const VSS_WS_UNKNOWN = 0;
export const VSS_WS_STABLE = 1;
export const VSS_WS_WAITING_FOR_FREEZE = 2;
export const VSS_WS_WAITING_FOR_THAW = 3;
export const VSS_WS_WAITING_FOR_POST_SNAPSHOT = 4;
export const VSS_WS_WAITING_FOR_BACKUP_COMPLETE = 5;
export const VSS_WS_FAILED_AT_IDENTIFY = 6;
export const VSS_WS_FAILED_AT_PREPARE_BACKUP = 7;
export const VSS_WS_FAILED_AT_PREPARE_SNAPSHOT = 8;
export const VSS_WS_FAILED_AT_FREEZE = 9;
export const VSS_WS_FAILED_AT_THAW = 10;
export const VSS_WS_FAILED_AT_POST_SNAPSHOT = 11;
export const VSS_WS_FAILED_AT_BACKUP_COMPLETE = 12;
export const VSS_WS_FAILED_AT_PRE_RESTORE = 13;
export const VSS_WS_FAILED_AT_POST_RESTORE = 14;
export const VSS_WS_FAILED_AT_BACKUPSHUTDOWN = 15;
export const VSS_WS_COUNT = 16;
export type VSS_WRITER_STATE = number;

export const VSS_UT_UNDEFINED = 0;
export const VSS_UT_BOOTABLESYSTEMSTATE = 1;
export const VSS_UT_SYSTEMSERVICE = 2;
export const VSS_UT_USERDATA = 3;
export const VSS_UT_OTHER = 4;
export type VSS_USAGE_TYPE = 0 | 1 | 2 | 3 | 4;

export const VSS_ST_UNDEFINED = 0;
export const VSS_ST_TRANSACTEDDB = 1;
export const VSS_ST_NONTRANSACTEDDB = 2;
export const VSS_ST_OTHER = 3;
export type VSS_SOURCE_TYPE = 0 | 1 | 2 | 3;

/** Freeze order: front end first, then back end, then system (CVssWriter::Initialize nLevel). */
export const VSS_APP_UNKNOWN = 0;
export const VSS_APP_SYSTEM = 1;
export const VSS_APP_BACK_END = 2;
export const VSS_APP_FRONT_END = 3;
export const VSS_APP_SYSTEM_RM = 4;
export const VSS_APP_AUTO = -1;
export type VSS_APPLICATION_LEVEL = -1 | 0 | 1 | 2 | 3 | 4;

export const VSS_AWS_UNDEFINED = 0;
export const VSS_AWS_NO_ALTERNATE_WRITER = 1;
export const VSS_AWS_ALTERNATE_WRITER_EXISTS = 2;
export const VSS_AWS_THIS_IS_ALTERNATE_WRITER = 3;
export type VSS_ALTERNATE_WRITER_STATE = 0 | 1 | 2 | 3;

export const VSS_CT_UNDEFINED = 0;
export const VSS_CT_DATABASE = 1;
export const VSS_CT_FILEGROUP = 2;
export type VSS_COMPONENT_TYPE = 0 | 1 | 2;

export const VSS_RME_UNDEFINED = 0;
export const VSS_RME_RESTORE_IF_NOT_THERE = 1;
export const VSS_RME_RESTORE_IF_CAN_REPLACE = 2;
export const VSS_RME_STOP_RESTORE_START = 3;
export const VSS_RME_RESTORE_TO_ALTERNATE_LOCATION = 4;
export const VSS_RME_RESTORE_AT_REBOOT = 5;
export const VSS_RME_RESTORE_AT_REBOOT_IF_CANNOT_REPLACE = 6;
export const VSS_RME_CUSTOM = 7;
export const VSS_RME_RESTORE_STOP_START = 8;
export type VSS_RESTOREMETHOD_ENUM = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export const VSS_WRE_UNDEFINED = 0;
export const VSS_WRE_NEVER = 1;
export const VSS_WRE_IF_REPLACE_FAILS = 2;
export const VSS_WRE_ALWAYS = 3;
export type VSS_WRITERRESTORE_ENUM = 0 | 1 | 2 | 3;

/** VSS_FILE_SPEC_BACKUP_TYPE bits; the default mask of a file descriptor is all of them. */
export const VSS_FSBT_FULL_BACKUP_REQUIRED = 0x1;
export const VSS_FSBT_DIFFERENTIAL_BACKUP_REQUIRED = 0x2;
export const VSS_FSBT_INCREMENTAL_BACKUP_REQUIRED = 0x4;
export const VSS_FSBT_LOG_BACKUP_REQUIRED = 0x8;
export const VSS_FSBT_FULL_SNAPSHOT_REQUIRED = 0x100;
export const VSS_FSBT_DIFFERENTIAL_SNAPSHOT_REQUIRED = 0x200;
export const VSS_FSBT_INCREMENTAL_SNAPSHOT_REQUIRED = 0x400;
export const VSS_FSBT_LOG_SNAPSHOT_REQUIRED = 0x800;
export const VSS_FSBT_ALL_BACKUP_REQUIRED = 0xf;
export const VSS_FSBT_ALL_SNAPSHOT_REQUIRED = 0xf00;

/** VSS_BACKUP_SCHEMA bits for SetBackupSchema (VSS_BS_UNDEFINED = no optional backup types). */
export const VSS_BS_UNDEFINED = 0;
export const VSS_BS_DIFFERENTIAL = 0x1;
export const VSS_BS_INCREMENTAL = 0x2;
export const VSS_BS_EXCLUSIVE_INCREMENTAL_DIFFERENTIAL = 0x4;
export const VSS_BS_LOG = 0x8;
export const VSS_BS_COPY = 0x10;
export const VSS_BS_TIMESTAMPED = 0x20;
