// Small enumerations of vss.h / vswriter.h with their Windows values.
// spec: vss/VSS_BACKUP_TYPE.md, vss/VSS_OBJECT_TYPE.md, vss/VSS_SNAPSHOT_STATE.md, SEMANTICS.md §5

export const VSS_BT_UNDEFINED = 0;
export const VSS_BT_FULL = 1;
export const VSS_BT_INCREMENTAL = 2;
export const VSS_BT_DIFFERENTIAL = 3;
export const VSS_BT_LOG = 4;
export const VSS_BT_COPY = 5;
export const VSS_BT_OTHER = 6;
export type VSS_BACKUP_TYPE = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export const VSS_OBJECT_UNKNOWN = 0;
export const VSS_OBJECT_NONE = 1;
export const VSS_OBJECT_SNAPSHOT_SET = 2;
export const VSS_OBJECT_SNAPSHOT = 3;
export const VSS_OBJECT_PROVIDER = 4;
export const VSS_OBJECT_TYPE_COUNT = 5;
export type VSS_OBJECT_TYPE = 0 | 1 | 2 | 3 | 4 | 5;

export const VSS_SS_UNKNOWN = 0;
export const VSS_SS_PREPARING = 1;
export const VSS_SS_PROCESSING_PREPARE = 2;
export const VSS_SS_PREPARED = 3;
export const VSS_SS_PROCESSING_PRECOMMIT = 4;
export const VSS_SS_PRECOMMITTED = 5;
export const VSS_SS_PROCESSING_COMMIT = 6;
export const VSS_SS_COMMITTED = 7;
export const VSS_SS_PROCESSING_POSTCOMMIT = 8;
export const VSS_SS_PROCESSING_PREFINALCOMMIT = 9;
export const VSS_SS_PREFINALCOMMITTED = 10;
export const VSS_SS_PROCESSING_POSTFINALCOMMIT = 11;
export const VSS_SS_CREATED = 12;
export const VSS_SS_ABORTED = 13;
export const VSS_SS_DELETED = 14;
export const VSS_SS_POSTCOMMITTED = 15;
export const VSS_SS_COUNT = 16;
export type VSS_SNAPSHOT_STATE = number;

export const VSS_PROV_UNKNOWN = 0;
export const VSS_PROV_SYSTEM = 1;
export const VSS_PROV_SOFTWARE = 2;
export const VSS_PROV_HARDWARE = 3;
export const VSS_PROV_FILESHARE = 4;
export type VSS_PROVIDER_TYPE = 0 | 1 | 2 | 3 | 4;

/** CVssWriter::Subscribe dwEventFlags (VSS_SUBSCRIBE_MASK). */
export const VSS_SM_POST_SNAPSHOT_FLAG = 0x00000001;
export const VSS_SM_BACKUP_EVENTS_FLAG = 0x00000002;
export const VSS_SM_RESTORE_EVENTS_FLAG = 0x00000004;
export const VSS_SM_IO_THROTTLING_FLAG = 0x00000008;
export const VSS_SM_ALL_FLAGS = 0xffffffff;

/** IVssAsync::Wait default. */
export const INFINITE = 0xffffffff;
