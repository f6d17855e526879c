// fhcfg.h: IFhConfigMgr, IFhTarget, IFhScopeIterator. spec: filehistory/IFh*.md, SEMANTICS.md §3.
// COM out-parameters are return values; a failed HRESULT is thrown as an HResultError.
import type {
  FH_BACKUP_STATUS,
  FH_DEVICE_VALIDATION_RESULT,
  FH_LOCAL_POLICY_TYPE,
  FH_PROTECTED_ITEM_CATEGORY,
  FH_TARGET_PROPERTY_TYPE,
} from './enums.js';

/** spec: filehistory/IFhScopeIterator.md */
export interface IFhScopeIterator {
  /** Throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND) past the last item or on an empty list. */
  MoveToNextItem(): Promise<void>;
  /** The current rule: a folder path, a library name, or `*` and a KNOWNFOLDERID. */
  GetItem(): Promise<string>;
}

/** spec: filehistory/IFhTarget.md */
export interface IFhTarget {
  /** FH_TARGET_NAME or FH_TARGET_URL. */
  GetStringProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<string>;
  /** FH_TARGET_DRIVE_TYPE only; returns an FH_TARGET_DRIVE_TYPES value. */
  GetNumericalProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<bigint>;
}

/** QueryProtectionStatus's two out-parameters. */
export interface FhProtectionStatus {
  /** An FH_STATE_* value, possibly ORed with FH_STATE_RUNNING (0x100). */
  readonly ProtectionState: number;
  /** Locale-formatted time up to which files are protected; empty when unknown. */
  readonly ProtectedUntilTime: string;
}

/** spec: filehistory/IFhConfigMgr.md (methods in vtable order). */
export interface IFhConfigMgr {
  LoadConfiguration(): Promise<void>;
  CreateDefaultConfiguration(OverwriteIfExists: boolean): Promise<void>;
  SaveConfiguration(): Promise<void>;
  AddRemoveExcludeRule(Add: boolean, Category: FH_PROTECTED_ITEM_CATEGORY, Item: string): Promise<void>;
  GetIncludeExcludeRules(Include: boolean, Category: FH_PROTECTED_ITEM_CATEGORY): Promise<IFhScopeIterator>;
  GetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE): Promise<bigint>;
  SetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE, PolicyValue: bigint): Promise<void>;
  GetBackupStatus(): Promise<FH_BACKUP_STATUS>;
  SetBackupStatus(BackupStatus: FH_BACKUP_STATUS): Promise<void>;
  /** Throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND) when no target is assigned. */
  GetDefaultTarget(): Promise<IFhTarget>;
  ValidateTarget(TargetUrl: string): Promise<FH_DEVICE_VALIDATION_RESULT>;
  ProvisionAndSetNewTarget(TargetUrl: string, TargetName: string): Promise<void>;
  ChangeDefaultTargetRecommendation(Recommend: boolean): Promise<void>;
  QueryProtectionStatus(): Promise<FhProtectionStatus>;
}
