// fhcfg.h enumerations with their Windows values.
// spec: filehistory/FH_*.md and SEMANTICS.md §3 (numbers checked against the SDK metadata).

/**
 * What an inclusion or exclusion rule names: a folder or a library.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_protected_item_category
 */
export const FH_PROTECTED_ITEM_CATEGORY = {
  FH_FOLDER: 0,
  FH_LIBRARY: 1,
  MAX_PROTECTED_ITEM_CATEGORY: 2,
} as const;
export type FH_PROTECTED_ITEM_CATEGORY = (typeof FH_PROTECTED_ITEM_CATEGORY)[keyof typeof FH_PROTECTED_ITEM_CATEGORY];
export const FH_FOLDER = 0;
export const FH_LIBRARY = 1;
export const MAX_PROTECTED_ITEM_CATEGORY = 2;

/**
 * The local policies of IFhConfigMgr::GetLocalPolicy / SetLocalPolicy.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_local_policy_type
 */
export const FH_LOCAL_POLICY_TYPE = {
  FH_FREQUENCY: 0,
  FH_RETENTION_TYPE: 1,
  FH_RETENTION_AGE: 2,
  MAX_LOCAL_POLICY: 3,
} as const;
export type FH_LOCAL_POLICY_TYPE = (typeof FH_LOCAL_POLICY_TYPE)[keyof typeof FH_LOCAL_POLICY_TYPE];
export const FH_FREQUENCY = 0;
export const FH_RETENTION_TYPE = 1;
export const FH_RETENTION_AGE = 2;
export const MAX_LOCAL_POLICY = 3;

/**
 * How long File History keeps versions (the FH_RETENTION_TYPE policy).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_retention_types
 */
export const FH_RETENTION_TYPES = {
  FH_RETENTION_DISABLED: 0,
  FH_RETENTION_UNLIMITED: 1,
  FH_RETENTION_AGE_BASED: 2,
  MAX_RETENTION_TYPE: 3,
} as const;
export type FH_RETENTION_TYPES = (typeof FH_RETENTION_TYPES)[keyof typeof FH_RETENTION_TYPES];
export const FH_RETENTION_DISABLED = 0;
export const FH_RETENTION_UNLIMITED = 1;
export const FH_RETENTION_AGE_BASED = 2;
export const MAX_RETENTION_TYPE = 3;

/**
 * Whether File History is enabled for the user.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_backup_status
 */
export const FH_BACKUP_STATUS = {
  FH_STATUS_DISABLED: 0,
  FH_STATUS_DISABLED_BY_GP: 1,
  FH_STATUS_ENABLED: 2,
  FH_STATUS_REHYDRATING: 3,
  MAX_BACKUP_STATUS: 4,
} as const;
export type FH_BACKUP_STATUS = (typeof FH_BACKUP_STATUS)[keyof typeof FH_BACKUP_STATUS];
export const FH_STATUS_DISABLED = 0;
export const FH_STATUS_DISABLED_BY_GP = 1;
export const FH_STATUS_ENABLED = 2;
export const FH_STATUS_REHYDRATING = 3;
export const MAX_BACKUP_STATUS = 4;

/**
 * The properties of a backup target (IFhTarget).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_target_property_type
 */
export const FH_TARGET_PROPERTY_TYPE = {
  FH_TARGET_NAME: 0,
  FH_TARGET_URL: 1,
  FH_TARGET_DRIVE_TYPE: 2,
  MAX_TARGET_PROPERTY: 3,
} as const;
export type FH_TARGET_PROPERTY_TYPE = (typeof FH_TARGET_PROPERTY_TYPE)[keyof typeof FH_TARGET_PROPERTY_TYPE];
export const FH_TARGET_NAME = 0;
export const FH_TARGET_URL = 1;
export const FH_TARGET_DRIVE_TYPE = 2;
export const MAX_TARGET_PROPERTY = 3;

/**
 * The drive type of a backup target (1 is not used: the values follow GetDriveType).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_target_drive_types
 */
export const FH_TARGET_DRIVE_TYPES = {
  FH_DRIVE_UNKNOWN: 0,
  FH_DRIVE_REMOVABLE: 2,
  FH_DRIVE_FIXED: 3,
  FH_DRIVE_REMOTE: 4,
} as const;
export type FH_TARGET_DRIVE_TYPES = (typeof FH_TARGET_DRIVE_TYPES)[keyof typeof FH_TARGET_DRIVE_TYPES];
export const FH_DRIVE_UNKNOWN = 0;
export const FH_DRIVE_REMOVABLE = 2;
export const FH_DRIVE_FIXED = 3;
export const FH_DRIVE_REMOTE = 4;

/**
 * What IFhConfigMgr::ValidateTarget says about a folder.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/ne-fhcfg-fh_device_validation_result
 */
export const FH_DEVICE_VALIDATION_RESULT = {
  FH_ACCESS_DENIED: 0,
  FH_INVALID_DRIVE_TYPE: 1,
  FH_READ_ONLY_PERMISSION: 2,
  FH_CURRENT_DEFAULT: 3,
  FH_NAMESPACE_EXISTS: 4,
  FH_TARGET_PART_OF_LIBRARY: 5,
  FH_VALID_TARGET: 6,
  MAX_VALIDATION_RESULT: 7,
} as const;
export type FH_DEVICE_VALIDATION_RESULT = (typeof FH_DEVICE_VALIDATION_RESULT)[keyof typeof FH_DEVICE_VALIDATION_RESULT];
export const FH_ACCESS_DENIED = 0;
export const FH_INVALID_DRIVE_TYPE = 1;
export const FH_READ_ONLY_PERMISSION = 2;
export const FH_CURRENT_DEFAULT = 3;
export const FH_NAMESPACE_EXISTS = 4;
export const FH_TARGET_PART_OF_LIBRARY = 5;
export const FH_VALID_TARGET = 6;
export const MAX_VALIDATION_RESULT = 7;

/** FhSvcCtl.h, "for telemetry": why a cycle ended early (Windows documents no page for it). */
export const FhBackupStopReason = {
  BackupInvalidStopReason: 0,
  BackupLimitUserBusyMachineOnAC: 1,
  BackupLimitUserIdleMachineOnDC: 2,
  BackupLimitUserBusyMachineOnDC: 3,
  BackupCancelled: 4,
} as const;
export type FhBackupStopReason = (typeof FhBackupStopReason)[keyof typeof FhBackupStopReason];
